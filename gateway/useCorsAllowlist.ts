import { GatewayPlugin } from '@graphql-hive/gateway-runtime';

/** How long a browser may keep an allowed preflight's answer. */
const CORS_MAX_AGE_SECONDS = 600;

/**
 * Browsers of the listed origins (exact `scheme://host[:port]`) may call the gateway with
 * credentials; any other origin gets no CORS header at all, so a browser keeps its page from
 * reading the answer (and a preflight fails). No list: no cross-origin access. (The runtime's own
 * CORS reflects any origin with credentials when it is given no list, and its one-origin list
 * answers that origin to everyone: it is turned off in server.ts.)
 */
export function useCorsAllowlist(origins: readonly string[]): GatewayPlugin {
  const allowed = new Set(origins);
  const allowedOrigin = (request: Request) => {
    const origin = request.headers.get('origin');
    return origin && allowed.has(origin) ? origin : undefined;
  };
  return {
    onRequest({ request, fetchAPI, endResponse }: { request: Request; fetchAPI: { Response: typeof Response }; endResponse: (response: Response) => void }) {
      // a preflight is answered here; its CORS headers (or none) are added in onResponse
      if (request.method.toUpperCase() === 'OPTIONS') endResponse(new fetchAPI.Response(null, { status: 204, headers: { 'Content-Length': '0' } }));
    },
    onResponse({ request, response }: { request: Request; response: Response }) {
      // the answer differs by origin: a shared cache must not hand one origin's to another
      response.headers.append('Vary', 'Origin');
      const origin = allowedOrigin(request);
      if (!origin) return;
      response.headers.set('Access-Control-Allow-Origin', origin);
      response.headers.set('Access-Control-Allow-Credentials', 'true');
      response.headers.set('Access-Control-Expose-Headers', 'x-request-id, retry-after');
      if (request.method.toUpperCase() !== 'OPTIONS') return;
      response.headers.set('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      // a listed origin is trusted to send the headers it asks for (authorization, the CSRF ones, a client name)
      const asked = request.headers.get('access-control-request-headers');
      if (asked) {
        response.headers.set('Access-Control-Allow-Headers', asked);
        response.headers.append('Vary', 'Access-Control-Request-Headers');
      }
      response.headers.set('Access-Control-Max-Age', String(CORS_MAX_AGE_SECONDS));
    },
  } as GatewayPlugin;
}
