import { existsSync, readFileSync } from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { repoRoot } from '../platform/paths';
import { DOCS_PATH, renderSchemaDocsFile } from './schema-docs';

export const EXPLORER_PATH = '/explorer';

/** The explorer's own files (gateway/explorer/): nothing else is served under its path. */
const EXPLORER_FILES: Record<string, { file: string; type: string }> = {
  [EXPLORER_PATH]: { file: 'index.html', type: 'text/html; charset=utf-8' },
  [`${EXPLORER_PATH}/`]: { file: 'index.html', type: 'text/html; charset=utf-8' },
  [`${EXPLORER_PATH}/explorer.js`]: { file: 'explorer.js', type: 'text/javascript; charset=utf-8' },
  [`${EXPLORER_PATH}/explorer.css`]: { file: 'explorer.css', type: 'text/css; charset=utf-8' },
};

/** Pages load nothing from elsewhere; the explorer talks to this gateway only. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The page npm run build wrote from the supergraph (dist/docs/index.html), else the same page rendered now. */
function docsPage(supergraphPath: string): string {
  const built = path.join(repoRoot(), 'dist', 'docs', 'index.html');
  return existsSync(built) && supergraphPath === path.join(repoRoot(), 'schema', 'supergraph.graphql') ? readFileSync(built, 'utf8') : renderSchemaDocsFile(supergraphPath);
}

/**
 * GET /docs (the schema's documentation, always, production included: introspection is off there)
 * and, outside production, the explorer at /explorer (served from this repository, no CDN).
 * Returns false for any other request.
 */
export function docsAndExplorer(opts: { supergraphPath: string; explorer: boolean }): (req: IncomingMessage, res: ServerResponse) => boolean {
  const docs = docsPage(opts.supergraphPath);
  const explorerDir = path.join(repoRoot(), 'gateway', 'explorer');
  return (req, res) => {
    const pathname = (req.url ?? '').split('?')[0];
    const explorerFile = opts.explorer ? EXPLORER_FILES[pathname] : undefined;
    if (pathname !== DOCS_PATH && pathname !== `${DOCS_PATH}/` && !explorerFile) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return true;
    }
    const body = explorerFile ? readFileSync(path.join(explorerDir, explorerFile.file)) : docs;
    res.writeHead(200, { 'content-type': explorerFile?.type ?? 'text/html; charset=utf-8', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
