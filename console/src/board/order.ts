/** By the hub's receipt, newest first: a late report of an old stage is news, so it goes on top, not among the old ones. */
export const newestReceivedFirst = <T extends { receivedAt: string }>(events: T[]): T[] =>
  [...events].sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt));
