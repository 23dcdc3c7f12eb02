/**
 * Builds the folder Zapier's CLI pushes: one ESM bundle of the app (with `@kaiku/shared` inside it), the
 * shared schemas and samples beside it, and a package.json whose only dependency is zapier-platform-core.
 * Usage: `pnpm --filter @kaiku/zapier build [outDir]` (default `dist/`).
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface PackageJson {
  version: string;
  engines?: Record<string, string>;
  dependencies: Record<string, string>;
}

/** The deployable package.json: ESM entry through `exports`, as Zapier's ESM wrapper expects. */
function deployPackageJson(source: PackageJson): Record<string, unknown> {
  const core = source.dependencies['zapier-platform-core'];
  if (!core) throw new Error('package.json lists no zapier-platform-core.');
  return {
    name: 'kaiku-zapier',
    version: source.version,
    description: 'Kaiku: WhatsApp Business messaging through your Kaiku server.',
    private: true,
    type: 'module',
    exports: './lib/index.mjs',
    engines: { node: '>=20.19' },
    dependencies: { 'zapier-platform-core': core.replace(/^[~^]/, '') },
  };
}

/** Builds into `outDir` and answers the path of the bundle. */
export async function buildZapierApp(outDir = resolve(packageDir, 'dist')): Promise<string> {
  rmSync(outDir, { recursive: true, force: true });
  const libDir = resolve(outDir, 'lib');
  mkdirSync(libDir, { recursive: true });
  const bundle = resolve(libDir, 'index.mjs');
  await build({
    entryPoints: [resolve(packageDir, 'src/index.ts')],
    outfile: bundle,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['zapier-platform-core'],
    logLevel: 'warning',
  });
  // @kaiku/shared reads its JSON files relative to its own module, which is now the bundle.
  const sharedDir = dirname(createRequire(import.meta.url).resolve('@kaiku/shared'));
  const samplesDir = resolve(sharedDir, 'samples');
  cpSync(resolve(sharedDir, 'schemas'), resolve(libDir, 'schemas'), { recursive: true });
  cpSync(samplesDir, resolve(libDir, 'samples'), { recursive: true, filter: (path) => !path.startsWith(resolve(samplesDir, 'webhooks')) });
  const source = JSON.parse(readFileSync(resolve(packageDir, 'package.json'), 'utf8')) as PackageJson;
  writeFileSync(resolve(outDir, 'package.json'), `${JSON.stringify(deployPackageJson(source), null, 2)}\n`);
  return bundle;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2] ? resolve(process.argv[2]) : undefined;
  const bundle = await buildZapierApp(outDir);
  console.log(`Built ${bundle}`);
}
