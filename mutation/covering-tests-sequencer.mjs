/**
 * Jest test sequencer for the mutation runs: for one mutant Stryker asks Jest for the tests that covered it
 * (by full name, as `testNamePattern`), but Jest still loads every related test file and only skips the
 * tests inside it, which took most of each mutant's time. This sequencer remembers which test file holds
 * which test names (from every run's results, skipped tests included) and hands Jest only the files that
 * hold a wanted test. A file it has not seen yet always runs, so the answer is never narrower than Jest's.
 */
const namesByFile = new Map();

export default class CoveringTestsSequencer {
  #pattern;

  constructor({ globalConfig }) {
    const pattern = globalConfig.testNamePattern;
    this.#pattern = pattern ? new RegExp(pattern, 'i') : undefined;
  }

  sort(tests) {
    const ordered = [...tests].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const pattern = this.#pattern;
    if (pattern === undefined) return ordered;
    const wanted = ordered.filter((test) => {
      const names = namesByFile.get(test.path);
      return names === undefined || names.some((name) => pattern.test(name));
    });
    return wanted.length > 0 ? wanted : ordered;
  }

  cacheResults(_tests, results) {
    for (const file of results.testResults) {
      if (file.testExecError) continue;
      namesByFile.set(file.testFilePath, file.testResults.map((test) => test.fullName));
    }
  }

  allFailedTests(tests) {
    return tests;
  }
}
