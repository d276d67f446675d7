import { Client } from 'graphql-ws';

export const STAGE_CHANGED = `
  subscription Changes($filter: StageChangeFilter, $after: String) {
    stageChanged(filter: $filter, after: $after) { cursor stage application { id number } }
  }`;

export interface StageChange {
  cursor: string;
  stage: string;
  application: { id: string; number: string };
}

const live = new Set<ResumingSubscriber>();

/** Stops every subscriber still resubscribing (a test that failed half-way leaves them running). */
export function stopAllSubscribers(): void {
  for (const subscriber of [...live]) subscriber.stop();
}

/**
 * A subscriber as a client should be written: it keeps the cursor of the last event it received,
 * and whenever its subscription ends (the gateway says the subgraph is unavailable, or the stream
 * completes) it subscribes again with stageChanged(after: that cursor), until stopped.
 */
export class ResumingSubscriber {
  readonly events: StageChange[] = [];
  /** the codes of the errors that came without an event (the end of a subscription) */
  readonly interruptions: string[] = [];
  /** the codes of the errors that came with an event, by its cursor */
  readonly eventErrors = new Map<string, string[]>();
  /** how many times it subscribed again with its cursor */
  resumed = 0;
  private stopped = false;
  private generation = 0;
  private unsubscribe?: () => void;
  private waiters: { check: () => boolean; resolve: () => void }[] = [];

  constructor(private readonly client: Client, private readonly filter: Record<string, unknown>, private readonly retryMs = 250) {}

  get lastCursor(): string | undefined {
    return this.events.at(-1)?.cursor;
  }

  start(): void {
    live.add(this);
    this.subscribe(undefined);
  }

  stop(): void {
    this.stopped = true;
    live.delete(this);
    this.unsubscribe?.();
  }

  /** Waits (bounded) until the check passes on the events received. */
  until(check: (events: StageChange[]) => boolean, timeoutMs = 30_000, what = 'events'): Promise<void> {
    if (check(this.events)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = { check: () => check(this.events), resolve: () => { clearTimeout(timer); resolve(); } };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`${what}: not there in ${timeoutMs} ms (${this.events.length} events, last ${this.lastCursor}, interruptions ${JSON.stringify(this.interruptions)})`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Leaves its subscription at once, as a client whose connection dropped, and subscribes again after its last cursor. */
  drop(): void {
    if (this.stopped) return;
    this.generation++;
    this.unsubscribe?.();
    this.resumed++;
    this.subscribe(this.lastCursor);
  }

  private subscribe(after: string | undefined): void {
    const generation = this.generation;
    let ended = false;
    const end = (code: string | undefined) => {
      if (generation !== this.generation) return;
      if (ended) return;
      ended = true;
      if (code) this.interruptions.push(code);
      if (this.stopped) return;
      setTimeout(() => {
        // dropped in the meantime: drop() has subscribed again already, and a second would repeat every event
        if (this.stopped || generation !== this.generation) return;
        this.resumed++;
        this.subscribe(this.lastCursor);
      }, this.retryMs);
    };
    this.unsubscribe = this.client.subscribe<{ stageChanged: StageChange | null }>(
      { query: STAGE_CHANGED, variables: { filter: this.filter, after } },
      {
        next: (result) => {
          if (generation !== this.generation) return; // a dropped subscription's last words: the new one brings them again
          const event = result.data?.stageChanged;
          const codes = (result.errors ?? []).map((e) => String(e.extensions?.code ?? e.message));
          if (event) {
            this.events.push(event);
            if (codes.length) this.eventErrors.set(event.cursor, codes);
            for (const w of [...this.waiters]) if (w.check()) { this.waiters.splice(this.waiters.indexOf(w), 1); w.resolve(); }
          } else if (codes.length) {
            this.interruptions.push(...codes);
          }
        },
        error: (error) => end(Array.isArray(error) ? String(error[0]?.extensions?.code ?? 'ERROR') : 'CONNECTION_ERROR'),
        complete: () => end(undefined),
      },
    );
  }
}

/**
 * Until a subscription is in place, an event may go before it: makes reports (through `report`,
 * which answers with the report's cursor) until every subscriber has received one of them.
 */
export async function untilSubscribed(subscribers: ResumingSubscriber[], report: () => Promise<string>, timeoutMs = 30_000): Promise<void> {
  const sent = new Set<string>();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    sent.add(await report());
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (subscribers.every((s) => s.events.some((e) => sent.has(e.cursor)))) return;
    if (Date.now() > deadline) throw new Error(`subscriptions not in place in ${timeoutMs} ms`);
  }
}
