/**
 * The fault suite (npm run test:faults): real subgraph processes killed and restarted, PostgreSQL
 * restarted, a provider's system down. Same SWC transform and global setup as jest.config.js, only
 * test/faults; the normal suite leaves that folder out.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/faults'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 180000,
};
