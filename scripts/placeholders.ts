import { randomBytes } from 'node:crypto';

/**
 * The sample report (examples/stage-report.json) is dated when it is signed, so that pasting the
 * quick start any day records a stage that just happened (not one overdue by years), under a new
 * application number each time: `{now}` is the current time in Astana (UTC+5), `{stamp}` one
 * unique suffix for the whole message. The hub computes the planned date from the service's term.
 */
export function fillPlaceholders<T>(value: T, now = new Date(), stamp = `${now.getTime().toString(36)}${randomBytes(2).toString('hex')}`): T {
  const astana = `${new Date(now.getTime() + 5 * 3600_000).toISOString().slice(0, 19)}+05:00`;
  const fill = (v: unknown): unknown => {
    if (typeof v === 'string') return v.split('{now}').join(astana).split('{stamp}').join(stamp);
    if (Array.isArray(v)) return v.map(fill);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  return fill(value) as T;
}
