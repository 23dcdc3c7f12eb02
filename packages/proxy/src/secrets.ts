/**
 * Encryption at rest for access tokens and app secrets (AES-256-GCM), and hashing for API keys.
 * Ciphertext format: `v1.<iv>.<tag>.<data>` in base64url, so that a future key rotation can add `v2`.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Encrypts and decrypts short secrets with one 32-byte key. */
export interface Secrets {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

const IV_BYTES = 12;

/** Builds the encrypt/decrypt pair for a 32-byte key (as bytes, 64 hex characters or base64). */
export function createSecrets(key: Buffer | string): Secrets {
  const keyBytes = typeof key === 'string' ? parseEncryptionKey(key) : key;
  if (keyBytes.length !== 32) throw new Error('The encryption key must be 32 bytes (AES-256).');
  return {
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keyBytes, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), data].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },
    decrypt(sealed) {
      const [version, iv, tag, data] = sealed.split('.');
      if (version !== 'v1' || iv === undefined || tag === undefined || data === undefined) {
        throw new Error('A stored secret is not in a format this version of Kaiku can read.');
      }
      const decipher = createDecipheriv('aes-256-gcm', keyBytes, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('A stored secret cannot be decrypted: KAIKU_ENCRYPTION_KEY differs from the key it was saved with.');
      }
    },
  };
}

/** Reads a 32-byte key written as 64 hex characters or as base64 / base64url; throws when it is neither. */
export function parseEncryptionKey(text: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  const bytes = Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64');
  if (bytes.length === 32) return bytes;
  throw new Error('KAIKU_ENCRYPTION_KEY must be 32 random bytes written as 64 hex characters or base64 (try: openssl rand -hex 32).');
}

/** A fresh random key as 64 hex characters. */
export function generateEncryptionKey(): string {
  return randomBytes(32).toString('hex');
}

/**
 * The key for an embedded (SQLite) install without KAIKU_ENCRYPTION_KEY: kept beside the data, created on
 * first use with owner-only permissions, so that `pnpm start` works with no setup.
 */
export function loadOrCreateKeyFile(dataDir: string): Buffer {
  const file = join(dataDir, 'encryption.key');
  if (existsSync(file)) return parseEncryptionKey(readFileSync(file, 'utf8'));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, `${generateEncryptionKey()}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return parseEncryptionKey(readFileSync(file, 'utf8'));
}

/** Prefix of every Kaiku API key, so that leaked keys are recognisable by secret scanners. */
export const API_KEY_PREFIX = 'kaiku_';

/** A new high-entropy API key (256 bits). */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** The stored form of an API key: SHA-256 is right for 256-bit random keys (no brute force to slow down). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** How many characters of a key are stored and listed: `kaiku_` and two more, too few to help a guess. */
export const API_KEY_SHOWN_CHARACTERS = 8;

/** The recognisable start of a key (at most 8 characters), shown in lists instead of the key. */
export function apiKeyPrefix(key: string): string {
  return key.slice(0, API_KEY_SHOWN_CHARACTERS);
}

/** The shortest key Kaiku accepts as a fixed key (KAIKU_API_KEY): with the prefix shown, still out of reach of a guess. */
export const MIN_FIXED_API_KEY_LENGTH = 32;
