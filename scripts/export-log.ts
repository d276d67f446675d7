import { loadConfig } from '../platform/config';
import { argsOf, exportTo } from './log-cli';

/**
 * npm run export-log -- [--database postgres://…] [--out log.jsonl]
 * Writes the exchange log (issue 18) as JSON lines: its signed tree heads, then every leaf with
 * its record rebuilt from the row as it is now. `npm run verify-log -- --export log.jsonl` checks it.
 */
async function main() {
  const args = argsOf(process.argv.slice(2));
  const databaseUrl = args.get('database') ?? loadConfig().databaseUrl;
  if (!databaseUrl) throw new Error('--database postgres://… (or DATABASE_URL) names the hub\'s database');
  const out = args.get('out') ?? '-';
  const leaves = await exportTo(databaseUrl, out);
  if (out !== '-') console.error(`wrote ${leaves} leaves to ${out}`);
}

main().catch((error) => {
  console.error((error as Error).message);
  process.exit(1);
});
