import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { DEV_JWT_SECRET, type HubConfig } from '../platform/config';
import { ErrorCode } from '../platform/errors';
import { decodedPath, requestUrl } from '../platform/http-guard';
import { repoRoot } from '../platform/paths';
import type { DemoSigner } from '../subgraphs/signatures/api';
import { plainPayload } from '../subgraphs/signatures/api';
import { canonicalBytes } from '../lib/ecp/canonical';
import { signCms } from '../lib/ecp/pki';
import type { ConsoleConfig, DemoIdentity, DemoSignature } from './console-api';

export type { DemoIdentity };

export const CONSOLE_PATH = '/console';

export interface ConsoleOptions {
  /** the built console (`vite build`): index.html and assets/ */
  dir: string;
  /**
   * Demo mode (the test stand): an identity picker that mints development tokens, and signing with
   * the demo CA's test-only certificates in place of NCALayer. Never in production.
   */
  demo?: { jwtSecret: string; issuer?: string; audience?: string; signersFile: string };
  /** set by the gateway when it runs only trusted operations (it trusts the console's own then) */
  trustedOperations?: boolean;
}

/** The console build's own operations (id → document), written by its Vite config. */
export function consoleOperations(dir: string): Map<string, string> {
  const file = path.join(dir, 'trusted-operations.json');
  if (!existsSync(file)) return new Map();
  return new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>));
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2',
};
const MAX_SIGN_BYTES = 1024 * 1024;
const DEMO_TOKEN_TTL = '8h';

/** The console's demo mode for this configuration: only on the test stand, never in production. */
export function demoConsole(config: HubConfig): ConsoleOptions['demo'] {
  // a real secret would let anyone mint a working admin token from the picker
  if (!config.pki.demo || config.env === 'production' || config.jwt.secret !== DEV_JWT_SECRET) return undefined;
  return { jwtSecret: config.jwt.secret, issuer: config.jwt.issuer, audience: config.jwt.audience, signersFile: path.join(config.dataDir, 'pki', 'demo', 'signers.json') };
}

