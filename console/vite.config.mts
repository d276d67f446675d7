import { defineConfig } from 'vite';

// The web console, served by the gateway under /console (gateway/console.ts). `npm run build`
// writes it to dist/console; a test may build it elsewhere with --outDir.
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: '../dist/console', emptyOutDir: true, chunkSizeWarningLimit: 1024 },
  server: { proxy: { '/graphql': { target: 'http://localhost:4000', ws: true }, '/console/api': 'http://localhost:4000' } },
});
