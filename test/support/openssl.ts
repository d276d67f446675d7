import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../harness/messages';

/**
 * The system's OpenSSL as the test's independent other party: an OCSP responder process
 * (`openssl ocsp -port`) and a time-stamping authority (`openssl ts -reply`), GOST through the
 * GOST engine (Debian libengine-gost-openssl, which .ci/run installs).
 */
export const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });

let gostConfig: string | undefined;

/**
 * An OPENSSL_CONF that loads the GOST engine for every command: `openssl ocsp` (3.0) has no
 * -engine option.
 */
export function gostEnvironment(): NodeJS.ProcessEnv {
  if (!gostConfig) {
    gostConfig = path.join(mkdtempSync(path.join(tmpdir(), 'qyzmet-openssl-')), 'gost.cnf');
    writeFileSync(gostConfig, ['openssl_conf = openssl_def', '[openssl_def]', 'engines = engine_section', '[engine_section]', 'gost = gost_section', '[gost_section]', 'engine_id = gost', 'default_algorithms = ALL', ''].join('\n'));
  }
  return { ...process.env, OPENSSL_CONF: gostConfig };
}

export { freePort };

/** YYMMDDHHMMSSZ, as openssl's index.txt writes times. */
const indexTime = (date: Date) => date.toISOString().replace(/^\d\d(\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d).*$/, '$1$2$3$4$5$6Z');

export interface IndexEntry {
  serialNumber: string;
  subject: string;
  notAfter: Date;
  revokedAt?: Date;
}

export interface OcspResponder {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => { for (const proc of running) proc.kill('SIGKILL'); });

/**
 * `openssl ocsp` as a responder for one CA: its certificates' states come from an index file
 * (V valid, R revoked), the answer is signed with `signer` (the CA itself or a responder
 * certificate it issued), with nextUpdate `nextUpdateMinutes` ahead when given.
 */
export async function startOcspResponder(opts: { port?: number; caPem: string; signerPem: string; signerKeyPem: string; entries: IndexEntry[]; nextUpdateMinutes?: number; gost?: boolean }): Promise<OcspResponder> {
  const dir = mkdtempSync(path.join(tmpdir(), 'qyzmet-ocsp-'));
  const file = (name: string) => path.join(dir, name);
  // read once at start: a responder with other entries is another process
  writeFileSync(file('index.txt'), opts.entries.map((e) =>
    [e.revokedAt ? 'R' : 'V', indexTime(e.notAfter), e.revokedAt ? indexTime(e.revokedAt) : '', e.serialNumber.toUpperCase(), 'unknown', e.subject].join('\t') + '\n').join(''));
  writeFileSync(file('index.txt.attr'), 'unique_subject = no\n');
  writeFileSync(file('ca.pem'), opts.caPem);
  writeFileSync(file('signer.pem'), opts.signerPem);
  writeFileSync(file('signer.key'), opts.signerKeyPem);
  const port = opts.port ?? await freePort();
  const args = ['ocsp', '-index', file('index.txt'), '-port', String(port), '-rsigner', file('signer.pem'), '-rkey', file('signer.key'), '-CA', file('ca.pem'), '-ignore_err',
    ...(opts.nextUpdateMinutes !== undefined ? ['-nmin', String(opts.nextUpdateMinutes)] : [])];
  const proc = spawn('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'], env: opts.gost ? gostEnvironment() : process.env });
  running.add(proc);
  let output = '';
  proc.stdout!.on('data', (d) => { output += d; });
  proc.stderr!.on('data', (d) => { output += d; });
  // ready once it says it waits: a probe connection would wedge it (it serves one connection at a time and waits on the probe)
  const deadline = Date.now() + 10_000;
  while (!/waiting for OCSP client connections/.test(output)) {
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`openssl ocsp did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    stop: () => new Promise<void>((resolve) => {
      running.delete(proc);
      if (proc.exitCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    }),
  };
}

/**
 * A time-stamp token for `signatureValue` from a TSA made with `openssl ts -reply` (RFC 3161):
 * the query over the signature value's hash, the reply signed by the TSA's certificate and key.
 */
export function timestampToken(opts: { signatureValue: Buffer; tsaPem: string; tsaKeyPem: string; digest?: string; gost?: boolean }): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'qyzmet-tsa-'));
  const file = (name: string) => path.join(dir, name);
  writeFileSync(file('value'), opts.signatureValue);
  writeFileSync(file('tsa.pem'), opts.tsaPem);
  writeFileSync(file('tsa.key'), opts.tsaKeyPem);
  writeFileSync(file('serial'), '01\n');
  writeFileSync(file('tsa.cnf'), [
    '[ tsa ]', 'default_tsa = tsa_config', '[ tsa_config ]', `serial = ${file('serial')}`, `signer_cert = ${file('tsa.pem')}`, `signer_key = ${file('tsa.key')}`,
    `signer_digest = ${opts.gost ? 'md_gost12_256' : 'sha256'}`, 'default_policy = 1.2.3.4.1', `digests = sha256, sha512${opts.gost ? ', md_gost12_256, md_gost12_512' : ''}`, 'accuracy = secs:1', 'ordering = no', 'tsa_name = no',
    'ess_cert_id_alg = sha256', '',
  ].join('\n'));
  const env = opts.gost ? gostEnvironment() : process.env;
  const run = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  run('ts', '-query', '-data', file('value'), `-${opts.digest ?? 'sha256'}`, '-cert', '-out', file('query.tsq'));
  run('ts', '-reply', '-config', file('tsa.cnf'), '-queryfile', file('query.tsq'), '-token_out', '-out', file('token.der'));
  return readFileSync(file('token.der'));
}
