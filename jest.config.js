// agenda 6 ships only as ES modules, so the whole suite runs in Jest's ESM mode
// (the test script starts node with --experimental-vm-modules). Plain JS so that Jest needs
// no TypeScript loader for its own configuration.
/** @type {import('jest').Config} */
const config = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  globalSetup: '<rootDir>/test/support/database/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/database/global-teardown.ts',
  testSequencer: '<rootDir>/test/support/run-last-sequencer.mjs',
  testTimeout: 30_000,
  // agenda 6 leaves a setTimeout per job whose next run is in the future (JobProcessor.jobProcessing),
  // and drain() does not clear them, so after the scheduler tests the process would wait for the
  // weekly digest's next run. The app's own processes exit explicitly after draining; Jest must too.
  forceExit: true,
};

export default config;
