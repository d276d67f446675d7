import { loadConfig } from '../platform/config';
import { argsOf, checkProofFile, describeVerdict, verifyFrom } from './log-cli';

/**
 * npm run verify-log -- (--export log.jsonl | --database postgres://… | --proof proof.json) [--cert hub.pem]
 * The offline verifier of the exchange log (issue 18), needing only the hub's certificate
 * (HUB_SIGNING_CERT unless --cert): recomputes every leaf from its record, checks every tree head's
 * signature, root and consistency with the one before, and names the first record that differs.
 * Exits 1 when anything does. With --proof, checks one answer of logInclusionProof (an element, or
 * the whole GraphQL answer) instead.
 */
async function main() {
  const args = argsOf(process.argv.slice(2));
  const config = loadConfig();
  const proofFile = args.get('proof');
  if (proofFile) {
    const problems = checkProofFile(proofFile, args.get('cert') ?? config.hubSigner.certFile);
    console.log(problems.length ? problems.join('\n') : 'the message is in the log: its leaf is the hash of its record, the audit path leads to the root the hub signed');
    if (problems.length) process.exit(1);
    return;
  }
  const file = args.get('export');
  const databaseUrl = args.get('database') ?? (file ? undefined : config.databaseUrl);
  if (!file && !databaseUrl) throw new Error('--export <file> or --database postgres://… (or DATABASE_URL)');
  const verdict = await verifyFrom({ file, databaseUrl }, args.get('cert') ?? config.hubSigner.certFile);
  console.log(describeVerdict(verdict));
  if (!verdict.ok) process.exit(1);
}

main().catch((error) => {
  console.error((error as Error).message);
  process.exit(2);
});
