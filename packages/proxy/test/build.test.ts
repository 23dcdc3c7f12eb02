/**
 * The proxy's build: plain-Node bundles that need neither tsx nor the workspace's TypeScript sources at run
 * time, and a check that every package they import is one this package declares.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Metafile } from 'esbuild';
import { buildProxy, packageName, undeclaredPackages } from '../scripts/build.js';

const run = promisify(execFile);
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Inside the package (git-ignored dist/), so that the external packages resolve as they do for dist/main.mjs.
const outDir = resolve(packageDir, 'dist', `test-${randomBytes(6).toString('hex')}`);
const dataDir = mkdtempSync(join(tmpdir(), 'kaiku-build-'));
const env = { ...process.env, KAIKU_DATA_DIR: dataDir, NODE_OPTIONS: '', LOG_LEVEL: 'warn' };
let built: { main: string; cli: string };

beforeAll(async () => {
  built = await buildProxy(outDir);
}, 60_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the proxy build', () => {
  it('writes the proxy and the CLI as .mjs bundles with source maps', () => {
    expect(readdirSync(outDir).sort()).toEqual(['cli.mjs', 'cli.mjs.map', 'main.mjs', 'main.mjs.map']);
  });

  it('runs the CLI in plain Node against the embedded store', async () => {
    await run(process.execPath, [built.cli, 'workspace', 'create', 'Built bundle'], { env });
    const { stdout } = await run(process.execPath, [built.cli, 'workspace', 'list', '--json'], { env });
    expect(JSON.parse(stdout)).toEqual([expect.objectContaining({ name: 'Built bundle' })]);
  });

  it('runs the proxy in plain Node, with the shared schemas inlined', async () => {
    const child = spawn(process.execPath, [built.main], { env: { ...env, PORT: '0', KAIKU_SANDBOX: 'off' }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      const url = await new Promise<string>((resolveUrl, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening at (http:\/\/\S+)/.exec(output);
          if (match?.[1] !== undefined) resolveUrl(match[1]);
        });
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('exit', (code) => reject(new Error(`the bundle exited with ${code}: ${output}`)));
      });
      const openapi = await (await fetch(`${url}/v1/openapi.json`)).json() as { components: { schemas: Record<string, { properties?: object }> } };
      expect(openapi.components.schemas.SendTemplateInput?.properties).toHaveProperty('template');
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
  });
});

describe('the check of the bundles\' imports', () => {
  const metafile = (imports: string[]): Metafile => ({
    inputs: {},
    outputs: { 'dist/main.mjs': { bytes: 1, inputs: {}, exports: [], imports: imports.map((path) => ({ path, kind: 'import-statement' as const, external: true })) } },
  });

  it('names each package by its name, scoped or not', () => {
    expect(['express', 'express/lib/router', '@hubspot/api-client', '@hubspot/api-client/lib/codegen/crm', 'libphonenumber-js/max/metadata'].map(packageName))
      .toEqual(['express', 'express', '@hubspot/api-client', '@hubspot/api-client', 'libphonenumber-js']);
  });

  it('reports the packages the bundles import but package.json does not declare, and only those', () => {
    const imports = ['node:fs', 'crypto', 'express', 'express/lib/x', '@hubspot/api-client/lib/y', 'left-pad', 'left-pad/x'];
    expect(undeclaredPackages(metafile(imports), { express: '^5', '@hubspot/api-client': '^13' })).toEqual(['left-pad']);
    expect(undeclaredPackages(metafile(imports), { express: '^5', '@hubspot/api-client': '^13', 'left-pad': '^1' })).toEqual([]);
  });
});
