import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Every Node HTTP server of the hub (gateway, subgraphs, metrics, the demo provider system) serves
 * its requests through these. A request is the client's: whatever it carries may refuse that
 * request, never stop the process (one `GET /%` once took the whole hub down).
 */

/** Why a request was refused before any handler saw it, or failed in one. */
export class BadRequest extends Error {
  constructor(message: string, readonly status = 400) {
    super(message);
  }
}

/**
 * The request's URL, or undefined when its target is no URL at all (`//`, `//a:b@`). A path that
 * starts with `/` is always a path, never a host (`//evil` is not a scheme-relative URL here).
 */
export function requestUrl(req: IncomingMessage): URL | undefined {
  const target = req.url ?? '/';
  try {
    return target.startsWith('/') ? new URL(`http://localhost${target}`) : new URL(target);
  } catch {
    return undefined;
  }
}

/** The decoded path, or undefined when its percent-encoding is malformed (`%`, `%E0%A4%A`, overlong UTF-8). */
export function decodedPath(url: URL): string | undefined {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
}

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * The handler with every error it throws or rejects with answered: a BadRequest (and a URL that
 * does not parse) with its 4xx, anything else logged and answered 500. A response already under
 * way is cut off, so the client sees it broke rather than a truncated success.
 */
export function guardRequests(handler: Handler, onError: (error: unknown, req: IncomingMessage) => void): (req: IncomingMessage, res: ServerResponse) => void {
  const fail = (req: IncomingMessage, res: ServerResponse, error: unknown) => {
    const status = error instanceof BadRequest ? error.status : isClientError(error) ? 400 : 500;
    if (status >= 500) {
      try {
        onError(error, req);
      } catch {
        // a logger that throws must not throw here too
      }
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
    res.end(JSON.stringify({ error: { code: status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST', message: status >= 500 ? 'The request could not be served' : (error as Error).message } }));
  };
  return (req, res) => {
    try {
      const result = handler(req, res);
      if (result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(undefined, (error) => fail(req, res, error));
    } catch (error) {
      fail(req, res, error);
    }
  };
}

/** Errors that only malformed input raises: a path that does not decode, a target that is no URL, JSON that does not parse. */
function isClientError(error: unknown): boolean {
  return error instanceof URIError
    || error instanceof SyntaxError
    || (error instanceof TypeError && (error as NodeJS.ErrnoException).code === 'ERR_INVALID_URL');
}

/** Reads a request body of at most maxBytes (a larger one is refused with 413 and its rest left unread). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > maxBytes) throw new BadRequest(`The request body is larger than ${maxBytes} bytes`, 413);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new BadRequest(`The request body is larger than ${maxBytes} bytes`, 413);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The body as a JSON object, or a BadRequest saying why not. */
export function jsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequest('The body is not JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new BadRequest('The body must be a JSON object');
  return value as Record<string, unknown>;
}
