/**
 * The unit tests: the rules, the gateway's plugins and operation limits, the libraries and the
 * platform's pure parts. No database (no global setup starts PostgreSQL), so they answer in
 * seconds: `npm run test:unit`. `npm test` runs them too, once, with everything else.
 */
const base = require('./jest.config.js');

module.exports = {
  testEnvironment: base.testEnvironment,
  transform: base.transform,
  roots: ['<rootDir>/lib', '<rootDir>/platform', '<rootDir>/subgraphs', '<rootDir>/gateway'],
  testMatch: [
    '**/*.rules.test.ts',
    '<rootDir>/subgraphs/statuses/stage-report.validation.test.ts',
    '<rootDir>/gateway/*.test.ts',
    '<rootDir>/lib/**/*.test.ts',
    '<rootDir>/platform/*.test.ts',
  ],
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/platform/embedded-postgres.test.ts', // starts PostgreSQL itself
    '<rootDir>/gateway/console.test.ts', // needs the test PKI the global setup makes
  ],
  testTimeout: 30000,
};
