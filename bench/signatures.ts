import 'reflect-metadata';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalBytes } from '../subgraphs/signatures/verification/canonical';
import { createRootCa, issueCertificate, signCms } from '../subgraphs/signatures/verification/pki';
import { TrustStore } from '../subgraphs/signatures/verification/trust-store';
import { SignatureVerifier } from '../subgraphs/signatures/verification/verifier';

/** Runs `fn` until `seconds` pass or `max` runs; returns runs per second. */
async function rate(fn: () => unknown, seconds = 2, max = 200_000): Promise<{ perSecond: number; runs: number }> {
  for (let i = 0; i < 50; i++) await fn(); // warm up (caches, JIT)
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(seconds * 1e9);
  let runs = 0;
  while (runs < max && process.hrtime.bigint() < deadline) {
    await fn();
    runs++;
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  return { perSecond: runs / elapsed, runs };
}

/**
 * Signature verifications per second on one core with warm caches, against Node's raw
 * crypto.verify of the same bytes with the same key (the floor: one signature check).
 */
export async function benchSignatures(): Promise<string> {
  const root = await createRootCa();
  const trust = new TrustStore([root.certPem]);
  const payload = canonicalBytes({ providerBin: '010840004568', applicationNumber: 'BENCH-1', stage: 'ACCEPTED', occurredAt: '2024-05-02T10:00:00+05:00', messageId: 'bench' });
  const rows: string[] = [];
  for (const kind of ['RSA', 'EC'] as const) {
    const signer = await issueCertificate(root, { commonName: 'BENCH', bin: '010840004568', kind });
    const key = createPrivateKey(signer.keyPem);
    const signature = signCms({ payload, cert: signer.certPem, key });
    const verifier = new SignatureVerifier({ trustStore: trust });
    const ours = await rate(() => verifier.verify({ signature, payload, receivedAt: new Date() }));
    const publicKey = createPublicKey(key);
    const raw = kind === 'EC' ? sign('sha256', payload, { key, dsaEncoding: 'der' }) : sign('sha256', payload, key);
    const baseline = await rate(() => verify('sha256', payload, kind === 'EC' ? { key: publicKey, dsaEncoding: 'der' } : publicKey, raw));
    rows.push(`| ${kind === 'RSA' ? 'RSA-2048' : 'ECDSA P-256'} | ${ours.perSecond.toFixed(0)} | ${baseline.perSecond.toFixed(0)} | ${(ours.perSecond / baseline.perSecond).toFixed(2)}x | ${verifier.chainsBuilt} |`);
  }
  return [
    '### Signature verification (one core, warm caches)',
    '',
    '| algorithm | hub verifications/s (CMS parse + checks) | raw crypto.verify/s (baseline) | ratio | chains built |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

if (require.main === module) {
  benchSignatures().then((table) => {
    console.log(table);
    writeFileSync(path.join(__dirname, '..', '..', 'bench', 'results', 'signatures.md'), `${table}\n_measured ${new Date().toISOString()} on ${process.version}_\n`);
  });
}
