import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { startHub, TestHub } from '../../support/hub';
import { CITIZEN_IIN, tokenFor } from '../../support/tokens';

describe('a gateway configured with an RS256 public key', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let hub: TestHub;
  beforeAll(async () => { hub = await startHub({ jwt: { publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() } }); });
  afterAll(async () => { await hub.stop(); });

  it('accepts a token signed with the matching private key and forwards its identity', async () => {
    const token = jwt.sign({ sub: 'egov-user', role: 'citizen', iin: CITIZEN_IIN }, privateKey, { algorithm: 'RS256', expiresIn: '5m' });
    const result = await hub.query('{ myApplications { nodes { recipient { iinOrBin } } } }', {}, token);
    expect(result.errors).toBeUndefined();
    for (const app of result.data.myApplications.nodes) expect(app.recipient.iinOrBin).toBe(CITIZEN_IIN);
  });

  it('refuses an HS256 token, even one signed with the development secret', async () => {
    const response = await fetch(hub.gateways[0].url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenFor('admin')}` },
      body: JSON.stringify({ query: '{ services { code } }' }),
    });
    expect(response.status).toBe(401);
  });
});
