import { createHash } from 'node:crypto';
import { defineConfig, Plugin } from 'vite';
import * as queries from './src/api/queries.ts';

/**
 * Writes trusted-operations.json beside the page: the sha256 of each of the console's operations →
 * the operation. A gateway that runs only trusted operations adds them to its manifest, and the
 * page sends their ids (src/api/operations.ts).
 */
function trustedOperations(): Plugin {
  return {
    name: 'qyzmet-trusted-operations',
    generateBundle() {
      const documents = Object.values(queries).filter((v): v is string => typeof v === 'string' && /^\s*(query|mutation|subscription)\b/.test(v));
      const manifest = Object.fromEntries(documents.map((d) => [createHash('sha256').update(d).digest('hex'), d]));
      this.emitFile({ type: 'asset', fileName: 'trusted-operations.json', source: `${JSON.stringify(manifest, null, 1)}\n` });
    },
  };
}

const hub = process.env.CONSOLE_PROXY_TARGET || `http://localhost:${process.env.GATEWAY_PORT || 4000}`;

// The web console, served by the gateway under /console (gateway/console.ts). `npm run build`
// writes it to dist/console; a test may build it elsewhere with --outDir.
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [trustedOperations()],
  build: { outDir: '../dist/console', emptyOutDir: true, chunkSizeWarningLimit: 1024 },
  // the hub the development server passes /graphql and /console/api to: CONSOLE_PROXY_TARGET, else the local gateway's port
  server: { proxy: { '/graphql': { target: hub, ws: true }, '/console/api': hub } },
});
