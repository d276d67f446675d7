import { useCallback, useEffect, useRef, useState } from 'react';
import type { StageEvent } from '../api/types';
import { useApp } from '../app-context';
import { savedBoard, saveBoard } from '../board/board-store';
import { BoardFilter, BoardFilters } from '../board/filters';
import { Feed } from '../board/feed';
import { Search } from '../board/search';
import { LiveStatus } from '../components/live-status';
import { useLang } from '../lang';
import { loadSession } from '../session';
import { recentStageEvents } from '../stage-reports';
import { useStageFeed } from '../use-live-feed';

const MAX_ITEMS = 200;
/** how much of the recent past a fresh board shows before going live */
const RECENT = 50;
const NO_FILTER: BoardFilter = { serviceCode: '', providerBin: '', overdueOnly: false };

/** The contact centre's board: every stage change as it happens, and a search. */
export function BoardPage() {
  const { t } = useLang();
  const { session } = useApp();
  const [saved] = useState(() => savedBoard(session.token));
  const [filter, setFilter] = useState<BoardFilter>(saved?.filter ?? NO_FILTER);
  const [events, setEvents] = useState<StageEvent[]>(saved?.events ?? []);
  const cursor = useRef<string | null>(saved?.cursor ?? null);
  // a board shown before resumes after its cursor; a fresh one (or a new filter) first loads the
  // recent past and goes live after the newest of it, so nothing falls between the two
  const [resumeAfter, setResumeAfter] = useState<string | null>(saved?.cursor ?? null);
  const [loadingRecent, setLoadingRecent] = useState(!saved);

  const filterRef = useRef(filter);
  filterRef.current = filter;
  const onEvent = useCallback((event: StageEvent) => {
    // the previous subscription may deliver one more event before the new filter's replaces it
    const f = filterRef.current;
    if ((f.serviceCode && event.application.service.code !== f.serviceCode) || (f.providerBin && event.providerBin !== f.providerBin)) return;
    cursor.current = event.cursor;
    setEvents((current) => (current.some((e) => e.id === event.id) ? current : [event, ...current].slice(0, MAX_ITEMS)));
  }, []);
  const serverFilter = { serviceCode: filter.serviceCode || undefined, providerBin: filter.providerBin || undefined };
  const live = useStageFeed(session.token, serverFilter, onEvent, resumeAfter, !loadingRecent);

  const serverKey = JSON.stringify(serverFilter);
  useEffect(() => {
    if (!loadingRecent) return;
    let cancelled = false;
    const done = (recent: StageEvent[]) => {
      if (cancelled) return;
      setEvents(recent);
      cursor.current = recent[0]?.cursor ?? null;
      setResumeAfter(cursor.current);
      setLoadingRecent(false);
    };
    // without the past (the query failed) the board still goes live from now
    recentStageEvents(session.token, JSON.parse(serverKey), RECENT).then(done, () => done([]));
    return () => { cancelled = true; };
  }, [loadingRecent, serverKey, session.token]);

  const eventsRef = useRef(events);
  eventsRef.current = events;
  const token = session.token;
  useEffect(() => () => {
    // not after a sign-out (the session is gone by the time the board unmounts)
    if (loadSession()?.token === token) saveBoard({ token, filter: filterRef.current, events: eventsRef.current, cursor: cursor.current });
  }, [token]);

  const changeFilter = (next: BoardFilter) => {
    // a new server-side filter starts over with its own recent past: the old events would not match it
    if (next.serviceCode !== filter.serviceCode || next.providerBin !== filter.providerBin) {
      setEvents([]);
      cursor.current = null;
      setResumeAfter(null);
      setLoadingRecent(true);
    }
    setFilter(next);
  };
  const shown = filter.overdueOnly ? events.filter((e) => e.application.overdue.isOverdue) : events;

  return (
    <main className="page board">
      <section className="card feed-card" aria-labelledby="board-title">
        <div className="card-head">
          <h1 id="board-title">{t('boardTitle')}</h1>
          <LiveStatus state={live} />
        </div>
        <BoardFilters value={filter} onChange={changeFilter} />
        <Feed events={shown} hidden={events.length - shown.length} />
      </section>
      <Search />
    </main>
  );
}
