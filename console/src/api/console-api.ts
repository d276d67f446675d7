import type { ConsoleConfig, DemoIdentity, DemoSignature } from '../../../gateway/console-api';
import type { Identity } from '../session';
import { restJson } from './http';

export type { ConsoleConfig, DemoIdentity, DemoSignature };

const API = '/console/api';

export const fetchConfig = () => restJson<ConsoleConfig>(`${API}/config`);

export const fetchDemoIdentities = () => restJson<DemoIdentity[]>(`${API}/demo/identities`);

export async function demoToken(identity: DemoIdentity): Promise<{ token: string; identity: Identity }> {
  // exactly the identity's keys: the endpoint matches absent and present bin/iin strictly
  const body = { role: identity.role, ...(identity.bin ? { bin: identity.bin } : {}), ...(identity.iin ? { iin: identity.iin } : {}) };
  const answer = await restJson<{ token: string; identity: DemoIdentity }>(`${API}/demo/token`, { method: 'POST', body });
  return { token: answer.token, identity: { ...answer.identity } };
}

export const demoSign = (token: string, payload: Record<string, unknown>, as?: { role: string; iin: string }) =>
  restJson<DemoSignature>(`${API}/demo/sign`, { method: 'POST', token, body: as ? { payload, as } : { payload } });
