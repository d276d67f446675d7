import type { StageEvent } from '../api/types';
import type { BoardFilter } from './filters';

/**
 * The board as it was left, so that coming back from a request's page shows the same feed and
 * resumes after its last event instead of starting from now. Per token: a new sign-in starts empty.
 */
export interface BoardSnapshot {
  token: string;
  filter: BoardFilter;
  events: StageEvent[];
  /** cursor of the last event received (not only of those kept) */
  cursor: string | null;
}

let snapshot: BoardSnapshot | undefined;

export function savedBoard(token: string): BoardSnapshot | undefined {
  return snapshot?.token === token ? snapshot : undefined;
}

export function saveBoard(next: BoardSnapshot): void {
  snapshot = next;
}

export function forgetBoard(): void {
  snapshot = undefined;
}
