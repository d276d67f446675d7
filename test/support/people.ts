import { createPrivateKey, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { plainPayload } from '../../subgraphs/signatures/message-signature';
import { canonicalBytes } from '../../lib/ecp/canonical';
import { Issued, issueCertificate, loadIssuer, signCms } from '../../lib/ecp/pki';

/** A person (or an organisation's authorised person) with a test-only certificate from the run's demo CA. */
export interface Person { iin: string; bin?: string; certPem: string; key: KeyObject }

let root: Promise<Issued> | undefined;
const people = new Map<string, Promise<Person>>();

/**
 * Any register person can consent with their own ЭЦП in the tests: a certificate is issued for
 * them under the run's demo root on first use (EC keys, which are quick to make).
 */
export function personWithCertificate(iin: string, bin?: string): Promise<Person> {
  const key = `${iin}|${bin ?? ''}`;
  let person = people.get(key);
  if (!person) {
    person = (async () => {
      const pki = process.env.TEST_PKI_DIR!;
      root ??= loadIssuer(readFileSync(path.join(pki, 'trust', 'demo-root-ca.pem'), 'utf8'), readFileSync(path.join(pki, 'demo', 'demo-root-ca.key'), 'utf8'));
      const issued = await issueCertificate(await root, { commonName: `DEMO PERSON ${iin}`, iin, bin, organisation: bin ? `DEMO ORGANISATION ${bin}` : undefined, kind: 'EC' });
      return { iin, bin, certPem: issued.certPem, key: createPrivateKey(issued.keyPem) };
    })();
    people.set(key, person);
  }
  return person;
}

/** A detached base64 CMS over the RFC 8785 bytes of the payload, by this person. */
export function signBy(person: Person, payload: Record<string, unknown>): string {
  return signCms({ payload: canonicalBytes(plainPayload(payload)), cert: person.certPem, key: person.key });
}
