/** The console's generated API types match the proxy's OpenAPI document (regenerate: pnpm --filter @kaiku/console api-types). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { apiTypes, SCHEMA_FILE } from '../packages/console/scripts/api-types.js';

describe('console API types', () => {
  it('are generated from the current OpenAPI document', async () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(await apiTypes());
  });
});
