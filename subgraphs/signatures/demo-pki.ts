import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withCheckDigit } from '../../platform/iin';
import { repoRoot } from '../../platform/paths';
import { createCrl, createRootCa, issueCertificate } from '../../lib/ecp/pki';

/** An authorised person of a demo organisation, with a test-only certificate and key. */
export interface DemoSigner {
  /** the organisation's BIN; empty for a private person (a citizen signing a consent) */
  bin: string;
  iin: string;
  name: string;
  /** operator, provider, hub (the hub's system certificate) or citizen */
  role?: string;
  /** the file name without extension, as listed in signers.json */
  file?: string;
  certFile: string;
  keyFile: string;
}

const OPERATOR_BIN = '990340001230'; // the ЦОН operator of the demo catalogue
/** demo citizens with certificates of their own (valid IINs, also in test/support/tokens.ts) */
const DEMO_CITIZENS = [{ iin: '900101300126', name: 'СЕЙТКАЛИ АЙГЕРИМ' }, { iin: '850625401118', name: 'ЖАКСЫБЕКОВ ЕРЛАН' }];
/** bumped when the set of demo signers changes, so that an older demo PKI is made again */
const DEMO_PKI_VERSION = 2;

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
  const version = path.join(demoDir, 'version');
  if (existsSync(index) && existsSync(version) && Number(readFileSync(version, 'utf8')) === DEMO_PKI_VERSION) {
    return { created: false, signers: JSON.parse(readFileSync(index, 'utf8')) };
  }
  for (const dir of ['trust', 'crl', 'demo']) mkdirSync(path.join(pkiDir, dir), { recursive: true });
  const root = await createRootCa();
  writeFileSync(path.join(pkiDir, 'trust', 'demo-root-ca.pem'), root.certPem);
  writeFileSync(path.join(pkiDir, 'crl', 'demo-root-ca.crl'), await createCrl(root, []));
  writeFileSync(path.join(demoDir, 'demo-root-ca.key'), root.keyPem, { mode: 0o600 });

  const { organisations } = JSON.parse(readFileSync(path.join(repoRoot(), 'reference', 'services.json'), 'utf8')) as { organisations: { bin: string; name: string }[] };
  const operatorOrg = organisations.find((o) => o.bin === OPERATOR_BIN)?.name ?? 'ЦОН';
  const people: { bin: string; organisation?: string; name: string; file: string; role: string; iin?: string }[] = [
    ...organisations.map((o, i) => ({ bin: o.bin, organisation: o.name, name: `DEMO SIGNER ${i + 1}`, file: o.bin, role: 'provider' })),
    { bin: OPERATOR_BIN, organisation: operatorOrg, name: 'DEMO OPERATOR', file: 'operator', role: 'operator' },
    // the hub's system certificate (a legal entity's, no person's IIN in real life; the demo gives it one for uniformity)
    { bin: OPERATOR_BIN, organisation: operatorOrg, name: 'QYZMET HUB DEMO SYSTEM', file: 'hub', role: 'hub' },
    ...DEMO_CITIZENS.map((c) => ({ bin: '', name: c.name, file: `citizen-${c.iin}`, role: 'citizen', iin: c.iin })),
  ];
  const signers: DemoSigner[] = [];
  for (const [i, person] of people.entries()) {
    const iin = person.iin ?? demoIin(i + 1);
    const issued = await issueCertificate(root, { commonName: person.name, iin, bin: person.bin || undefined, organisation: person.organisation });
    const certFile = path.join(demoDir, `${person.file}.pem`);
    const keyFile = path.join(demoDir, `${person.file}.key`);
    writeFileSync(certFile, issued.certPem);
    writeFileSync(keyFile, issued.keyPem, { mode: 0o600 });
    signers.push({ bin: person.bin, iin, name: person.name, role: person.role, file: person.file, certFile, keyFile });
  }
  writeFileSync(index, JSON.stringify(signers, null, 1));
  writeFileSync(version, String(DEMO_PKI_VERSION));
  return { created: true, signers };
}
