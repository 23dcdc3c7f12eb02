/**
 * The embedded install's files hold message bodies, tokens and keys: the data folder is created owner-only
 * (0700) and every file in it owner-only (0600). SQLite gives its -wal and -shm files the database file's
 * mode, so creating the database file 0600 covers them. Folders and files made wider by hand are reported at start.
 */
import { closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The files of an embedded install that must stay owner-only. */
export const PRIVATE_DATA_FILES = ['kaiku.sqlite', 'kaiku.sqlite-wal', 'kaiku.sqlite-shm', 'encryption.key', 'demo-api-key', 'sandbox-state.json'];

/** Creates the data folder owner-only (0700) when it does not exist yet. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Creates an empty owner-only (0600) file when it does not exist yet, so that whatever opens it next keeps that mode. */
export function ensurePrivateFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
}

/** What in the data folder is readable or writable by others than its owner, as sentences for the start log. */
export function dataFileWarnings(dataDir: string): string[] {
  const warnings: string[] = [];
  const wider = (path: string, allowed: number): number | null => {
    if (!existsSync(path)) return null;
    const mode = statSync(path).mode & 0o777;
    return (mode & ~allowed) === 0 ? null : mode;
  };
  const dirMode = wider(dataDir, 0o700);
  if (dirMode !== null) warnings.push(`The data folder ${dataDir} has mode ${dirMode.toString(8)}: others may list it. Fix it with: chmod 700 ${dataDir}`);
  for (const name of PRIVATE_DATA_FILES) {
    const path = join(dataDir, name);
    const mode = wider(path, 0o600);
    if (mode !== null) warnings.push(`${path} has mode ${mode.toString(8)}: others may read messages, tokens or keys. Fix it with: chmod 600 ${path}`);
  }
  return warnings;
}
