/** nock around one describe block: no real network, mocks cleared after each test, interception removed after all. */
import { afterAll, afterEach, beforeAll, expect } from '@jest/globals';
import nock from 'nock';

/** Sets nock up for the enclosing describe; with `expectAllUsed`, every mock a test set must have been called. */
export function useNock({ expectAllUsed }: { expectAllUsed: boolean }): void {
  beforeAll(() => {
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
  });
  afterAll(() => nock.restore());
  afterEach(() => {
    if (expectAllUsed) expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
  });
}
