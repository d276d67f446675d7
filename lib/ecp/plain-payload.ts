// No Node imports: the web console signs the same bytes in the browser.

/** Drops absent fields, so that the signed bytes hold only what was sent. */
export function plainPayload(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainPayload);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, plainPayload(v)]));
}
