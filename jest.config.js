/** Jest runs the TypeScript sources directly as ESM through SWC; type checking is `pnpm typecheck`'s job. */
const swc = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'es6' } }];

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // n8n-workflow's ESM build imports JSON without attributes, which Jest's ESM loader refuses; its CommonJS build is the one n8n runs.
    '^n8n-workflow$': '<rootDir>/packages/n8n/node_modules/n8n-workflow/dist/cjs/index.js',
  },
  testMatch: ['<rootDir>/packages/*/test/**/*.test.ts', '<rootDir>/shared/test/**/*.test.ts', '<rootDir>/test/**/*.test.ts', '<rootDir>/power-platform-connector/test/**/*.test.ts'],
  // test/n8n/ runs a real n8n: its own command, `pnpm test:n8n`.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/n8n/'],
  testTimeout: 30000,
};
