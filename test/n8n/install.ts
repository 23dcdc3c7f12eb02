/**
 * The real n8n the end-to-end test runs: the pinned `n8n` package installed once into a cache folder outside
 * the repository (`$XDG_CACHE_HOME/kaiku-n8n/<version>`, else `~/.cache/…`) and reused after. n8n stays out of
 * the workspace's lockfile. A lock folder keeps two runs from installing at once (a lock whose process is gone
 * is taken over), and a marker file, written only after `npm install` succeeded and `n8n --version` answered,
 * says the folder is ready; without it the install runs again (npm resumes what a killed run left).
 * Facts of this install: about 2,090 packages and 2.3 GB; sqlite3 builds from source against the machine's
 * Node headers (`npm_config_nodedir=/usr`), and `xlsx` must be overridden to 0.18.5 (the version n8n names
 * is not on the npm registry).
 * Usage: `node --import tsx test/n8n/install.ts` (what `pnpm test:n8n` runs first).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The n8n version the test and the bench run. */
export const N8N_VERSION = '2.8.4';

/** Where n8n is installed: the cache folder, its binary, and whether it is ready. */
export interface N8nInstall {
  dir: string;
  binary: string;
}

/** The cache folder of a version (`KAIKU_N8N_CACHE` moves the parent folder). */
export function n8nDir(version = N8N_VERSION): string {
  const cache = process.env.KAIKU_N8N_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kaiku-n8n');
  return join(cache, version);
}

const MARKER = '.kaiku-n8n-ready';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Takes the install lock (a folder, created atomically), waiting for a live holder and taking over a dead one's. */
async function lock(dir: string): Promise<() => void> {
  const lockDir = `${dir}.lock`;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(existsSync(join(lockDir, 'pid')) ? readFileSync(join(lockDir, 'pid'), 'utf8') : NaN);
      if (Number.isInteger(holder) && !isAlive(holder)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

/** Installs n8n into its cache folder unless a finished install is there; answers where it is. */
export async function ensureN8n(version = N8N_VERSION, log: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<N8nInstall> {
  const dir = n8nDir(version);
  const install = { dir, binary: join(dir, 'node_modules', '.bin', 'n8n') };
  if (existsSync(join(dir, MARKER))) return install;
  mkdirSync(dir, { recursive: true });
  const release = await lock(dir);
  try {
    if (existsSync(join(dir, MARKER))) return install;
    const started = Date.now();
    log(`Installing n8n ${version} into ${dir} (once; about 5 minutes and 2.3 GB)…`);
    const manifest = { name: 'kaiku-n8n-cache', private: true, dependencies: { n8n: version }, overrides: { xlsx: '0.18.5' } };
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir, env: { ...process.env, npm_config_nodedir: process.env.npm_config_nodedir ?? '/usr' }, maxBuffer: 64 * 1024 * 1024,
    });
    const { stdout } = await run(install.binary, ['--version'], { cwd: dir, env: { ...process.env, N8N_DIAGNOSTICS_ENABLED: 'false' } });
    if (!stdout.includes(version)) throw new Error(`The installed n8n answers version ${stdout.trim()}, not ${version}.`);
    writeFileSync(join(dir, MARKER), `${JSON.stringify({ version, installedAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000) })}\n`);
    log(`Installed n8n ${version} in ${Math.round((Date.now() - started) / 1000)} s.`);
    return install;
  } finally {
    release();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { dir } = await ensureN8n();
  process.stdout.write(`n8n ${N8N_VERSION} is ready in ${dir}.\n`);
}
