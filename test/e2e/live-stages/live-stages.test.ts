import jwt from 'jsonwebtoken';
import { DEV_JWT_SECRET } from '../../../platform/config';
import { collect, startHub, TestHub } from '../../support/hub';
import { followUp, registration, REPORT_STAGE, signed, STAGE_ORDER } from '../../support/reports';
import { AKIMAT_BIN, CITIZEN_IIN, JUSTICE_BIN, OTHER_CITIZEN_IIN, tokenFor } from '../../support/tokens';

const STAGE_CHANGED = `
  subscription Changes($filter: StageChangeFilter, $after: String) {
    stageChanged(filter: $filter, after: $after) {
      cursor stage occurredAt
      application { id number currentStage recipient { iinOrBin } service { code name } }
      service { nameKk nameRu }
    }
  }`;

type Event = { stageChanged: { cursor: string; stage: string; application: { id: string; number: string; currentStage: string; service: { code: string; name: string } }; service: { nameKk: string; nameRu: string } } };

let hub: TestHub;
const provider = tokenFor('provider', { bin: JUSTICE_BIN });
const contactCentre = tokenFor('contact_centre');

beforeAll(async () => { hub = await startHub({ statusesInstances: 2 }); });
afterAll(async () => { await hub.stop(); });

const report = async (input: Record<string, unknown>, gateway = 0) => {
  const result = await hub.query(REPORT_STAGE, { input: signed(input) }, provider, gateway);
  expect(result.errors).toBeUndefined();
  return result.data.reportStage;
};

/** Registers a request and waits until a subscriber sees it, to learn its id. */
async function allSixStages(number: string, gateway = 0) {
  const times = ['2024-05-02T10:00:00+05:00', '2024-05-02T11:00:00+05:00', '2024-05-03T09:00:00+05:00', '2024-05-06T15:00:00+05:00', '2024-05-06T16:00:00+05:00', '2024-05-07T10:00:00+05:00'];
  const extra: Record<string, Record<string, unknown>> = {
    ACCEPTED_INTO_WORK: { executor: 'Ахметова Д.' },
    EXECUTED: { executionDate: '2024-05-06T15:00:00+05:00' },
    CLOSED: { outcome: 'ISSUED' },
  };
  const receipts = [];
  for (const [i, stage] of STAGE_ORDER.entries()) {
    const input = i === 0 ? registration({ applicationNumber: number }) : followUp(number, stage, times[i], extra[stage] ?? {});
    receipts.push(await report(input, gateway));
  }
  return receipts;
}

describe('a contact-centre client subscribed through the gateway', () => {
  it('sees each of the six stages as it is recorded, with fields from other subgraphs', async () => {
    const number = `LIVE-${Date.now()}`;
    const sub = collect<Event>(hub.wsClient(contactCentre), STAGE_CHANGED, { filter: { providerBin: JUSTICE_BIN } });
    await new Promise((r) => setTimeout(r, 300)); // let the subscription reach the subgraph
    await allSixStages(number);
    const mine = async () => (await sub.next(6)).filter((e) => e.stageChanged.application.number === number);
    const events = await mine();
    expect(events.map((e) => e.stageChanged.stage)).toEqual([...STAGE_ORDER]);
    expect(events[0].stageChanged.application.service).toEqual({ code: 'CRIM-CERT', name: 'Выдача справки о наличии либо отсутствии судимости' });
    expect(events[0].stageChanged.service.nameKk).toMatch(/анықтама/);
    expect(sub.errors).toEqual([]);
    sub.unsubscribe();
  });
});

