import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ErrorCode } from '../../platform/errors';
import { signMessage } from '../../lib/ecp/sign-message';
import { canonicalBytes } from '../../lib/ecp/canonical';
import { createRootCa, issueCertificate, Issued, signCms } from '../../lib/ecp/pki';
import { TrustStore } from '../../lib/ecp/trust-store';
import { SignatureVerifier } from '../../lib/ecp/verifier';

/** Interoperability with the machine's OpenSSL, which providers' systems commonly sign with. */
describe('interop with openssl cms', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qyzmet-interop-'));
  const file = (name: string) => path.join(dir, name);
  const payload = canonicalBytes({ stage: 'ACCEPTED', providerBin: '010840004568', applicationNumber: 'A-1', occurredAt: '2024-05-02T10:00:00+05:00' });
  let root: Issued;
  let rsa: Issued;
  let ec: Issued;
  let verifier: SignatureVerifier;

  beforeAll(async () => {
    root = await createRootCa();
    rsa = await issueCertificate(root, { commonName: 'OPENSSL RSA', iin: '900101300126', bin: '010840004568' });
    ec = await issueCertificate(root, { commonName: 'OPENSSL EC', bin: '010840004568', kind: 'EC' });
    writeFileSync(file('ca.pem'), root.certPem);
    for (const [name, issued] of [['rsa', rsa], ['ec', ec]] as const) {
      writeFileSync(file(`${name}.pem`), issued.certPem);
      writeFileSync(file(`${name}.key`), issued.keyPem);
    }
    writeFileSync(file('payload.json'), payload);
    verifier = new SignatureVerifier({ trustStore: new TrustStore([root.certPem]) });
  });

  const opensslSign = (name: string, attached: boolean) => {
    const out = file(`${name}-${attached}.der`);
    execFileSync('openssl', ['cms', '-sign', '-binary', '-in', file('payload.json'), '-signer', file(`${name}.pem`), '-inkey', file(`${name}.key`), '-outform', 'DER', '-out', out, ...(attached ? ['-nodetach'] : [])]);
    return execFileSync('base64', ['-w0', out]).toString();
  };

  it('verifies a detached signature made by openssl cms -sign (RSA and ECDSA)', async () => {
    expect((await verifier.verify({ signature: opensslSign('rsa', false), payload, receivedAt: new Date() })).signerIin).toBe('900101300126');
    expect((await verifier.verify({ signature: opensslSign('ec', false), payload, receivedAt: new Date() })).algorithm).toMatch(/^ECDSA/);
  });

  it('verifies an attached signature made by openssl cms -sign -nodetach', async () => {
    const result = await verifier.verify({ signature: opensslSign('rsa', true), payload, receivedAt: new Date() });
    expect(result.signerName).toBe('OPENSSL RSA');
  });

  it('makes RSA-PSS signatures that openssl cms -verify accepts', () => {
    const sig = file('hub-pss.der');
    writeFileSync(sig, Buffer.from(signCms({ payload, cert: rsa.certPem, key: createPrivateKey(rsa.keyPem), pss: true }), 'base64'));
    const verified = execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-content', file('payload.json'), '-CAfile', file('ca.pem'), '-purpose', 'any'], { stdio: ['ignore', 'pipe', 'pipe'] });
    expect(verified.equals(payload)).toBe(true);
  });

  it("makes signatures that openssl cms -verify accepts, detached and attached", () => {
    for (const [name, issued] of [['rsa', rsa], ['ec', ec]] as const) {
      const detached = file(`hub-${name}.der`);
      writeFileSync(detached, Buffer.from(signCms({ payload, cert: issued.certPem, key: createPrivateKey(issued.keyPem) }), 'base64'));
      const verified = execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', detached, '-content', file('payload.json'), '-CAfile', file('ca.pem'), '-purpose', 'any'], { stdio: ['ignore', 'pipe', 'pipe'] });
      expect(verified.equals(payload)).toBe(true);
      const attached = file(`hub-${name}-attached.der`);
      writeFileSync(attached, Buffer.from(signCms({ payload, cert: issued.certPem, key: createPrivateKey(issued.keyPem), detached: false }), 'base64'));
      expect(execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', attached, '-CAfile', file('ca.pem'), '-purpose', 'any'], { stdio: ['ignore', 'pipe', 'pipe'] }).equals(payload)).toBe(true);
    }
  });

  it("makes, as npm run sign does, a message whose signature openssl cms -verify accepts over the canonical bytes", () => {
    const message = { stage: 'ACCEPTED', providerBin: '010840004568', applicationNumber: 'A-1', occurredAt: '2024-05-02T10:00:00+05:00', executor: null };
    const out = signMessage(message, rsa.certPem, rsa.keyPem);
    expect(Object.keys(out)).toContain('signature');
    const sig = file('cli.der');
    writeFileSync(sig, Buffer.from(out.signature as string, 'base64'));
    // null fields are not part of the signed bytes
    writeFileSync(file('cli-payload.json'), canonicalBytes({ stage: 'ACCEPTED', providerBin: '010840004568', applicationNumber: 'A-1', occurredAt: '2024-05-02T10:00:00+05:00' }));
    const verified = execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-content', file('cli-payload.json'), '-CAfile', file('ca.pem'), '-purpose', 'any'], { stdio: ['ignore', 'pipe', 'pipe'] });
    expect(verified.toString()).toContain('"applicationNumber":"A-1"');
  });

  const opensslSignWith = (name: string, args: string[]) => {
    const out = file(`${name}-${args.join('').replace(/[^a-z0-9]/gi, '')}.der`);
    execFileSync('openssl', ['cms', '-sign', '-binary', '-in', file('payload.json'), '-signer', file(`${name}.pem`), '-inkey', file(`${name}.key`), '-outform', 'DER', '-out', out, ...args]);
    return readFileSync(out).toString('base64');
  };

  it('verifies an openssl signature without signed attributes (-noattr), and refuses it over other bytes', async () => {
    const signature = opensslSignWith('rsa', ['-noattr']);
    expect((await verifier.verify({ signature, payload, receivedAt: new Date() })).signerName).toBe('OPENSSL RSA');
    await expect(verifier.verify({ signature, payload: canonicalBytes({ stage: 'CLOSED' }), receivedAt: new Date() })).rejects.toMatchObject({ code: ErrorCode.SignatureInvalid });
  });

  it('verifies an openssl signature naming its signer by subjectKeyIdentifier (-keyid)', async () => {
    expect((await verifier.verify({ signature: opensslSignWith('rsa', ['-keyid']), payload, receivedAt: new Date() })).signerIin).toBe('900101300126');
  });

  it('verifies an openssl RSA-PSS signature', async () => {
    const signature = opensslSignWith('rsa', ['-keyopt', 'rsa_padding_mode:pss', '-md', 'sha384']);
    expect((await verifier.verify({ signature, payload, receivedAt: new Date() })).algorithm).toBe('RSA-PSS-SHA384');
  });

  it('verifies a P-384 ECDSA signature with SHA-384 from a certificate openssl issued under our CA', async () => {
    writeFileSync(file('root.key'), root.keyPem);
    execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384', '-nodes', '-keyout', file('p384.key'), '-out', file('p384.csr'), '-subj', '/CN=OPENSSL P384/serialNumber=IIN900101300126/OU=BIN010840004568/C=KZ'], { stdio: 'pipe' });
    writeFileSync(file('p384.ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
    execFileSync('openssl', ['x509', '-req', '-in', file('p384.csr'), '-CA', file('ca.pem'), '-CAkey', file('root.key'), '-CAcreateserial', '-days', '30', '-sha384', '-extfile', file('p384.ext'), '-out', file('p384.pem')], { stdio: 'pipe' });
    const signature = opensslSignWith('p384', ['-md', 'sha384']);
    const result = await verifier.verify({ signature, payload, receivedAt: new Date() });
    expect(result).toMatchObject({ algorithm: 'ECDSA-SHA384', signerName: 'OPENSSL P384', signerBin: '010840004568' });
  });

  it('refuses an openssl CMS with two signers as MALFORMED_SIGNATURE (exactly one is expected)', async () => {
    const signature = opensslSignWith('rsa', ['-signer', file('ec.pem'), '-inkey', file('ec.key')]);
    await expect(verifier.verify({ signature, payload, receivedAt: new Date() })).rejects.toMatchObject({ code: ErrorCode.MalformedSignature });
  });

  it('is refused by openssl too when the payload was changed', () => {
    writeFileSync(file('tampered.json'), canonicalBytes({ stage: 'CLOSED' }));
    const sig = file('hub-tampered.der');
    writeFileSync(sig, Buffer.from(signCms({ payload, cert: rsa.certPem, key: createPrivateKey(rsa.keyPem) }), 'base64'));
    expect(() => execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-content', file('tampered.json'), '-CAfile', file('ca.pem'), '-purpose', 'any'], { stdio: 'pipe' })).toThrow();
  });
});
