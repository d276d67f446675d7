import { DataSource } from 'typeorm';
import { ErrorCode, hubError } from '../../platform/errors';
import { isUuid } from '../../platform/ids';
import { cursorOf, loadEvents, StageEvent, StageEventBus } from './stage-events';
import { parseCursor } from './stage.service';

export interface StageEventFilter {
  applicationId?: string;
  recipientIin?: string;
  serviceCode?: string;
  providerBin?: string;
}

/**
 * A subscription that cannot go on (refused at the start, too slow, its database away) ends with
 * one last event carrying the coded error: thrown from the stream instead, graphql-ws would close
 * the socket with the error's raw text, and the gateway would pass that text on uncoded.
 */
export interface Refusal { refused: unknown }

/** The filter as given, checked: an application is named by its id. */
export function checkedFilter(filter: StageEventFilter): StageEventFilter {
  if (filter.applicationId && !isUuid(filter.applicationId)) throw hubError(ErrorCode.InvalidArgument, 'filter.applicationId must be an application\'s id', 'filter.applicationId');
  return filter;
}

export function matches(filter: StageEventFilter, event: StageEvent): boolean {
  return (!filter.applicationId || filter.applicationId === event.record.applicationId)
    && (!filter.recipientIin || filter.recipientIin === event.recipientIin)
    && (!filter.serviceCode || filter.serviceCode === event.serviceCode)
    && (!filter.providerBin || filter.providerBin === event.record.providerBin);
}

const active = new WeakMap<StageEventBus, number>();

/** Subscribers of a bus now (qyzmet_active_subscriptions of the statuses instance that owns it). */
export function activeSubscriptions(bus: StageEventBus): number {
  return active.get(bus) ?? 0;
}

/** A subscriber that falls this far behind is disconnected rather than allowed to grow without bound. */
const MAX_BUFFERED = 10_000;

/**
 * Stage changes for one subscriber: with a cursor, first every matching event after it from the
 * database, then live ones; events are deduplicated by position (cursor), so none is lost or
 * repeated across the switch from catching up to live: both read only settled events, in position
 * order, so the live stream never brings one before the catch-up's last that the catch-up lacked.
 */
export function stageChanges(dataSource: DataSource, bus: StageEventBus, filter: StageEventFilter, after?: string): AsyncGenerator<StageEvent | Refusal> {
  const control: Control = { closed: false };
  const events = follow(dataSource, bus, filter, after, control);
  // a subscriber that leaves while waiting for the next event: an async generator takes return()
  // only at a yield, so without this it would stay subscribed until a matching event arrived
  const finish = events.return.bind(events);
  events.return = (value) => {
    control.closed = true;
    control.wake?.();
    return finish(value);
  };
  return events;
}

interface Control { closed: boolean; wake?: () => void }

async function* follow(dataSource: DataSource, bus: StageEventBus, filter: StageEventFilter, after: string | undefined, control: Control): AsyncGenerator<StageEvent | Refusal> {
  const buffered: StageEvent[] = [];
  let overflowed = false;
  // subscribe and read the bus position in the same tick (no await between): no event falls between
  const unsubscribe = bus.subscribe((event) => {
    if (!matches(filter, event)) return;
    if (buffered.length >= MAX_BUFFERED) overflowed = true;
    else buffered.push(event);
    control.wake?.();
  });
  active.set(bus, activeSubscriptions(bus) + 1);
  try {
    let last = BigInt(after !== undefined ? parseCursor(after) : bus.position);
    if (after !== undefined) {
      for (;;) {
        const page = await loadEvents(dataSource, last.toString(), 500, filter);
        for (const event of page) {
          last = BigInt(cursorOf(event.record));
          yield event;
        }
        if (page.length < 500) break;
      }
    }
    for (;;) {
      if (overflowed) throw hubError(ErrorCode.SubscriberTooSlow, 'This subscriber fell too far behind; resubscribe with the cursor of the last event received');
      while (buffered.length) {
        const event = buffered.shift()!;
        const position = BigInt(cursorOf(event.record));
        if (position <= last) continue;
        last = position;
        yield event;
      }
      if (control.closed) return;
      await new Promise<void>((resolve) => { control.wake = resolve; });
      control.wake = undefined;
      if (control.closed) return;
    }
  } catch (error) {
    yield { refused: error };
  } finally {
    unsubscribe();
    active.set(bus, activeSubscriptions(bus) - 1);
  }
}
