import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has working defaults for a first run', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.sandboxPort).toBe(3001);
    expect(config.databaseUrl).toBeNull();
    expect(config.dataDir.endsWith('.data')).toBe(true);
    expect(config.encryptionKey).toBeNull();
    expect(config.allowPrivateTargets).toBe(false);
    expect(config.sendsPerSecond).toBe(80);
    expect(config.logLevel).toBe('info');
    expect(config.hubspotApiBaseUrl).toBe('https://api.hubapi.com');
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080', SANDBOX_PORT: '0', KAIKU_API_KEY: 'kaiku_demo_key_0123456789abcdef012', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      KAIKU_DATA_DIR: '/tmp/kaiku-x', KAIKU_ENCRYPTION_KEY: 'ab'.repeat(32), KAIKU_PUBLIC_URL: 'https://kaiku.example.com/',
      KAIKU_ALLOW_PRIVATE_TARGETS: 'true', HUBSPOT_CLIENT_SECRET: 'hs', HUBSPOT_API_BASE_URL: 'http://127.0.0.1:9999',
      LOG_LEVEL: 'debug', KAIKU_SENDS_PER_SECOND: '20',
    });
    expect(config).toMatchObject({
      port: 8080, sandboxPort: 0, apiKey: 'kaiku_demo_key_0123456789abcdef012', databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
      dataDir: '/tmp/kaiku-x', publicUrl: 'https://kaiku.example.com', allowPrivateTargets: true, hubspotClientSecret: 'hs',
      hubspotApiBaseUrl: 'http://127.0.0.1:9999', logLevel: 'debug', sendsPerSecond: 20,
    });
    expect(config.encryptionKey?.toString('hex')).toBe('ab'.repeat(32));
  });

  it('resolves a relative data folder against where pnpm was run', () => {
    expect(loadConfig({ INIT_CWD: '/srv/kaiku' }).dataDir).toBe('/srv/kaiku/.data');
    expect(loadConfig({ INIT_CWD: '/srv/kaiku', KAIKU_DATA_DIR: 'state' }).dataDir).toBe('/srv/kaiku/state');
    expect(loadConfig({ INIT_CWD: '/srv/kaiku', KAIKU_DATA_DIR: '/var/lib/kaiku' }).dataDir).toBe('/var/lib/kaiku');
  });

  it('reports every bad variable at once, by name', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', KAIKU_ENCRYPTION_KEY: 'short', LOG_LEVEL: 'loud', KAIKU_ALLOW_PRIVATE_TARGETS: 'maybe' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'KAIKU_ENCRYPTION_KEY', 'LOG_LEVEL', 'KAIKU_ALLOW_PRIVATE_TARGETS']) {
      expect(problems).toContain(name);
    }
  });

  it('refuses a KAIKU_API_KEY shorter than 32 characters, saying how to make one', () => {
    expect(() => loadConfig({ KAIKU_API_KEY: 'x'.repeat(31) })).toThrow(/KAIKU_API_KEY must be at least 32 characters long \(it has 31\).*openssl rand/);
    expect(loadConfig({ KAIKU_API_KEY: 'x'.repeat(32) }).apiKey).toBe('x'.repeat(32));
  });

  it('requires https public URLs in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', KAIKU_PUBLIC_URL: 'http://kaiku.example.com' })).toThrow(/KAIKU_PUBLIC_URL/);
    expect(loadConfig({ KAIKU_PUBLIC_URL: 'http://127.0.0.1:3000' }).publicUrl).toBe('http://127.0.0.1:3000');
  });
});
