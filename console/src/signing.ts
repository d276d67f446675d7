import canonicalize from 'canonicalize';
import { plainPayload } from '../../lib/ecp/plain-payload';
import { demoSign } from './api/console-api';
import { ApiError } from './api/errors';
import type { Lang } from './i18n';

export interface SignResult {
  /** base64 CMS */
  signature: string;
  /** who signed, when the signer can tell */
  signer?: { name: string; iin?: string; bin?: string };
}

/**
 * Signs a message for the hub. The exchange rules: a detached CMS (PKCS#7 SignedData) over the
 * RFC 8785 (JCS) canonical JSON, UTF-8, of the message without its `signature`, absent fields
 * left out, the stage by its name (the hub rebuilds the same bytes from what it receives).
 */
export interface Signer {
  /** `as`: someone else at the same desk signs with their own key (the recipient's consent at the operator's) */
  sign(payload: Record<string, unknown>, as?: SignAs): Promise<SignResult>;
}

export interface SignAs { role: 'citizen'; iin: string }

function withoutSignature(payload: Record<string, unknown>): Record<string, unknown> {
  const { signature: _dropped, ...rest } = payload;
  return rest;
}

/** The bytes the hub verifies the signature against. */
export function canonicalBytes(payload: Record<string, unknown>): Uint8Array {
  return new TextEncoder().encode(canonicalize(plainPayload(withoutSignature(payload))) ?? 'null');
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The test stand: the gateway signs with the demo CA's key of the signed-in organisation. */
export class DemoSigner implements Signer {
  constructor(private readonly token: () => string) {}

  async sign(payload: Record<string, unknown>, as?: SignAs): Promise<SignResult> {
    const answer = await demoSign(this.token(), withoutSignature(payload), as);
    return { signature: answer.signature, signer: answer.signer };
  }
}

const NCALAYER_URL = 'wss://127.0.0.1:13579/';

interface NcaLayerAnswer {
  status?: boolean;
  body?: { result?: string[] | string };
  code?: string;
  message?: string;
}

/**
 * Production: NCALayer, the NCA RK's signing app on the user's machine, over its local websocket.
 * Module kz.gov.pki.knca.basics, method sign, format cms; data is the base64 of the canonical
 * bytes with decode: true (NCALayer signs the decoded bytes, not the base64 text) and
 * encapsulate: false (detached). extKeyUsageOids 1.3.6.1.5.5.7.3.4 offers only signing
 * certificates (not the authentication ones). The answer is { status: true, body: { result:
 * [<base64 CMS>] } }, or status false with a code and message (e.g. the user cancelled).
 *
 * Kept hand-written rather than npm's ncalayer-js-client (1.5.6, issue 20): that client sends the
 * same basics.sign request (same args, decode true, encapsulate false), but is 1,140 lines of
 * untyped JS for every NCALayer module with `ws` as a dependency, where the console needs this one
 * call; this one is typed and tested against a stand-in NCALayer in signing.test.ts.
 */
export class NcaLayerSigner implements Signer {
  constructor(private readonly lang: () => Lang, private readonly url = NCALAYER_URL) {}

  sign(payload: Record<string, unknown>): Promise<SignResult> {
    const request = {
      module: 'kz.gov.pki.knca.basics',
      method: 'sign',
      args: {
        allowedStorages: ['AKKaztokenStore', 'AKKZIDCardStore', 'PKCS12'],
        format: 'cms',
        data: toBase64(canonicalBytes(payload)),
        signingParams: { decode: true, encapsulate: false, digested: false, tsaProfile: {} },
        signerParams: { extKeyUsageOids: ['1.3.6.1.5.5.7.3.4'], chain: [] },
        locale: this.lang(),
      },
    };
    return new Promise<SignResult>((resolve, reject) => {
      let socket: WebSocket;
      try {
        socket = new WebSocket(this.url);
      } catch (error) {
        reject(new ApiError([{ code: 'NCALAYER_UNAVAILABLE', message: String(error) }]));
        return;
      }
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        fn();
        socket.close();
      };
      socket.onopen = () => socket.send(JSON.stringify(request));
      socket.onerror = () => finish(() => reject(new ApiError([{ code: 'NCALAYER_UNAVAILABLE', message: this.url }])));
      socket.onclose = () => finish(() => reject(new ApiError([{ code: 'NCALAYER_UNAVAILABLE', message: this.url }])));
      socket.onmessage = (message) => {
        let answer: NcaLayerAnswer;
        try {
          answer = JSON.parse(String(message.data)) as NcaLayerAnswer;
        } catch {
          return;
        }
        // NCALayer may greet with its version first: only an answer with a status counts
        if (typeof answer.status !== 'boolean') return;
        if (!answer.status) {
          finish(() => reject(new ApiError([{ code: 'NCALAYER_ERROR', message: [answer.code, answer.message].filter(Boolean).join(': ') }])));
          return;
        }
        const result = answer.body?.result;
        const cms = Array.isArray(result) ? result[0] : result;
        if (!cms) finish(() => reject(new ApiError([{ code: 'NCALAYER_ERROR', message: 'empty result' }])));
        else finish(() => resolve({ signature: cms }));
      };
    });
  }
}

export function createSigner(demo: boolean, token: () => string, lang: () => Lang): Signer {
  return demo ? new DemoSigner(token) : new NcaLayerSigner(lang);
}
