import { defaultExecutionRequestSerializer, useHmacUpstreamSignature } from '@graphql-hive/gateway-runtime';
import { parse, print } from 'graphql';
import { upstreamGuard } from '../platform/upstream-guard';
import { HMAC_EXTENSION, signedBytes, STAMP_EXTENSION } from '../platform/upstream-signature';
import { upstreamQueryText, useUpstreamSigning } from './upstream-signing';

const SECRET = 'test-only-upstream-signing-secret-0123456789';
const DOCUMENT = parse('query Q($id: ID!) { application(id: $id) { id   number timeline { stage } } }');
const PAYLOAD = { sub: 'u', role: 'citizen', iin: '900101300126', exp: Math.floor(Date.now() / 1000) + 600 };

interface Sent { document: typeof DOCUMENT; variables?: Record<string, unknown>; extensions?: Record<string, unknown> }

/** What the plugin makes of one upstream request to `subgraph`. */
function signedRequest(plugin: ReturnType<typeof useUpstreamSigning>, subgraph: string, request: Sent): Sent {
  let sent: Sent = request;
  (plugin as any).onSubgraphExecute({ subgraphName: subgraph, executionRequest: request, setExecutionRequest: (r: Sent) => { sent = r; } });
  return sent;
}

/** The body the HTTP executor posts: the printed query, the variables and the extensions. */
const bodyOf = (sent: Sent) => ({ query: upstreamQueryText()(sent.document), variables: sent.variables, extensions: sent.extensions });

describe("the gateway's upstream stamp and signature", () => {
  const plugin = useUpstreamSigning(SECRET);

  it('is taken by the subgraph it is for, once, with the identity it binds', () => {
    const guard = upstreamGuard({ secret: SECRET, subgraph: 'statuses' });
    const sent = signedRequest(plugin, 'statuses', { document: DOCUMENT, variables: { id: 'a' }, extensions: { jwt: { payload: PAYLOAD } } });
    expect(guard(bodyOf(sent))).toMatchObject({ role: 'citizen', iin: PAYLOAD.iin });
    expect(() => guard(bodyOf(sent))).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'UPSTREAM_REQUEST_REPLAYED' }) }));
  });

  it('is refused by another subgraph, and once the variables or the identity are changed', () => {
    const sent = signedRequest(plugin, 'statuses', { document: DOCUMENT, variables: { id: 'a' }, extensions: { jwt: { payload: PAYLOAD } } });
    const code = (subgraph: string, params: ReturnType<typeof bodyOf>) => {
      try {
        upstreamGuard({ secret: SECRET, subgraph })(params);
        return 'TAKEN';
      } catch (error) {
        return (error as { extensions: { code: string } }).extensions.code;
      }
    };
    expect(code('applications', bodyOf(sent))).toBe('UPSTREAM_REQUEST_STALE');
    expect(code('statuses', { ...bodyOf(sent), variables: { id: 'b' } })).toBe('UPSTREAM_SIGNATURE_INVALID');
    const other = { ...sent.extensions, jwt: { payload: { ...PAYLOAD, role: 'admin' } } };
    expect(code('statuses', { ...bodyOf(sent), extensions: other })).toBe('UPSTREAM_SIGNATURE_INVALID');
  });

  it('stamps every request anew, and leaves the request it was given as it was', () => {
    const request: Sent = { document: DOCUMENT, extensions: { jwt: { payload: PAYLOAD } } };
    const first = signedRequest(plugin, 'signatures', request);
    const second = signedRequest(plugin, 'signatures', request);
    const stamp = (s: Sent) => s.extensions?.[STAMP_EXTENSION] as { id: string; to: string };
    expect(stamp(first).to).toBe('signatures');
    expect(stamp(first).id).not.toBe(stamp(second).id);
    expect(first.extensions?.[HMAC_EXTENSION]).not.toBe(second.extensions?.[HMAC_EXTENSION]);
    expect(request.extensions).toEqual({ jwt: { payload: PAYLOAD } });
  });

  it("signs the same bytes with the same HMAC as the runtime's own plugin did", async () => {
    const sent = signedRequest(plugin, 'statuses', { document: DOCUMENT, variables: { id: 'a' }, extensions: { jwt: { payload: PAYLOAD } } });
    const { [HMAC_EXTENSION]: ours, ...unsigned } = sent.extensions!;
    const theirs = { ...sent, extensions: { ...unsigned } };
    const runtime = useHmacUpstreamSignature({
      secret: SECRET,
      extensionName: HMAC_EXTENSION,
      serializeExecutionRequest: (request) => {
        const base = JSON.parse(defaultExecutionRequestSerializer(request) ?? '{}');
        return signedBytes({ query: base.query, variables: base.variables, extensions: request.extensions });
      },
    }) as any;
    runtime.onYogaInit({ yoga: { fetchAPI: { TextEncoder, crypto: globalThis.crypto, btoa } } });
    const log = { child: () => log, debug: () => undefined };
    await runtime.onSubgraphExecute({ subgraphName: 'statuses', executionRequest: theirs, log });
    expect(ours).toBe(theirs.extensions[HMAC_EXTENSION]);
  });

  it('prints a document once, as the executors send it', () => {
    const queryOf = upstreamQueryText();
    const text = queryOf(DOCUMENT);
    expect(text).toBe(JSON.parse(defaultExecutionRequestSerializer({ document: DOCUMENT } as never)!).query);
    expect(text).not.toBe(print(DOCUMENT));
    expect(queryOf(DOCUMENT)).toBe(text);
  });
});
