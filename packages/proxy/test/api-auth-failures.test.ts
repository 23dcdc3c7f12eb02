/** Failed authentications are limited per client address: 429 with Retry-After, counted in /metrics, logged without the key. */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AUTH_FAILURES_PER_MINUTE } from '../src/http/auth-failures.js';
import { createLogger } from '../src/logger.js';
import { startApiFixture } from './api-fixture.js';
import type { ApiFixture } from './api-fixture.js';

describe('failed API-key authentications', () => {
  let api: ApiFixture;
  const logged: string[] = [];
  beforeAll(async () => {
    const destination = new Writable({ write(chunk: Buffer, _encoding, done) { logged.push(chunk.toString()); done(); } });
    api = await startApiFixture({}, {}, { logger: createLogger({ level: 'warn', destination }) });
  });
  afterAll(async () => {
    await api.stop();
  });

  it('answer 401 for a burst, then 429 with Retry-After, also for a right key, and are counted and logged without the key', async () => {
    const wrong = (i: number) => `kaiku_wrong_guess_${String(i).padStart(4, '0')}_abcdefghijklmnop`;
    const statuses: number[] = [];
    for (let i = 0; i < AUTH_FAILURES_PER_MINUTE + 10; i += 1) statuses.push((await api.call('/v1/me', { key: wrong(i) })).status);
    expect(statuses.filter((s) => s === 401).length).toBe(AUTH_FAILURES_PER_MINUTE);
    expect(statuses.slice(AUTH_FAILURES_PER_MINUTE)).toEqual(Array(10).fill(429));

    const refused = await api.call('/v1/me');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited', message: expect.stringContaining('failed authentications') } });

    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`kaiku_auth_failures_total\\{result="unauthorized"\\} ${AUTH_FAILURES_PER_MINUTE + 1}\\b`));
    expect(metrics).toMatch(/kaiku_auth_failures_total\{result="limited"\} 10\b/);

    const log = logged.join('');
    expect(log).toContain('API key authentication failed');
    expect(log).not.toContain('wrong_guess');
    expect(log).not.toContain(api.apiKey);
  });
});
