/** Jest runs TypeScript through SWC, which (unlike tsx/esbuild) emits the decorator metadata type-graphql needs. */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/console/src', '<rootDir>/lib', '<rootDir>/platform', '<rootDir>/subgraphs', '<rootDir>/gateway', '<rootDir>/test', '<rootDir>/scripts', '<rootDir>/provider-stand'],
  testMatch: ['**/*.test.ts'],
  // the fault suite runs on its own (jest.faults.config.js, npm run test:faults)
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/faults/'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
};
