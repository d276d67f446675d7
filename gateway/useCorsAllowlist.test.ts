import { useCorsAllowlist } from './useCorsAllowlist';

const plugin = useCorsAllowlist(['https://console.example.kz']) as any;

/** The response the plugin leaves for a request from `origin`. */
function answer(origin: string, method = 'POST', asked?: string): Response {
  const headers: Record<string, string> = { origin };
  if (asked) headers['access-control-request-headers'] = asked;
  const request = new Request('https://hub.example.kz/graphql', { method, headers });
  let response = new Response('{}');
  plugin.onRequest({ request, fetchAPI: { Response }, endResponse: (r: Response) => { response = r; } });
  plugin.onResponse({ request, response });
  return response;
}

describe('CORS: only the listed origins', () => {
  it('lets a listed origin read the answer, with credentials', () => {
    const r = answer('https://console.example.kz');
    expect(r.headers.get('access-control-allow-origin')).toBe('https://console.example.kz');
    expect(r.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('gives any other origin no CORS header at all, and says the answer varies by origin', () => {
    const r = answer('https://evil.example.com');
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
    expect(r.headers.get('vary')).toBe('Origin');
  });

  it('answers a preflight itself, allowing a listed origin the headers it asks for', () => {
    const r = answer('https://console.example.kz', 'OPTIONS', 'authorization, x-graphql-csrf');
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-headers')).toBe('authorization, x-graphql-csrf');
    expect(r.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
  });

  it('fails a preflight of another origin: 204 without CORS headers', () => {
    const r = answer('https://evil.example.com', 'OPTIONS', 'authorization');
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-headers')).toBeNull();
  });
});
