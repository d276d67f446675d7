import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withCheckDigit } from '../shared/iin';
import { repoRoot } from '../shared/paths';
import { createCrl, createRootCa, issueCertificate } from './verification/pki';

/** An authorised person of a demo organisation, with a test-only certificate and key. */
export interface DemoSigner {
  bin: string;
  iin: string;
  name: string;
  certFile: string;
  keyFile: string;
}

const OPERATOR_BIN = '990340001230'; // the ЦОН operator of the demo catalogue

/** A valid IIN for the n-th demo person (born 1980-01-01 onwards). */
function demoIin(n: number): string {
  for (let serial = n * 10; ; serial++) {
    const iin = withCheckDigit(`800101${3}${String(serial).padStart(4, '0')}`);
    if (iin) return iin;
  }
}

/**
 * The test stand's PKI (ЦОН exchange rules p.15): a demo root CA, its (empty) CRL, and a
 * certificate for an authorised person of every demo organisation plus an operator. Made once;
 * every key here is test-only and the CA is trusted only where no TRUST_STORE_DIR is configured.
 */
export async function ensureDemoPki(pkiDir: string): Promise<{ created: boolean; signers: DemoSigner[] }> {
  const demoDir = path.join(pkiDir, 'demo');
  const index = path.join(demoDir, 'signers.json');
  if (existsSync(index)) return { created: false, signers: JSON.parse(readFileSync(index, 'utf8')) };
  for (const dir of ['trust', 'crl', 'demo']) mkdirSync(path.join(pkiDir, dir), { recursive: true });
  const root = await createRootCa();
  writeFileSync(path.join(pkiDir, 'trust', 'demo-root-ca.pem'), root.certPem);
  writeFileSync(path.join(pkiDir, 'crl', 'demo-root-ca.crl'), await createCrl(root, []));
  writeFileSync(path.join(demoDir, 'demo-root-ca.key'), root.keyPem, { mode: 0o600 });

  const { organisations } = JSON.parse(readFileSync(path.join(repoRoot(), 'reference', 'services.json'), 'utf8')) as { organisations: { bin: string; name: string }[] };
  const people = [
    ...organisations.map((o, i) => ({ bin: o.bin, organisation: o.name, name: `DEMO SIGNER ${i + 1}`, file: o.bin })),
    { bin: OPERATOR_BIN, organisation: organisations.find((o) => o.bin === OPERATOR_BIN)?.name ?? 'ЦОН', name: 'DEMO OPERATOR', file: 'operator' },
  ];
  const signers: DemoSigner[] = [];
  for (const [i, person] of people.entries()) {
    const iin = demoIin(i + 1);
    const issued = await issueCertificate(root, { commonName: person.name, iin, bin: person.bin, organisation: person.organisation });
    const certFile = path.join(demoDir, `${person.file}.pem`);
    const keyFile = path.join(demoDir, `${person.file}.key`);
    writeFileSync(certFile, issued.certPem);
    writeFileSync(keyFile, issued.keyPem, { mode: 0o600 });
    signers.push({ bin: person.bin, iin, name: person.name, certFile, keyFile });
  }
  writeFileSync(index, JSON.stringify(signers, null, 1));
  return { created: true, signers };
}
