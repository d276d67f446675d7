import { startHub, TestHub } from '../../support/hub';
import { demoSigners, followUp, registration, REPORT_STAGE, signed } from '../../support/reports';
import { AKIMAT_BIN, JUSTICE_BIN, tokenFor } from '../../support/tokens';

let hub: TestHub;
const provider = tokenFor('provider', { bin: JUSTICE_BIN });

beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub.stop(); });

const send = (input: Record<string, unknown>) => hub.query(REPORT_STAGE, { input }, provider);
const refusalsOf = (messageId: unknown) => hub.dataSource.query('SELECT code, field, kind, sender_bin FROM message_refusal WHERE message_id = $1', [messageId]);
const storedCount = async (number: unknown) => (await hub.dataSource.query('SELECT count(*)::int AS n FROM application WHERE number = $1', [number]))[0].n;

describe('no stage without a valid signature', () => {
  it('refuses an unsigned stage report and journals the refusal', async () => {
    const input: Record<string, unknown> = { ...registration(), signature: '' };
    const result = await send(input);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'SIGNATURE_REQUIRED', field: 'input.signature' });
    expect(await storedCount(input.applicationNumber)).toBe(0);
    expect(await refusalsOf(input.messageId)).toEqual([{ code: 'SIGNATURE_REQUIRED', field: 'input.signature', kind: 'STAGE_REPORT', sender_bin: JUSTICE_BIN }]);
  });

  it('refuses a report signed by a person of another organisation', async () => {
    const input = signed(registration(), AKIMAT_BIN);
    const result = await send(input);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'SIGNER_MISMATCH', field: 'input.signature' });
    expect(await storedCount(input.applicationNumber)).toBe(0);
  });

  it('refuses a report changed after it was signed', async () => {
    const original = signed(registration());
    const changed: Record<string, unknown> = { ...original, placeOfAcceptance: 'somewhere else' };
    const result = await send(changed);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'PAYLOAD_MISMATCH', field: 'input.signature' });
    expect((await refusalsOf(changed.messageId))[0].code).toBe('PAYLOAD_MISMATCH');
  });

  it("lists refusals to admins, and to a provider only its own", async () => {
    const input = { ...registration(), signature: '' } as Record<string, unknown>;
    await send(input);
    const query = `query($bin: String) { stageReportRefusals(providerBin: $bin, first: 100) { nodes { messageId code field senderBin receivedAt } } }`;
    const admin = await hub.query(query, {}, tokenFor('admin'));
    expect(admin.data.stageReportRefusals.nodes.find((r: { messageId: string }) => r.messageId === input.messageId)).toMatchObject({ code: 'SIGNATURE_REQUIRED', senderBin: JUSTICE_BIN });
    const own = await hub.query(query, {}, provider);
    expect(own.data.stageReportRefusals.nodes.every((r: { senderBin: string }) => r.senderBin === JUSTICE_BIN)).toBe(true);
    const other = await hub.query(query, { bin: AKIMAT_BIN }, provider);
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'providerBin' });
    // newest first, page after page, none twice
    await send({ ...registration(), signature: '' });
    const paged = `query($after: String) { stageReportRefusals(first: 1, after: $after) { edges { cursor node { id receivedAt } } pageInfo { hasNextPage endCursor } } }`;
    const page1 = (await hub.query(paged, {}, tokenFor('admin'))).data.stageReportRefusals;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await hub.query(paged, { after: page1.pageInfo.endCursor }, tokenFor('admin'))).data.stageReportRefusals;
    expect(page2.edges[0].node.id).not.toBe(page1.edges[0].node.id);
    expect(page2.edges[0].node.receivedAt <= page1.edges[0].node.receivedAt).toBe(true);
    const citizen = await hub.query(query, {}, tokenFor('citizen', { iin: '900101300126' }));
    expect(citizen.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses garbage in place of a signature', async () => {
    const result = await send({ ...registration(), signature: 'definitely not a CMS' });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'MALFORMED_SIGNATURE', field: 'input.signature' });
  });
});

describe('who signed each stage', () => {
  it('shows a contact-centre query the signer of every stage in the timeline', async () => {
    const first = registration();
    const receipt = await send(signed(first));
    expect(receipt.errors).toBeUndefined();
    await send(signed(followUp(first.applicationNumber as string, 'SENT_FOR_EXECUTION', '2024-05-02T11:00:00+05:00')));
    const id = receipt.data.reportStage.record.application.id;
    const result = await hub.query(
      `query($id: ID!) { application(id: $id) { timeline { stage signature { verdict signerName signerIin signerBin certificateSerial certificateIssuer algorithm signedAt verifiedAt } } } }`,
      { id }, tokenFor('contact_centre'));
    expect(result.errors).toBeUndefined();
    const signer = demoSigners().find((s) => s.bin === JUSTICE_BIN)!;
    const timeline = result.data.application.timeline;
    expect(timeline).toHaveLength(2);
    for (const stage of timeline) {
      expect(stage.signature).toMatchObject({ verdict: 'VALID', signerName: signer.name, signerIin: signer.iin, signerBin: JUSTICE_BIN, algorithm: 'RSA-SHA256' });
      expect(stage.signature.certificateIssuer).toContain('demo root CA');
      expect(stage.signature.signedAt).toMatch(/\+05:00$/);
    }
  });
});
