/**
 * Builds the package n8n loads: one CommonJS file per node and per credentials type under `dist/` (n8n
 * `require`s them by the paths in package.json's `n8n` attribute; `dist/package.json` marks them CommonJS), with the shared schemas and
 * `standardwebhooks` bundled in, so that the published package has no runtime dependency; `n8n-workflow` is
 * the n8n instance's own. The icons are copied beside their files.
 * Usage: `pnpm --filter n8n-nodes-kaiku build`.
 */
import { copyFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { inlineShared } from '@kaiku/shared/esbuild-plugin';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sources = ['credentials', 'nodes/Kaiku', 'nodes/KaikuTrigger'];

/** Builds `dist/` and answers the built entry points, relative to the package. */
export async function buildN8nPackage(): Promise<string[]> {
  const dist = resolve(packageDir, 'dist');
  rmSync(dist, { recursive: true, force: true });
  const entryPoints = sources.flatMap((folder) => readdirSync(resolve(packageDir, folder))
    .filter((file) => file.endsWith('.node.ts') || file.endsWith('.credentials.ts'))
    .map((file) => join(folder, file)));
  await build({
    absWorkingDir: packageDir,
    entryPoints,
    outbase: '.',
    outdir: 'dist',
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['n8n-workflow'],
    plugins: [inlineShared()],
    logLevel: 'warning',
  });
  // The sources are ESM like the rest of the workspace; the built files are CommonJS, which n8n requires.
  writeFileSync(resolve(dist, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
  for (const folder of sources) {
    for (const icon of readdirSync(resolve(packageDir, folder)).filter((file) => file.endsWith('.svg'))) {
      copyFileSync(resolve(packageDir, folder, icon), resolve(dist, folder, icon));
    }
  }
  return entryPoints.map((entry) => `dist/${entry.replace(/\.ts$/, '.js')}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of await buildN8nPackage()) console.log(`Built ${file}`);
}