describe('subscription filters', () => {
  it('delivers only the events of the filtered service', async () => {
    const sub = collect<Event>(hub.wsClient(contactCentre), STAGE_CHANGED, { filter: { serviceCode: 'RE-RIGHTS' } });
    await new Promise((r) => setTimeout(r, 300));
    await report(registration({ serviceCode: 'CRIM-CERT' }));
    const wanted = await report(registration({ serviceCode: 'RE-RIGHTS' }));
    const [event] = await sub.next(1);
    expect(event.stageChanged.application.id).toBe(wanted.record.application.id);
    await report(registration({ serviceCode: 'PASSPORT' }));
    const last = await report(registration({ serviceCode: 'RE-RIGHTS' }));
    const events = await sub.next(2);
    expect(events[1].stageChanged.application.id).toBe(last.record.application.id);
    expect(events.every((e) => e.stageChanged.application.service.code === 'RE-RIGHTS')).toBe(true);
    sub.unsubscribe();
  });

  it('narrows a citizen to their own applications and refuses asking for someone else', async () => {
    const citizen = hub.wsClient(tokenFor('citizen', { iin: OTHER_CITIZEN_IIN }));
    const sub = collect<Event>(citizen, STAGE_CHANGED, {});
    await new Promise((r) => setTimeout(r, 300));
    await report(registration()); // for CITIZEN_IIN: not to be seen
    const own = await report(registration({ recipient: { surname: 'Ким', name: 'Анна', iinOrBin: OTHER_CITIZEN_IIN } }));
    const [event] = await sub.next(1);
    expect(event.stageChanged.application.id).toBe(own.record.application.id);
    sub.unsubscribe();

    const refused = collect<Event>(hub.wsClient(tokenFor('citizen', { iin: OTHER_CITIZEN_IIN })), STAGE_CHANGED, { filter: { recipientIin: CITIZEN_IIN } });
    await new Promise((r) => setTimeout(r, 500));
    expect(JSON.stringify(refused.errors)).toContain('FORBIDDEN');
  });

  it("refuses a provider subscribing to another organisation's stages", async () => {
    const sub = collect<Event>(hub.wsClient(provider), STAGE_CHANGED, { filter: { providerBin: AKIMAT_BIN } });
    await new Promise((r) => setTimeout(r, 500));
    expect(JSON.stringify(sub.errors)).toContain('FORBIDDEN');
  });
});

describe('resuming after a reconnect', () => {
  it('gets every event missed while disconnected, then live ones, with none lost or repeated', async () => {
    const number = `RESUME-${Date.now()}`;
    const first = collect<Event>(hub.wsClient(contactCentre), STAGE_CHANGED, { filter: { providerBin: JUSTICE_BIN } });
    await new Promise((r) => setTimeout(r, 300));
    const reg = await report(registration({ applicationNumber: number }));
    const [seen] = await first.next(1);
    expect(seen.stageChanged.application.id).toBe(reg.record.application.id);
    first.unsubscribe();

    // while disconnected
    await report(followUp(number, 'SENT_FOR_EXECUTION', '2024-05-02T11:00:00+05:00'));
    await report(followUp(number, 'ACCEPTED_INTO_WORK', '2024-05-03T09:00:00+05:00', { executor: 'Ахметова Д.' }));

    const resumed = collect<Event>(hub.wsClient(contactCentre), STAGE_CHANGED, { filter: { applicationId: reg.record.application.id }, after: seen.stageChanged.cursor });
    const missed = await resumed.next(2);
    expect(missed.map((e) => e.stageChanged.stage)).toEqual(['SENT_FOR_EXECUTION', 'ACCEPTED_INTO_WORK']);
    await report(followUp(number, 'EXECUTED', '2024-05-06T15:00:00+05:00', { executionDate: '2024-05-06T15:00:00+05:00' }));
    const all = await resumed.next(3);
    expect(all.map((e) => e.stageChanged.stage)).toEqual(['SENT_FOR_EXECUTION', 'ACCEPTED_INTO_WORK', 'EXECUTED']);
    const cursors = all.map((e) => BigInt(e.stageChanged.cursor));
    expect(cursors).toEqual([...cursors].sort((a, b) => (a < b ? -1 : 1)));
    await new Promise((r) => setTimeout(r, 200));
    expect(resumed.events).toHaveLength(3);
    resumed.unsubscribe();
  });

  it('refuses a cursor that is not one', async () => {
    const sub = collect<Event>(hub.wsClient(contactCentre), STAGE_CHANGED, { after: 'yesterday' });
    await new Promise((r) => setTimeout(r, 500));
    expect(JSON.stringify(sub.errors)).toContain('INVALID_CURSOR');
  });
});

