/**
 * For bundles (the Zapier app, the proxy's `dist/`): an esbuild plugin that replaces `@kaiku/shared` with a
 * module whose JSON files are static imports, so that esbuild inlines them and the bundle reads nothing
 * from `shared/` at run time.
 */
import { readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

const sharedDir = dirname(fileURLToPath(import.meta.url));

/** Source of a module with `@kaiku/shared`'s run-time API (`schemaNames`, `loadSchema`, `loadSample`). */
export function inlinedSharedModule(): string {
  const jsonFiles = (folder: string, suffix: string) => readdirSync(resolve(sharedDir, folder)).filter((file) => file.endsWith(suffix)).sort();
  const schemas = jsonFiles('schemas', '.schema.json').map((file, index) => ({ name: file.slice(0, -'.schema.json'.length), id: `schema${index}`, path: `./schemas/${file}` }));
  const samples = jsonFiles('samples', '.json').map((file, index) => ({ name: file.slice(0, -'.json'.length), id: `sample${index}`, path: `./samples/${file}` }));
  const imports = [...schemas, ...samples].map((item) => `import ${item.id} from ${JSON.stringify(item.path)};`);
  const table = (items: typeof schemas) => `{ ${items.map((item) => `${JSON.stringify(item.name)}: ${item.id}`).join(', ')} }`;
  return [
    ...imports,
    `const schemas = ${table(schemas)};`,
    `const samples = ${table(samples)};`,
    'export const schemaNames = Object.keys(schemas);',
    'function pick(table, kind, name) { if (!(name in table)) throw new Error(`@kaiku/shared has no ${kind} ${name}.`); return structuredClone(table[name]); }',
    "export function loadSchema(name) { return pick(schemas, 'schema', name); }",
    "export function loadSample(name) { return pick(samples, 'sample', name); }",
  ].join('\n');
}

/** The esbuild plugin: `import … from '@kaiku/shared'` gets the inlined module. */
export function inlineShared(): Plugin {
  return {
    name: 'inline-kaiku-shared',
    setup(builder) {
      builder.onResolve({ filter: /^@kaiku\/shared$/ }, () => ({ path: '@kaiku/shared', namespace: 'kaiku-shared' }));
      builder.onLoad({ filter: /.*/, namespace: 'kaiku-shared' }, () => ({ contents: inlinedSharedModule(), resolveDir: sharedDir, loader: 'js' }));
    },
  };
}
