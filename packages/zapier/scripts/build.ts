/**
 * Builds the folder Zapier's CLI pushes: one ESM bundle of the app with `@kaiku/shared`'s schemas and samples
 * inlined (the CLI zips only files the entry point imports, so nothing may be read from disk at run time
 * except package.json), and a package.json whose only dependency is zapier-platform-core.
 * Usage: `pnpm --filter @kaiku/zapier build [outDir] [--public-url https://kaiku.yourcompany.com]` (default `dist/`).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Plugin } from 'esbuild';
import { parseArgs } from 'node:util';
import { inlineShared } from '@kaiku/shared/esbuild-plugin';
import { checkPublicUrl } from '@kaiku/shared/links';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface PackageJson {
  version: string;
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

/** Replaces `src/public-url.ts` with the deployment's URL, so that the app's help links point at its pages. */
function publicUrlModule(publicUrl: string): Plugin {
  return {
    name: 'kaiku-public-url',
    setup(builder) {
      builder.onLoad({ filter: /[\\/]src[\\/]public-url\.ts$/ }, () => ({
        contents: `export const PUBLIC_URL = ${JSON.stringify(publicUrl)};`, loader: 'ts',
      }));
    },
  };
}

/** Builds into `outDir` (for the deployment at `publicUrl`, else the documented default) and answers the bundle's path. */
export async function buildZapierApp(outDir = resolve(packageDir, 'dist'), publicUrl?: string): Promise<string> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(resolve(outDir, 'lib'), { recursive: true });
  const bundle = resolve(outDir, 'lib', 'index.mjs');
  await build({
    entryPoints: [resolve(packageDir, 'src/index.ts')],
    outfile: bundle,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['zapier-platform-core'],
    plugins: [inlineShared(), ...(publicUrl ? [publicUrlModule(publicUrl)] : [])],
    logLevel: 'warning',
  });
  const source = JSON.parse(readFileSync(resolve(packageDir, 'package.json'), 'utf8')) as PackageJson;
  writeFileSync(resolve(outDir, 'package.json'), `${JSON.stringify(deployPackageJson(source), null, 2)}\n`);
  return bundle;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ options: { 'public-url': { type: 'string' } }, allowPositionals: true });
  const outDir = positionals[0] ? resolve(positionals[0]) : undefined;
  const bundle = await buildZapierApp(outDir, values['public-url'] ? checkPublicUrl(values['public-url']) : undefined);
  console.log(`Built ${bundle}`);
}
