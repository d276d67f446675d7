/** An event's cursor in SQL, as cursorOf makes it (xid·2^64 + seq), for checks against the database. */
export const CURSOR_SQL = '(r.xid::text::numeric * 18446744073709551616 + r.seq)::text';

export type EventFilter = { providerBin?: string; serviceCode?: string };

/** The cursors a subscriber with this filter is owed after `from`, in stream order, from the database. */
export async function owedCursors(dataSource: { query(sql: string, params: unknown[]): Promise<{ cursors: string[] }[]> }, filter: EventFilter, from: string): Promise<string[]> {
  const [{ cursors }] = await dataSource.query(`
    SELECT coalesce(array_agg(${CURSOR_SQL} ORDER BY r.xid, r.seq), '{}') AS cursors
    FROM stage_record r JOIN application a ON a.id = r.application_id
    WHERE ${CURSOR_SQL}::numeric > $1::numeric AND ($2::text IS NULL OR r.provider_bin = $2) AND ($3::text IS NULL OR a.service_code = $3)`,
  [from, filter.providerBin ?? null, filter.serviceCode ?? null]);
  return cursors;
}
