/**
 * Builds what `pnpm start` and a deployment run: `dist/main.mjs` (the proxy) and `dist/cli.mjs` (`kaiku …`),
 * plain JavaScript with core, the sandbox, the HubSpot package and `@kaiku/shared`'s schemas bundled in.
 * Node then runs no TypeScript loader: tsx's loader thread and its compiled sources cost a running proxy
 * about 40 MB. Third-party packages stay external and load from node_modules as in development (native
 * better-sqlite3, pino's worker transports, and the HubSpot SDK, which loads its 10 MB of generated code only
 * as it is used); each of them must therefore be a dependency of this package, which the build checks.
 * Usage: `pnpm --filter @kaiku/proxy build`.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Metafile, Plugin } from 'esbuild';
import { inlineShared } from '@kaiku/shared/esbuild-plugin';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The entry points and the files they become. */
export const ENTRIES = { main: 'src/main.ts', cli: 'src/cli.ts' } as const;

/** `express/lib/x` → `express`, `@hubspot/api-client/lib/y` → `@hubspot/api-client`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** Every bare import outside the workspace stays an import; `@kaiku/*` sources are bundled. */
function thirdPartyExternal(): Plugin {
  return {
    name: 'third-party-external',
    setup(builder) {
      builder.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('@kaiku/') || args.path.startsWith('node:') || builtinModules.includes(args.path)) return undefined;
        return { path: args.path, external: true };
      });
    },
  };
}

/** The external packages the bundles import that this package does not declare (node_modules of a pnpm install holds only those). */
export function undeclaredPackages(metafile: Metafile, dependencies: Record<string, string>): string[] {
  const imported = Object.values(metafile.outputs).flatMap((output) => output.imports).filter((item) => item.external && !item.path.startsWith('node:'));
  const names = new Set(imported.map((item) => packageName(item.path)).filter((name) => !builtinModules.includes(name)));
  return [...names].filter((name) => !(name in dependencies)).sort();
}

/** Builds into `outDir` (default `dist/`); answers the path of each bundle. */
export async function buildProxy(outDir = resolve(packageDir, 'dist')): Promise<Record<keyof typeof ENTRIES, string>> {
  const result = await build({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, source]) => [name, resolve(packageDir, source)])),
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [inlineShared(), thirdPartyExternal()],
    metafile: true,
    sourcemap: 'linked',
    write: false,
    logLevel: 'warning',
  });
  const manifest = JSON.parse(readFileSync(resolve(packageDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const missing = undeclaredPackages(result.metafile, manifest.dependencies);
  if (missing.length > 0) {
    throw new Error(`The proxy's bundle imports ${missing.join(', ')}, which packages/proxy/package.json does not list. Add ${missing.length === 1 ? 'it' : 'them'} to "dependencies" (same version range as the package that uses ${missing.length === 1 ? 'it' : 'them'}) and run pnpm install.`);
  }
  mkdirSync(outDir, { recursive: true });
  // Written beside and renamed into place: a proxy starting while another build runs never reads half a file.
  for (const file of result.outputFiles) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  return Object.fromEntries(Object.keys(ENTRIES).map((name) => [name, resolve(outDir, `${name}.mjs`)])) as Record<keyof typeof ENTRIES, string>;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const built = await buildProxy(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`Built ${Object.values(built).map((file) => basename(file)).join(', ')}`);
}