describe('a subscriber whose token expires', () => {
  it('sees its subscription end with TOKEN_EXPIRED at expiry, and resumes with a fresh token after its last cursor, missing nothing', async () => {
    const number = `EXPIRY-${Date.now()}`;
    const shortLived = jwt.sign({ role: 'contact_centre', sub: 'expiring-contact-centre' }, DEV_JWT_SECRET, { algorithm: 'HS256', expiresIn: 4 });
    const expiresAt = (jwt.decode(shortLived) as { exp: number }).exp * 1000;
    // subscriptions the first statuses instance (behind the first gateway) serves
    const upstream = async () => (await hub.subgraphs.filter((s) => s.name === 'statuses')[0].metrics.registry.getSingleMetric('qyzmet_active_subscriptions')!.get()).values[0].value;
    const before = await upstream();
    const first = collect<Event>(hub.wsClient(shortLived), STAGE_CHANGED, { filter: { providerBin: JUSTICE_BIN } });
    await new Promise((r) => setTimeout(r, 300));
    const registered = await report(registration({ applicationNumber: number }));
    const applicationId = registered.record.application.id;
    await first.next(1);
    expect(first.errors).toEqual([]);
    expect(await upstream()).toBe(before + 1);

    const deadline = expiresAt + 3000;
    while (!first.errors.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
    expect(first.errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code)).toEqual(['TOKEN_EXPIRED']);
    // and the gateway let go of it upstream
    for (let i = 0; i < 40 && (await upstream()) !== before; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await upstream()).toBe(before);

    // recorded while nobody listened; the expired subscription delivers nothing more
    await report(followUp(number, 'SENT_FOR_EXECUTION', '2024-05-02T11:00:00+05:00'));
    const received = first.events.filter((e) => e.stageChanged.application.id === applicationId);
    expect(received.map((e) => e.stageChanged.stage)).toEqual(['ACCEPTED']);

    const resumed = collect<Event>(hub.wsClient(contactCentre), STAGE_CHANGED, { filter: { applicationId }, after: first.events.at(-1)!.stageChanged.cursor });
    const [missed] = await resumed.next(1);
    expect(missed.stageChanged.stage).toBe('SENT_FOR_EXECUTION');
    await report(followUp(number, 'ACCEPTED_INTO_WORK', '2024-05-03T09:00:00+05:00', { executor: 'Ахметова Д.' }));
    await resumed.next(2);
    await new Promise((r) => setTimeout(r, 200));
    const stages = [...received, ...resumed.events].map((e) => e.stageChanged.stage);
    expect(stages).toEqual(['ACCEPTED', 'SENT_FOR_EXECUTION', 'ACCEPTED_INTO_WORK']);
    expect(first.events.filter((e) => e.stageChanged.application.id === applicationId)).toHaveLength(1);
    expect(resumed.errors).toEqual([]);
    resumed.unsubscribe();
  });
});

describe('two statuses instances', () => {
  it('delivers a report recorded on one instance to a subscriber on the other', async () => {
    const number = `CROSS-${Date.now()}`;
    const onSecond = collect<Event>(hub.wsClient(contactCentre, 1), STAGE_CHANGED, { filter: { providerBin: JUSTICE_BIN } });
    const onFirst = collect<Event>(hub.wsClient(contactCentre, 0), STAGE_CHANGED, { filter: { providerBin: JUSTICE_BIN } });
    await new Promise((r) => setTimeout(r, 300));
    const viaFirst = await report(registration({ applicationNumber: number }), 0);
    const viaSecond = await report(followUp(number, 'SENT_FOR_EXECUTION', '2024-05-02T11:00:00+05:00'), 1);
    for (const sub of [onFirst, onSecond]) {
      const events = (await sub.next(2)).map((e) => e.stageChanged);
      expect(events.map((e) => e.cursor)).toEqual([viaFirst.record.cursor, viaSecond.record.cursor]);
      sub.unsubscribe();
    }
  });

  it('publishes nothing new for a resent message id', async () => {
    const input = registration();
    const sub = collect<Event>(hub.wsClient(contactCentre), STAGE_CHANGED, { filter: { providerBin: JUSTICE_BIN } });
    await new Promise((r) => setTimeout(r, 300));
    await report(input, 0);
    await report(input, 1);
    const marker = await report(registration(), 0);
    const events = await sub.next(2);
    expect(events[1].stageChanged.cursor).toBe(marker.record.cursor);
    sub.unsubscribe();
  });
});
