/**
 * Builds the console (Vite) into dist/, unless dist is already newer than every source: `pnpm start` and the
 * browser tests call it, and a second start costs nothing. `--force` always builds. Scripts and styles also get a
 * gzipped copy, so that the proxy sends the small one without compressing on every request.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'dist', '.built');

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Writes `name.gz` beside each script and style sheet, which the proxy serves to browsers that take gzip. */
function precompress(assets: string): void {
  for (const name of readdirSync(assets).filter((file) => /\.(js|css)$/.test(file))) {
    writeFileSync(join(assets, `${name}.gz`), gzipSync(readFileSync(join(assets, name)), { level: constants.Z_BEST_COMPRESSION }));
  }
}

/** Builds when a source changed since the last build; true when it built. */
export async function buildConsole(force = false): Promise<boolean> {
  const sources = Math.max(...['src', 'index.html', 'vite.config.ts'].map((name) => newest(join(root, name))));
  if (!force && existsSync(stamp) && statSync(stamp).mtimeMs >= sources) return false;
  await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  precompress(join(root, 'dist', 'assets'));
  writeFileSync(stamp, new Date().toISOString());
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const built = await buildConsole(process.argv.includes('--force'));
  console.log(built ? 'built the console into packages/console/dist' : 'the console is up to date');
}
