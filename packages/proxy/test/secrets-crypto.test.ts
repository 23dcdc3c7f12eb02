import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  apiKeyPrefix, createSecrets, generateApiKey, generateEncryptionKey, hashApiKey, loadOrCreateKeyFile, parseEncryptionKey,
} from '../src/secrets.js';

describe('secrets: AES-256-GCM at rest', () => {
  const key = generateEncryptionKey();

  it('round-trips a token and never stores it in clear', () => {
    const secrets = createSecrets(key);
    const sealed = secrets.encrypt('EAAG-access-token-123');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(sealed).not.toContain('EAAG');
    expect(secrets.decrypt(sealed)).toBe('EAAG-access-token-123');
  });

  it('uses a fresh IV each time', () => {
    const secrets = createSecrets(key);
    expect(secrets.encrypt('same')).not.toBe(secrets.encrypt('same'));
  });

  it('refuses tampered ciphertext and a different key with an actionable message', () => {
    const sealed = createSecrets(key).encrypt('app-secret');
    const parts = sealed.split('.');
    const data = Buffer.from(parts[3] ?? '', 'base64url');
    data[0] = (data[0] ?? 0) ^ 1;
    const tampered = [parts[0], parts[1], parts[2], data.toString('base64url')].join('.');
    expect(() => createSecrets(key).decrypt(tampered)).toThrow(/KAIKU_ENCRYPTION_KEY/);
    expect(() => createSecrets(generateEncryptionKey()).decrypt(sealed)).toThrow(/KAIKU_ENCRYPTION_KEY/);
    expect(() => createSecrets(key).decrypt('plain-text')).toThrow(/format/);
  });

  it('reads hex and base64 keys and rejects short ones', () => {
    const bytes = Buffer.alloc(32, 7);
    expect(parseEncryptionKey(bytes.toString('hex')).equals(bytes)).toBe(true);
    expect(parseEncryptionKey(bytes.toString('base64')).equals(bytes)).toBe(true);
    expect(() => parseEncryptionKey('too-short')).toThrow(/openssl rand -hex 32/);
  });

  it('keeps a generated key file for embedded installs, owner-only, stable across calls', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaiku-secrets-'));
    try {
      const first = loadOrCreateKeyFile(join(dir, 'data'));
      const second = loadOrCreateKeyFile(join(dir, 'data'));
      expect(first.length).toBe(32);
      expect(second.equals(first)).toBe(true);
      expect(statSync(join(dir, 'data', 'encryption.key')).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('secrets: API keys', () => {
  it('are high-entropy, hashed with SHA-256 and recognisable by prefix', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^kaiku_[A-Za-z0-9_-]{43}$/);
    expect(hashApiKey(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(a)).toBe(hashApiKey(a));
    expect(hashApiKey(a)).not.toContain(a.slice(6));
    expect(apiKeyPrefix(a)).toBe(a.slice(0, 8));
  });

  it('carry at least 128 bits of randomness and reveal at most 8 characters in lists', () => {
    const keys = Array.from({ length: 200 }, generateApiKey);
    const randomPart = (key: string) => Buffer.from(key.slice('kaiku_'.length), 'base64url');
    expect(Math.min(...keys.map((key) => randomPart(key).length * 8))).toBeGreaterThanOrEqual(128);
    expect(new Set(keys.map(apiKeyPrefix)).size).toBeLessThan(keys.length);
    expect(Math.max(...keys.map((key) => apiKeyPrefix(key).length))).toBeLessThanOrEqual(8);
    // A fixed key of the shortest length allowed keeps 24 unknown characters behind its listed prefix.
    expect(apiKeyPrefix('kaiku_demo_key_for_the_start_test')).toBe('kaiku_de');
  });
});
