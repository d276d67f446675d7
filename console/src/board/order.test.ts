import { newestReceivedFirst } from './order';

describe("the board's order", () => {
  it('puts the report received last on top, even when the stage it reports happened long ago', () => {
    const events = [
      { id: 'new-stage', occurredAt: '2026-11-20T10:00:00+05:00', receivedAt: '2026-11-20T10:00:05+05:00' },
      { id: 'late-report', occurredAt: '2024-03-01T10:00:00+05:00', receivedAt: '2026-11-21T09:00:00+05:00' },
      { id: 'older', occurredAt: '2026-11-19T10:00:00+05:00', receivedAt: '2026-11-19T10:00:01+05:00' },
    ];
    expect(newestReceivedFirst(events).map((e) => e.id)).toEqual(['late-report', 'new-stage', 'older']);
  });
});
