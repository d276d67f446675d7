import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderSchemaDocsFile } from '../gateway/schema-docs';
import { repoRoot } from '../platform/paths';

/** Part of the build: the API's documentation from the supergraph, to dist/docs/index.html (served at /docs). */
const out = path.join(repoRoot(), 'dist', 'docs', 'index.html');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, renderSchemaDocsFile(path.join(repoRoot(), 'schema', 'supergraph.graphql')));
process.stderr.write(`[build] schema docs: ${path.relative(repoRoot(), out)}\n`);
