/**
 * Jest test sequencer for the mutation runs: runs a mutant's covering tests only from the files that hold them.
 *
 * Stryker's Jest runner picks a mutant's tests by name (`testNamePattern`) but still hands Jest every test file
 * related to the mutated file. In the proxy nearly every test file imports the whole proxy, so each mutant loaded
 * some thirty files (servers started by suites whose tests were then all skipped) and took about a minute.
 * The initial run (no name pattern) records which file holds which test; each mutant's run then keeps only the
 * files holding a test the pattern names. Without a record, every file runs as before.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the initial run's record goes: Stryker's temporary folder, gone when the run ends. */
const recordOf = (rootDir) => join(rootDir, '.stryker-tmp', 'test-files.json');

export default class CoveringFilesSequencer {
  constructor({ globalConfig }) {
    this.globalConfig = globalConfig;
  }

  /** The files to run: those holding a test the name pattern picks, or all of them when there is no pattern. */
  sort(tests) {
    const pattern = this.globalConfig.testNamePattern;
    const record = recordOf(this.globalConfig.rootDir);
    if (!pattern || !existsSync(record)) return tests;
    const names = JSON.parse(readFileSync(record, 'utf8'));
    const wanted = new RegExp(pattern, 'i');
    const kept = tests.filter((test) => names[test.path] === undefined || names[test.path].some((name) => wanted.test(name)));
    return kept.length > 0 ? kept : tests;
  }

  /** After a run without a pattern (Stryker's initial run), records each file's test names. */
  cacheResults(_tests, results) {
    if (this.globalConfig.testNamePattern) return;
    const names = Object.fromEntries(results.testResults.map((file) => [file.testFilePath, file.testResults.map((test) => test.fullName)]));
    const record = recordOf(this.globalConfig.rootDir);
    mkdirSync(dirname(record), { recursive: true });
    writeFileSync(record, JSON.stringify(names));
  }

  allFailedTests(tests) {
    return tests;
  }

  shard(tests) {
    return tests;
  }
}
