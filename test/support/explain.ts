import { DataSource } from 'typeorm';

/** A query as the typeorm logger saw it go out. */
export interface SentQuery { query: string; parameters?: unknown[] }

/** How one table is read in a plan: the node, and the index condition that bounds it, if any. */
export interface TableScan {
  relation: string;
  type: string;
  cond?: string;
  /** rows it drops after reading them */
  filter?: string;
  /** under a LIMIT: an index scan without condition or filter reads only its first entries (min, max) */
  limited: boolean;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Cond'?: string;
  'Recheck Cond'?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

/**
 * Records every query a data source sends from now on (through its logger), with its parameters,
 * so that a test can EXPLAIN exactly what the code sent.
 */
export function recordQueries(dataSource: DataSource): SentQuery[] {
  const sent: SentQuery[] = [];
  const quiet = () => undefined;
  Object.assign(dataSource, { logger: { logQuery: (query: string, parameters?: unknown[]) => { sent.push({ query, parameters }); }, logQueryError: quiet, logQuerySlow: quiet, logSchemaBuild: quiet, logMigration: quiet, log: quiet } });
  return sent;
}

/**
 * How each table a query reads is reached, from an EXPLAIN of the query as sent. Sequential scans
 * are switched off for the EXPLAIN: a test's tables are a page or two, always cheapest to read whole,
 * and what is asked is whether an index can bound the rows at all once the tables are national-size
 * (a table no index serves is still read whole, and shows so).
 *
 * `analyze`: tables whose statistics the planner should have (a test that built national proportions
 * in them); gathered in the EXPLAIN's own transaction, which is rolled back, so that the plans of
 * other test files sharing the database are not changed by them.
 */
export async function tableScans(dataSource: DataSource, sent: SentQuery, analyze: string[] = []): Promise<TableScan[]> {
  const runner = dataSource.createQueryRunner();
  let plan: PlanNode;
  try {
    await runner.startTransaction();
    for (const table of analyze) await runner.query(`ANALYZE ${table}`);
    await runner.query('SET LOCAL enable_seqscan = off');
    const [row] = await runner.query(`EXPLAIN (FORMAT JSON) ${sent.query}`, sent.parameters);
    plan = row['QUERY PLAN'][0].Plan as PlanNode;
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  }
  const scans: TableScan[] = [];
  const walk = (node: PlanNode, limited: boolean) => {
    // the table an UPDATE or INSERT writes is reached through its subplan, listed on its own
    if (node['Relation Name'] && node['Node Type'] !== 'ModifyTable') {
      scans.push({ relation: node['Relation Name'], type: node['Node Type'], cond: node['Index Cond'] ?? node['Recheck Cond'], filter: node.Filter, limited });
    }
    for (const child of node.Plans ?? []) walk(child, node['Node Type'] === 'Limit' || (limited && !node.Filter));
  };
  walk(plan, false);
  return scans;
}

/** A scan's index condition, or what it is when it has none (for a readable failure). */
export const boundBy = (scan: TableScan): string => scan.cond
  ?? (scan.limited && !scan.filter && /Index/.test(scan.type) ? `the first entries of an index of ${scan.relation} (LIMIT)` : `${scan.type} of ${scan.relation} without an index condition`);
