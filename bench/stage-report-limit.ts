import { createHash, createPublicKey, KeyObject, randomUUID, verify, X509Certificate } from 'node:crypto';
import { Pool } from 'pg';
import { canonicalBytes } from '../lib/ecp/canonical';
import { parseCms } from '../lib/ecp/cms';
import { plainPayload } from '../lib/ecp/plain-payload';
import { BenchHub, closedLoop } from './harness';

/**
 * The physical limit of a signed stage report (issue 17): the same CMS checked with crypto.verify
 * alone (its signed bytes and signature value read before the clock starts, the signer's key
 * imported once) and the same four rows a registering report leaves (application, signature,
 * stage record, journal entry) written by plain SQL in one transaction, `connections` at a time.
 * No stage-order lock, no seq read, no NOTIFY: what is left when the hub adds nothing.
 */
export interface LimitResult {
  perSecond: number;
  reports: number;
  seconds: number;
  p50: number;
  p99: number;
}

interface Prepared {
  input: Record<string, unknown>;
  signedBytes: Buffer;
  signature: Buffer;
  payloadSha256: string;
  report: string;
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

function prepare(inputs: Record<string, unknown>[]): { prepared: Prepared[]; key: KeyObject } {
  let key: KeyObject | undefined;
  const prepared = inputs.map((input) => {
    const { signature, ...rest } = input;
    const payload = canonicalBytes(plainPayload(rest));
    const cms = parseCms(signature as string, payload, 65_536);
    key ??= createPublicKey(new X509Certificate(cms.signerCertificate).publicKey.export({ format: 'pem', type: 'spki' }));
    return { input, signedBytes: cms.signedBytes, signature: cms.signature, payloadSha256: sha256(payload), report: JSON.stringify(rest) };
  });
  return { prepared, key: key! };
}

export async function physicalLimit(hub: BenchHub, inputs: Record<string, unknown>[], connections: number, seconds: number, warmupSeconds: number): Promise<LimitResult> {
  const { prepared, key } = prepare(inputs);
  const pool = new Pool({ connectionString: hub.databaseUrl, max: connections, application_name: 'qyzmet-bench-limit' });
  const run = randomUUID().slice(0, 8);
  let next = 0;
  const one = async () => {
    const k = next++;
    const p = prepared[k % prepared.length];
    if (!verify('sha256', p.signedBytes, key, p.signature)) throw new Error('the physical limit: a signature does not verify');
    const input = p.input as Record<string, string> & { recipient: Record<string, string> };
    const now = new Date();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const [{ id: applicationId }] = (await client.query(
        `INSERT INTO application (provider_bin, number, recipient_surname, recipient_name, recipient_patronymic, recipient_iin, service_code, place_of_acceptance, accepted_at, registered_at, planned_date, current_stage)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1) RETURNING id`,
        [input.providerBin, `LIMIT-${run}-${k}`, input.recipient.surname, input.recipient.name, input.recipient.patronymic ?? null, input.recipient.iinOrBin, input.serviceCode, input.placeOfAcceptance, input.acceptedAt, now, '2024-05-17'],
      )).rows;
      const [{ id: signatureId }] = (await client.query(
        `INSERT INTO signature (format, value, payload_sha256, received_at, verdict, signer_name, signer_bin, certificate_serial, certificate_issuer, algorithm, signed_at, verified_at)
         VALUES ('cms', $1, $2, $3, 'VALID', 'bench', $4, 'bench', 'bench', 'RSA-SHA256', $3, $3) RETURNING id`,
        [input.signature, p.payloadSha256, now, input.providerBin],
      )).rows;
      const messageId = `${input.messageId}:${k}`;
      await client.query(
        `INSERT INTO stage_record (application_id, stage, occurred_at, received_at, provider_bin, message_id, report, signature_id, reported_by)
         VALUES ($1, 1, $2, $3, $4, $5, $6, $7, 'bench-limit')`,
        [applicationId, input.occurredAt, now, input.providerBin, messageId, p.report, signatureId],
      );
      await client.query(
        `INSERT INTO exchange_message (message_id, correlation_id, direction, counterpart_bin, kind, application_id, attempts, created_at, delivered_at, outcome, size_bytes, sha256)
         VALUES ($1, $2, 'IN', $3, 'STAGE_REPORT', $7, 1, $4, $4, 'ACCEPTED', $5, $6)`,
        [messageId, applicationId, input.providerBin, now, p.report.length, sha256(p.report), applicationId],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  try {
    const r = await closedLoop(connections, seconds, warmupSeconds, one);
    return { perSecond: r.perSecond, reports: r.count, seconds: r.seconds, p50: r.p50, p99: r.p99 };
  } finally {
    await pool.end();
  }
}
