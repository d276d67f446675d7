import { loadConfig } from '../platform/config';
import { prepareDatabase } from './database';

/** npm run migrate: migrates DATABASE_URL (or the embedded database) and loads reference data. */
async function main() {
  const db = await prepareDatabase(loadConfig());
  console.log(`migrations run: ${db.migrations.length ? db.migrations.join(', ') : 'none (up to date)'}`);
  console.log(`reference data: ${db.reference.services} services, ${db.reference.calendarDays} calendar days`);
  await db.embedded?.stop();
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
