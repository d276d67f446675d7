import { readFileSync } from 'node:fs';
import { loadConfig } from '../platform/config';

const USAGE = 'usage: npm run -s send -- --token <token> [--url http://host:port/graphql] signed-report.json';

const REPORT_STAGE = `mutation Report($input: StageReportInput!) {
  reportStage(input: $input) {
    duplicate
    record { cursor stage occurredAt receivedAt application { number plannedDate overdue { isOverdue days } } }
  }
}`;

/**
 * npm run -s send -- --token <token> signed-report.json: records the signed stage report (the
 * output of npm run sign) with reportStage on this machine's gateway (GATEWAY_PORT), or --url's,
 * and prints the answer. Exits 1 when the hub answers with errors.
 */
async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const take = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i < 0 ? undefined : argv.splice(i, 2)[1];
  };
  const token = take('token');
  const url = take('url') ?? `http://localhost:${loadConfig().ports.gateway}/graphql`;
  const file = argv[0];
  if (!token || !file) throw new Error(USAGE);
  const input = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: REPORT_STAGE, variables: { input } }),
  });
  const answer = await response.json() as { errors?: unknown[] };
  console.log(JSON.stringify(answer, null, 2));
  return answer.errors?.length ? 1 : 0;
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
