import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { ExportLine, InclusionAnswer, inclusionProblems, LogVerdict, verifyLog } from '../subgraphs/statuses/log/log.verify';
import { exportLog } from '../subgraphs/statuses/log/log.export';

/** --name value pairs. */
export function argsOf(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) throw new Error(`expected --name value pairs, got "${argv[i]}"`);
    args.set(argv[i].slice(2), argv[i + 1]);
  }
  return args;
}

/** Writes the log's export (JSON lines) to a file, or to stdout with "-". */
export async function exportTo(databaseUrl: string, out: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'qyzmet-export-log' });
  await client.connect();
  const stream: NodeJS.WritableStream = out === '-' ? process.stdout : createWriteStream(out);
  let leaves = 0;
  try {
    // one snapshot: heads and leaves as of the same moment
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    for await (const line of exportLog(client)) {
      if (line.t === 'leaf') leaves++;
      if (!stream.write(`${JSON.stringify(line)}\n`)) await new Promise<void>((r) => stream.once('drain', () => r()));
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
    if (stream !== process.stdout) await new Promise<void>((r) => stream.end(() => r()));
  }
  return leaves;
}

async function* linesOf(file: string): AsyncGenerator<ExportLine> {
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (line.trim()) yield JSON.parse(line) as ExportLine;
}

/** Verifies an export file or, given a database URL, the log as the database holds it now. */
export async function verifyFrom(source: { file?: string; databaseUrl?: string }, certificateFile: string): Promise<LogVerdict> {
  const certificate = new X509Certificate(readFileSync(certificateFile));
  if (source.file) return verifyLog(linesOf(source.file), certificate);
  const client = new Client({ connectionString: source.databaseUrl, application_name: 'qyzmet-verify-log' });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    return await verifyLog(exportLog(client), certificate);
  } finally {
    await client.end();
  }
}

export function describeVerdict(verdict: LogVerdict): string {
  const head = `${verdict.leaves} leaves, ${verdict.heads} signed tree heads: `;
  if (verdict.ok) return `${head}every leaf matches its record, every head is signed by the hub and extends the one before`;
  return [`${head}${verdict.problems.length} problem(s); the first:`, `  ${verdict.problems[0].message}`, ...verdict.problems.slice(1, 20).map((p) => `  then: ${p.message}`)].join('\n');
}

/** Checks every proof of a saved logInclusionProof answer (or one proof) with the hub's certificate. */
export function checkProofFile(file: string, certificateFile: string): string[] {
  const certificate = new X509Certificate(readFileSync(certificateFile));
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  const proofs: InclusionAnswer[] = saved?.data?.logInclusionProof ?? saved?.logInclusionProof ?? (Array.isArray(saved) ? saved : [saved]);
  if (!proofs.length) return ['the answer holds no proof'];
  return proofs.flatMap((p, i) => inclusionProblems(p, certificate).map((m) => (proofs.length > 1 ? `proof ${i}: ${m}` : m)));
}
