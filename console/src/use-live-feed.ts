import { useEffect, useRef, useState } from 'react';
import { graphqlWsUrl, reportUnauthenticated } from './api/http';
import { STAGE_CHANGED } from './api/queries';
import type { StageEvent } from './api/types';
import { LiveState, startLiveFeed } from './live-feed';

/**
 * stageChanged with `filter`, from now on (or after `resumeAfter`), resumed without a gap after
 * drops. A new filter (by value) starts over from now; unmounting disposes the connection. Not
 * `enabled`, it waits (the board first loads the recent past, to go on after its newest cursor).
 */
export function useStageFeed(token: string, filter: Record<string, string | undefined>, onEvent: (event: StageEvent) => void, resumeAfter?: string | null, enabled = true): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const resumeRef = useRef(resumeAfter);
  resumeRef.current = resumeAfter;
  const tokenRef = useRef(token);
  tokenRef.current = token;
  // absent keys rather than nulls: the hub's filter is an input object
  const clean = Object.fromEntries(Object.entries(filter).filter(([, v]) => v));
  const key = JSON.stringify(clean);

  useEffect(() => {
    if (!enabled) return;
    const feed = startLiveFeed<StageEvent>({
      url: graphqlWsUrl(),
      token: () => tokenRef.current,
      query: STAGE_CHANGED,
      variables: { filter: JSON.parse(key) as Record<string, string> },
      // read once per filter: later events move the feed's own cursor
      after: resumeRef.current ?? null,
      field: 'stageChanged',
      onEvent: (event) => handler.current(event),
      onState: setState,
      // an expired or refused token: back to sign-in rather than resubscribing with it forever
      onUnauthenticated: reportUnauthenticated,
    });
    return () => feed.dispose();
  }, [key, enabled]);

  return state;
}
