// Runs a TypeScript entry point in a child process the way Jest runs tests: compiled by SWC with
// decorator metadata (type-graphql needs it; tsx/esbuild do not emit it). Used by tests that
// SIGKILL a real subgraph process. Usage: node test/support/run-ts.js <entry.ts>
const { readFileSync } = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const options = {
  jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
  module: { type: 'commonjs' },
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};

// the entry sees its own arguments at process.argv[2..], as under `node entry.js args`
const [entry] = process.argv.splice(2, 1);
require(path.resolve(entry));
