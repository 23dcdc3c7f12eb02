/**
 * Settings shared by the three mutation runs (`pnpm mutate`): Stryker mutates the sources in place and
 * runs, for each mutant, only the Jest tests that covered it in the first (dry) run.
 */
// pnpm keeps the runner out of Stryker's own folder, so Stryker is told where it is.
const jestRunner = import.meta.resolve('@stryker-mutator/jest-runner');
/** One area's Stryker options: the files it mutates and the test files that may kill their mutants. */
export function mutationRun(area, { mutate, roots, tests, testTimeoutMs = 30000, timeoutMs = 60000 }) {
  return {
    packageManager: 'pnpm',
    plugins: [jestRunner],
    testRunner: 'jest',
    // Jest runs the TypeScript sources as ESM through SWC, as `pnpm jest` does.
    testRunnerNodeArgs: ['--experimental-vm-modules'],
    jest: {
      projectType: 'custom',
      configFile: 'jest.config.js',
      // Jest looks only in the area's folders: crawling the whole repository took longer than the tests.
      config: {
        roots: roots.map((dir) => `<rootDir>/${dir}`),
        testMatch: tests.map((glob) => `<rootDir>/${glob}`),
        // Only the test files that hold a test covering the mutant are loaded (see the file).
        testSequencer: '<rootDir>/mutation/covering-tests-sequencer.mjs',
        // A mutant that makes a test wait for an answer that never comes fails it after this long (a hang is noticed).
        testTimeout: testTimeoutMs,
      },
      enableFindRelatedTests: true,
    },
    coverageAnalysis: 'perTest',
    // A mutant in module-level code (a table, a constant regex) runs every test of its files and took two thirds
    // of the time; those lines are pinned by explicit tests at the limits instead (docs/mutation-survivors.md).
    ignoreStatic: true,
    // The packages import one another through symlinks; mutating in place keeps every import on the mutated file.
    inPlace: true,
    incremental: true,
    incrementalFile: `mutation/${area}.incremental.json`,
    mutate,
    checkers: [],
    reporters: ['clear-text', 'progress'],
    clearTextReporter: { allowColor: false, logTests: false, reportMutants: true, reportScoreTable: true },
    concurrency: 2,
    // Generous: on a busy shared machine a fresh Jest worker can take over 10 s to start, and a run cut short
    // by a timeout counts as killed, which would flatter the score (and restart the worker, slowing the rest).
    timeoutMS: timeoutMs,
    timeoutFactor: 2,
    tempDirName: '.stryker-tmp',
    cleanTempDir: true,
    thresholds: { high: 95, low: 90, break: null },
  };
}