/** The built console in dist/console, or undefined when it was not built. */
export function builtConsoleDir(): string | undefined {
  const dir = path.join(repoRoot(), 'dist', 'console');
  return existsSync(path.join(dir, 'index.html')) ? dir : undefined;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function refuse(res: ServerResponse, status: number, code: ErrorCode | 'INTERNAL_SERVER_ERROR', message: string): void {
  json(res, status, { error: { code, message } });
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_SIGN_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Everyone the demo stand has: each organisation's authorised person, the operator, staff roles and the demo citizens. */
export function demoIdentities(signers: DemoSigner[]): DemoIdentity[] {
  const { organisations } = JSON.parse(readFileSync(path.join(repoRoot(), 'reference', 'services.json'), 'utf8')) as { organisations: { bin: string; name: string; nameKk?: string; hasOwnSystem: boolean }[] };
  const operator = signers.find((s) => s.role === 'operator');
  // the picker speaks to Kazakh and Russian readers: Cyrillic names (the certificates keep their Latin CN)
  const cyrillic = (name: string | undefined) => name?.replace(/\(demo\)/g, '(демо)');
  return [
    ...organisations.filter((o) => signers.some((s) => s.role === 'provider' && s.bin === o.bin))
      .map((o) => ({ role: 'provider', bin: o.bin, name: cyrillic(o.name)!, nameKk: cyrillic(o.nameKk), workstation: !o.hasOwnSystem })),
    { role: 'contact_centre', name: 'Единый контакт-центр (демо)', nameKk: 'Бірыңғай байланыс орталығы (демо)' },
    { role: 'analyst', name: 'Уполномоченный орган (демо)', nameKk: 'Уәкілетті орган (демо)' },
    { role: 'admin', name: 'Администратор хаба (демо)', nameKk: 'Хаб әкімшісі (демо)' },
    ...(operator ? [{ role: 'operator', bin: operator.bin, iin: operator.iin, name: 'Оператор ЦОН (демо)', nameKk: 'ХҚКО операторы (демо)' }] : []),
    ...signers.filter((s) => s.role === 'citizen').map((s) => ({ role: 'citizen', iin: s.iin, name: s.name })),
  ];
}

/**
 * The web console under /console: its files, and in demo mode its sign-in and signing endpoints.
 * Returns false for a request that is not the console's (the GraphQL runtime answers it).
 */
export function consoleHandler(opts: ConsoleOptions, onError?: (error: unknown) => void): (req: IncomingMessage, res: ServerResponse) => boolean {
  const root = path.resolve(opts.dir);
  const demo = opts.demo;
  if (demo && demo.jwtSecret !== DEV_JWT_SECRET) throw new Error('The console mints demo tokens only with the development JWT secret (demoConsole)');
  const signers = (): DemoSigner[] => JSON.parse(readFileSync(demo!.signersFile, 'utf8'));

  const api = async (req: IncomingMessage, res: ServerResponse, route: string): Promise<void> => {
    if (route === 'config' && req.method === 'GET') return json(res, 200, { demo: !!demo, graphqlPath: '/graphql', languages: ['kk', 'ru', 'en'], trustedOperations: !!opts.trustedOperations } satisfies ConsoleConfig);
    if (!demo) return refuse(res, 404, ErrorCode.NotFound, 'The demo sign-in and signing exist only on the test stand');
    if (route === 'demo/identities' && req.method === 'GET') return json(res, 200, demoIdentities(signers()));
    if (route === 'demo/token' && req.method === 'POST') {
      const body = await readJson(req);
      const identity = demoIdentities(signers()).find((i) => i.role === body?.role && (i.bin ?? null) === (body?.bin ?? null) && (i.iin ?? null) === (body?.iin ?? null));
      if (!identity) return refuse(res, 400, ErrorCode.InvalidArgument, 'No such demo identity');
      const claims = { role: identity.role, sub: `demo-${identity.role}-${identity.bin ?? identity.iin ?? 'staff'}`, ...(identity.bin ? { bin: identity.bin } : {}), ...(identity.iin ? { iin: identity.iin } : {}) };
      const token = jwt.sign(claims, demo.jwtSecret, { algorithm: 'HS256', expiresIn: DEMO_TOKEN_TTL, ...(demo.issuer ? { issuer: demo.issuer } : {}), ...(demo.audience ? { audience: demo.audience } : {}) });
      return json(res, 200, { token, identity });
    }
    if (route === 'demo/sign' && req.method === 'POST') return demoSign(req, res);
    return refuse(res, 404, ErrorCode.NotFound, `No console endpoint ${req.method} ${route}`);
  };

  // Stands in for NCALayer's basics.sign (format cms, detached): the signed-in provider's or
  // operator's authorised person signs the RFC 8785 bytes of the message with their demo key.
  const demoSign = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    let claims: { role?: string; bin?: string; iin?: string };
    try {
      claims = jwt.verify(bearer ?? '', demo!.jwtSecret, { algorithms: ['HS256'] }) as typeof claims;
    } catch {
      return refuse(res, 401, ErrorCode.Unauthenticated, 'Sign in first');
    }
    const body = await readJson(req);
    // at the operator's desk the recipient signs their consent with their own key (NCALayer asks
    // for it); the stand has keys for its demo citizens only
    const as = body?.as as { role?: unknown; iin?: unknown } | undefined;
    const signer = as
      ? claims.role === 'operator' && as.role === 'citizen' ? signers().find((s) => s.role === 'citizen' && s.iin === as.iin) : undefined
      : signers().find((s) => (claims.role === 'provider' && s.role === 'provider' && s.bin === claims.bin)
        || (claims.role === 'operator' && s.role === 'operator' && s.bin === claims.bin && (!claims.iin || s.iin === claims.iin)));
    if (!signer) return refuse(res, 403, ErrorCode.Forbidden, 'The demo stand has no certificate for this identity');
    const payload = body?.payload;
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return refuse(res, 400, ErrorCode.InvalidArgument, 'payload: a JSON object to sign');
    const { signature: _dropped, ...message } = payload as Record<string, unknown>;
    const signature = signCms({
      payload: canonicalBytes(plainPayload(message)),
      cert: readFileSync(signer.certFile, 'utf8'),
      key: createPrivateKey(readFileSync(signer.keyFile)),
    });
    return json(res, 200, { signature, signer: { name: signer.name, iin: signer.iin, bin: signer.bin } } satisfies DemoSignature);
  };

  const file = (req: IncomingMessage, res: ServerResponse, relative: string): void => {
    const wanted = path.resolve(root, `.${relative}`);
    const inside = wanted === root || wanted.startsWith(root + path.sep);
    const exists = inside && existsSync(wanted) && statSync(wanted).isFile();
    // a path of the app (#/… is client-side, but a reload of /console/board lands here too)
    const target = exists ? wanted : path.extname(relative) ? undefined : path.join(root, 'index.html');
    if (!target || !existsSync(target)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(existsSync(root) ? 'Not found' : 'The console is not built: run npm run build');
      return;
    }
    const hashed = target.includes(`${path.sep}assets${path.sep}`);
    res.writeHead(200, {
      'content-type': TYPES[path.extname(target)] ?? 'application/octet-stream',
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
      ...(target.endsWith('.html') ? { 'content-security-policy': "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'", 'x-frame-options': 'DENY' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : readFileSync(target));
  };

  return (req, res) => {
    const url = requestUrl(req);
    const pathname = url && decodedPath(url);
    // nothing the gateway serves has such a path: refused here, before anything decodes it again
    if (pathname === undefined) {
      refuse(res, 400, ErrorCode.InvalidArgument, 'The request path is not a well-formed URL path');
      return true;
    }
    if (pathname === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(302, { location: `${CONSOLE_PATH}/` });
      res.end();
      return true;
    }
    if (pathname !== CONSOLE_PATH && !pathname.startsWith(`${CONSOLE_PATH}/`)) return false;
    if (pathname === CONSOLE_PATH) {
      res.writeHead(302, { location: `${CONSOLE_PATH}/` });
      res.end();
      return true;
    }
    const relative = pathname.slice(CONSOLE_PATH.length);
    if (relative.startsWith('/api/')) {
      api(req, res, relative.slice('/api/'.length)).catch((error: unknown) => {
        // the gateway's own failure: logged, never echoed to the client
        onError?.(error);
        if (res.headersSent) res.destroy();
        else refuse(res, 500, 'INTERNAL_SERVER_ERROR', 'The console could not serve this request');
      });
      return true;
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      res.end();
      return true;
    }
    file(req, res, relative === '/' ? '/index.html' : relative);
    return true;
  };
}
