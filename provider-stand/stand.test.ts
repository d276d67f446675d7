import { DEV_PROVIDER_TOKEN } from '../platform/config';
import { ProviderStand } from './stand';

const BIN = '000140000011';

/** A request as the hub's delivery worker POSTs it (the stand checks its shape, not its signature). */
const post = (stand: ProviderStand, messageId: string) => fetch(stand.endpointFor(BIN), {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${DEV_PROVIDER_TOKEN}` },
  body: JSON.stringify({ kind: 'REQUEST', messageId, application: { providerBin: BIN, number: 'N-1' }, signature: 'cms' }),
}).then((r) => r.json());

describe('the provider stand read from outside its process (GET /records)', () => {
  it('lists the message ids taken as new, in order, and every reception on the wire', async () => {
    const stand = await new ProviderStand({ signers: [] }).start();
    try {
      expect(await post(stand, 'm-1')).toMatchObject({ accepted: true });
      expect(await post(stand, 'm-2')).toMatchObject({ accepted: true });
      expect(await post(stand, 'm-1')).toMatchObject({ accepted: true, duplicate: true });
      const records = await (await fetch(`${stand.url}/records`)).json();
      expect(records).toEqual({ accepted: ['m-1', 'm-2'], received: { 'm-1': 2, 'm-2': 1 } });
    } finally {
      await stand.stop();
    }
  });
});
