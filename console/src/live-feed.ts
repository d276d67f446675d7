import { Client, createClient } from 'graphql-ws';
import { AUTHENTICATION_CODES } from './api/http';
import { operationPayload } from './api/operations';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

export interface LiveFeedOptions<T extends { id: string; cursor: string }> {
  url: string;
  /** read at every (re)subscription, so a renewed token is used */
  token: () => string;
  query: string;
  /** the subscription's variables other than `after` */
  variables: Record<string, unknown>;
  /** resume after this cursor (a feed shown before); null: from now */
  after?: string | null;
  /** the name of the subscription field in `data` */
  field: string;
  onEvent(event: T): void;
  onState(state: LiveState): void;
  /** why the connection or the subscription failed (for display; the feed resumes by itself) */
  onProblem?(problem: unknown): void;
  /**
   * The hub refused the token (expired, invalid, none): the feed stops rather than subscribe again
   * with the same token, and the app sends the user back to sign-in. (A token renewed meanwhile is
   * used to resume at once.)
   */
  onUnauthenticated?(problem: unknown): void;
  /** the wait before subscribing again: first, doubled per failure up to max (default 1 s, 10 s) */
  retry?: { firstDelayMs: number; maxDelayMs: number };
}

export interface LiveFeed {
  dispose(): void;
}

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 10_000;
// a connection that stayed up this long is healthy again: the next failure starts over at 1 s
const STABLE_AFTER_MS = 5_000;
const SEEN_LIMIT = 5_000;

interface GraphQLResult {
  data?: Record<string, unknown> | null;
  errors?: readonly { message?: string; extensions?: { code?: unknown } }[];
}

/**
 * A stageChanged subscription that resumes without a gap.
 *
 * graphql-ws's own retry would subscribe again with the variables it started with (after: null
 * or an old cursor): events between the drop and the new subscription would be lost, or replayed.
 * So the client never retries (retryAttempts 0, and a socket closed even "normally" ends the
 * attempt), and this loop subscribes again on a fresh client with `after` = the cursor of the last
 * event received; the hub replays what was missed, then goes on live. Events are de-duplicated
 * by record id in case an edge is replayed twice.
 */
export function startLiveFeed<T extends { id: string; cursor: string }>(opts: LiveFeedOptions<T>): LiveFeed {
  let lastCursor: string | null = opts.after ?? null;
  const seen = new Set<string>();
  let disposed = false;
  let failures = 0;
  // bumped on every attempt and failure, so that callbacks of an abandoned client are ignored
  let generation = 0;
  let current: { client: Client; unsubscribe: () => void } | undefined;
  // the token of the current attempt
  let token = '';
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let stableTimer: ReturnType<typeof setTimeout> | undefined;

  const teardown = () => {
    clearTimeout(stableTimer);
    const attempt = current;
    current = undefined;
    if (!attempt) return;
    attempt.unsubscribe();
    void Promise.resolve(attempt.client.dispose()).catch(() => undefined);
  };

  const remember = (id: string) => {
    seen.add(id);
    if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value as string);
  };

  const fail = (gen: number, problem: unknown) => {
    if (disposed || gen !== generation) return;
    generation++;
    teardown();
    opts.onProblem?.(problem);
    if (isAuthenticationRefusal(problem) && opts.token() === token) {
      disposed = true;
      opts.onUnauthenticated?.(problem);
      return;
    }
    if (isInvalidCursor(problem)) lastCursor = null;
    opts.onState('reconnecting');
    const { firstDelayMs, maxDelayMs } = opts.retry ?? { firstDelayMs: FIRST_DELAY_MS, maxDelayMs: MAX_DELAY_MS };
    const delay = Math.min(firstDelayMs * 2 ** failures, maxDelayMs);
    failures++;
    retryTimer = setTimeout(attempt, delay);
  };

  const attempt = () => {
    if (disposed) return;
    const gen = ++generation;
    token = opts.token();
    const client = createClient({
      url: opts.url,
      connectionParams: { token },
      lazy: true,
      retryAttempts: 0,
      on: {
        connected: () => {
          if (gen !== generation) return;
          opts.onState('live');
          stableTimer = setTimeout(() => {
            if (gen === generation) failures = 0;
          }, STABLE_AFTER_MS);
        },
        // these listeners run before the client's own, so the client is disposed before it
        // could decide to resubscribe by itself (it does after a 1000 close)
        closed: (event) => fail(gen, event),
      },
    });
    const unsubscribe = client.subscribe<Record<string, unknown>>(
      operationPayload(opts.query, { ...opts.variables, after: lastCursor }),
      {
        next: (result: GraphQLResult) => {
          if (gen !== generation) return;
          // SUBGRAPH_UNAVAILABLE, SUBSCRIBER_TOO_SLOW, TOKEN_EXPIRED...: the hub ends the stream; resume by cursor
          if (result.errors?.length) return fail(gen, result.errors);
          const event = result.data?.[opts.field] as T | null | undefined;
          if (!event) return;
          // a replayed event leaves the resume point where the newest one put it
          if (seen.has(event.id)) return;
          lastCursor = event.cursor;
          remember(event.id);
          opts.onEvent(event);
        },
        error: (error) => fail(gen, error),
        // the stream never ends by itself: a completion means the server went away
        complete: () => fail(gen, new Error('The subscription ended')),
      },
    );
    current = { client, unsubscribe };
  };

  opts.onState('connecting');
  attempt();
  return {
    dispose() {
      disposed = true;
      generation++;
      clearTimeout(retryTimer);
      teardown();
    },
  };
}

function isInvalidCursor(problem: unknown): boolean {
  return Array.isArray(problem) && problem.some((e: { extensions?: { code?: unknown } }) => e?.extensions?.code === 'INVALID_CURSOR');
}

function isAuthenticationRefusal(problem: unknown): boolean {
  return Array.isArray(problem) && problem.some((e: { extensions?: { code?: unknown } }) => AUTHENTICATION_CODES.includes(e?.extensions?.code as string));
}
