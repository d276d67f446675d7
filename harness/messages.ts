import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';

/**
 * What tests, fault tests and benchmarks send to the hub: demo organisations and people from
 * reference/services.json (valid checksums), a stage report that registers a request, a
 * submission, an attached file; and a free port. One copy, compiled with the build for the bench.
 */
export const JUSTICE_BIN = '010840004568';
export const MIGRATION_BIN = '121240003216';
export const CITIZEN_IIN = '900101300126';

/** A fresh request number, so scenarios never collide in a shared database. */
export const newNumber = () => `T-${randomUUID().slice(0, 13)}`;

/** A registering stage report (all eight fields) for a new request of the justice department, with what the caller overrides. */
export function registration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    providerBin: JUSTICE_BIN,
    applicationNumber: newNumber(),
    stage: 'ACCEPTED',
    occurredAt: '2024-05-02T10:00:00+05:00',
    messageId: randomUUID(),
    recipient: { surname: 'Сейткали', name: 'Айгерим', patronymic: 'Нурлановна', iinOrBin: CITIZEN_IIN },
    serviceCode: 'CRIM-CERT',
    placeOfAcceptance: 'ЦОН района Алматы, г. Астана',
    acceptedAt: '2024-05-02T10:00:00+05:00',
    ...overrides,
  };
}

export function file(text: string, name = 'scan.pdf', mediaType = 'application/pdf') {
  const bytes = Buffer.from(text, 'utf8');
  return { fileName: name, mediaType, contentBase64: bytes.toString('base64'), sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** An unsigned submission of a free service (CRIM-CERT, justice department, its own system) with what the caller overrides. */
export function submission(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    messageId: randomUUID(),
    serviceCode: 'CRIM-CERT',
    recipient: { surname: 'Сейткали', name: 'Айгерим', patronymic: 'Нурлановна', iinOrBin: CITIZEN_IIN },
    placeOfAcceptance: 'ЦОН района Есиль, г. Астана',
    attachments: [{ documentType: 'IDENTITY', file: file('удостоверение личности (скан)') }],
    consent: { kind: 'WRITTEN', givenAt: new Date().toISOString(), scan: file('согласие на обработку персональных данных') },
    ...overrides,
  };
}

/** A port free on loopback now (for a process that must be told its port before it starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
