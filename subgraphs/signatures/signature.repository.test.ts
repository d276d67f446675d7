import { DataSource } from 'typeorm';
import { createDataSource } from '../database';
import { SignatureRow } from './signature.entity';
import { recordSignature } from './signature.repository';

describe('recordSignature', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = createDataSource(process.env.TEST_DATABASE_URL!, 'qyzmet-test-signature-repository');
    await dataSource.initialize();
  });
  afterAll(async () => { await dataSource.destroy(); });

  it('keeps the signature in the caller\'s transaction and gives it back as the ORM reads it, with its id and defaults', async () => {
    const now = new Date();
    const values: Partial<SignatureRow> = {
      format: 'cms', value: 'MIIB', payloadSha256: 'a'.repeat(64), receivedAt: now, verdict: 'VALID', signerName: 'SIGNER', signerIin: null, signerBin: '010840004568',
      organisation: null, certificateSerial: '01', certificateIssuer: 'CN=test', algorithm: 'RSA-SHA256', signedAt: now, verifiedAt: now, reason: null, timestampedAt: null,
    };
    const kept = await dataSource.transaction((m) => recordSignature(m, values));
    expect(kept.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(kept).toEqual(await dataSource.manager.findOneBy(SignatureRow, { id: kept.id }));
    expect(kept.certificatePolicies).toEqual([]);

    const rolledBack = await dataSource.transaction(async (m) => {
      const row = await recordSignature(m, values);
      throw Object.assign(new Error('roll back'), { row });
    }).catch((error: { row: SignatureRow }) => error.row);
    expect(await dataSource.manager.findOneBy(SignatureRow, { id: rolledBack.id })).toBeNull();
  });
});
