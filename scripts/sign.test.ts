import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { plainPayload } from '../subgraphs/signatures/message-signature';
import { canonicalBytes } from '../lib/ecp/canonical';
import { createRootCa, issueCertificate, Issued } from '../lib/ecp/pki';
import { TrustStore } from '../lib/ecp/trust-store';
import { SignatureVerifier } from '../lib/ecp/verifier';

/** npm run sign with a GOST key (PEM), in NCA RK's Kazakh profile or the RFC one. */
const dir = mkdtempSync(path.join(tmpdir(), 'qyzmet-sign-cli-'));
const file = (name: string) => path.join(dir, name);
const report = { providerBin: '010840004568', applicationNumber: 'CLI-1', stage: 'ACCEPTED', occurredAt: '2024-05-02T10:00:00+05:00', messageId: 'cli-1' };

/** The CLI as npm run sign runs it (compiled as Jest compiles it). */
const sign = (...args: string[]) => JSON.parse(execFileSync(process.execPath, [path.join(__dirname, '..', 'test', 'support', 'run-ts.js'), path.join(__dirname, 'sign.ts'), ...args], { env: { ...process.env, NODE_OPTIONS: '' } }).toString());

let root: Issued;
let person: Issued;
let verifier: SignatureVerifier;

beforeAll(async () => {
  root = await createRootCa({ kind: 'GOST512', name: 'CN=CLI GOST root, C=KZ' });
  person = await issueCertificate(root, { commonName: 'CLI SIGNER', bin: '010840004568', kind: 'GOST512' });
  writeFileSync(file('cert.pem'), person.certPem);
  writeFileSync(file('key.pem'), person.keyPem); // PKCS#8 with NCA RK's OIDs
  writeFileSync(file('report.json'), JSON.stringify(report));
  writeFileSync(file('root.pem'), root.certPem);
  verifier = new SignatureVerifier({ trustStore: new TrustStore([root.certPem]) });
});

const verify = (signed: Record<string, unknown>) => verifier.verify({ signature: signed.signature as string, payload: canonicalBytes(plainPayload(report)), receivedAt: new Date() });

describe('npm run sign with a GOST key', () => {
  it('signs in the Kazakh profile by default for a key with NCA RK OIDs', async () => {
    const signed = sign('--key', file('key.pem'), '--cert', file('cert.pem'), file('report.json'));
    expect(signed).toMatchObject(report);
    expect((await verify(signed)).algorithm).toBe('GOST34.10-2015-512');
  });

  it('signs in the RFC profile with --profile rfc, attached with --attached', async () => {
    const signed = sign('--key', file('key.pem'), '--cert', file('cert.pem'), '--profile', 'rfc', '--attached', file('report.json'));
    expect((await verify(signed)).algorithm).toBe('GOST-R34.10-2012-512');
  });

  it('refuses an unknown profile with a usage message', () => {
    expect(() => execFileSync(process.execPath, [path.join(__dirname, '..', 'test', 'support', 'run-ts.js'), path.join(__dirname, 'sign.ts'), '--key', file('key.pem'), '--cert', file('cert.pem'), '--profile', 'ru', file('report.json')], { env: { ...process.env, NODE_OPTIONS: '' }, stdio: 'pipe' })).toThrow(/--profile must be kz or rfc/);
  });
});
