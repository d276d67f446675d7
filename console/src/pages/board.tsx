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
import { useStageFeed } from '../use-live-feed';

const MAX_ITEMS = 200;
const NO_FILTER: BoardFilter = { serviceCode: '', providerBin: '', overdueOnly: false };

/** The contact centre's board: every stage change as it happens, and a search. */
export function BoardPage() {
  const { t } = useLang();
  const { session } = useApp();
  const [saved] = useState(() => savedBoard(session.token));
  const [filter, setFilter] = useState<BoardFilter>(saved?.filter ?? NO_FILTER);
  const [events, setEvents] = useState<StageEvent[]>(saved?.events ?? []);
  const cursor = useRef<string | null>(saved?.cursor ?? null);
  // only the first subscription resumes; a filter change starts from now
  const [resumeAfter, setResumeAfter] = useState<string | null>(saved?.cursor ?? null);

  const filterRef = useRef(filter);
  filterRef.current = filter;
  const onEvent = useCallback((event: StageEvent) => {
    // the previous subscription may deliver one more event before the new filter's replaces it
    const f = filterRef.current;
    if ((f.serviceCode && event.application.service.code !== f.serviceCode) || (f.providerBin && event.providerBin !== f.providerBin)) return;
    cursor.current = event.cursor;
    setEvents((current) => (current.some((e) => e.id === event.id) ? current : [event, ...current].slice(0, MAX_ITEMS)));
  }, []);
  const live = useStageFeed(session.token, { serviceCode: filter.serviceCode, providerBin: filter.providerBin }, onEvent, resumeAfter);

  const eventsRef = useRef(events);
  eventsRef.current = events;
  const token = session.token;
  useEffect(() => () => {
    // not after a sign-out (the session is gone by the time the board unmounts)
    if (loadSession()?.token === token) saveBoard({ token, filter: filterRef.current, events: eventsRef.current, cursor: cursor.current });
  }, [token]);

  const changeFilter = (next: BoardFilter) => {
    // a new server-side filter starts from now: the old events would not match it
    if (next.serviceCode !== filter.serviceCode || next.providerBin !== filter.providerBin) {
      setEvents([]);
      cursor.current = null;
      setResumeAfter(null);
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
