// Lint: typescript-eslint's recommended rules (no type information, so it stays fast) and the
// import boundaries of the modular monolith (README, "Architecture"):
// - a subgraph imports another subgraph only through its public API module, `subgraphs/<name>/api.ts`;
// - `platform/` (what every subgraph shares) imports no subgraph and not the gateway;
// - `lib/` (pure libraries) imports nothing of the hub: no platform, subgraph or gateway.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const subgraphs = ['applications', 'documents', 'signatures', 'statuses'];
const up = String.raw`^(\.\./)+`;

/** The no-restricted-imports rule for the files of one folder. */
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

const boundaries = [
  ...subgraphs.map((name) => {
    const others = subgraphs.filter((other) => other !== name).join('|');
    return {
      files: [`subgraphs/${name}/**/*.ts`],
      rules: restrict([
        {
          regex: String.raw`${up}(subgraphs/)?(${others})/(?!api$)`,
          message: `another subgraph's internals: import its public API module (subgraphs/<name>/api) instead`,
        },
        { regex: String.raw`${up}gateway(/|$)`, message: 'a subgraph does not import the gateway' },
      ]),
    };
  }),
  {
    files: ['platform/**/*.ts'],
    rules: restrict([
      { regex: String.raw`${up}(subgraphs|gateway)(/|$)`, message: 'platform/ serves every subgraph: it imports no subgraph and not the gateway' },
    ]),
  },
  {
    files: ['lib/**/*.ts'],
    rules: restrict([
      { regex: String.raw`${up}(platform|subgraphs|gateway)(/|$)`, message: 'lib/ is pure: it imports nothing of platform, subgraphs or gateway' },
    ]),
  },
  {
    files: ['gateway/**/*.ts'],
    rules: restrict([
      { regex: String.raw`${up}subgraphs/[^/]+/(?!api$)`, message: "the gateway imports a subgraph only through its public API module (subgraphs/<name>/api)" },
    ]),
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'console/dist/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      // unused arguments name the shape of a callback; a leading underscore marks them
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // tests, benchmarks and the provider test stand read untyped JSON (GraphQL answers, provider
    // messages) and index into it freely; the hub's own code keeps \`any\` out
    files: ['test/**/*.ts', '**/*.test.ts', 'bench/**/*.ts', 'provider-stand/**/*.ts', 'console/src/**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  ...boundaries,
);
