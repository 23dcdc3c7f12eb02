import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from '@jest/globals';

const run = promisify(execFile);
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Inside the package (git-ignored dist/) so that zapier-platform-core resolves as it would after `npm install`.
const outDir = resolve(packageDir, 'dist', `test-${randomBytes(6).toString('hex')}`);

/** Loads the bundle in plain Node (no TypeScript tooling) and validates it as Zapier's CLI would. */
const probe = `
import { createRequire } from 'node:module';
const bundle = process.argv[1];
const require = createRequire(bundle);
const app = (await import(bundle)).default;
const cleaner = require('zapier-platform-core/src/tools/cleaner');
const { validateAppDefinition } = require('zapier-platform-schema');
const errors = validateAppDefinition(JSON.parse(JSON.stringify(cleaner.recurseCleanFuncs(app)))).errors.map((e) => e.stack);
console.log(JSON.stringify({ version: app.version, triggers: Object.keys(app.triggers), creates: Object.keys(app.creates), errors, sample: app.triggers.new_inbound_message.operation.sample }));
`;

describe('the Zapier package build', () => {
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('bundles the app with the shared schemas and samples inlined into a folder plain Node can load', async () => {
    await run(process.execPath, ['--import', 'tsx', resolve(packageDir, 'scripts/build.ts'), outDir], { cwd: packageDir });
    const manifest = JSON.parse(readFileSync(resolve(outDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ type: 'module', exports: './lib/index.mjs', dependencies: { 'zapier-platform-core': '19.1.0' } });
    // Zapier's CLI zips only what the entry point imports: the bundle must read no JSON files at run time.
    expect(readdirSync(outDir, { recursive: true }).sort()).toEqual(['lib', 'lib/index.mjs', 'package.json']);

    const bundle = pathToFileURL(resolve(outDir, 'lib/index.mjs')).href;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', probe, bundle], { cwd: outDir });
    const loaded = JSON.parse(stdout) as { version: string; triggers: string[]; creates: string[]; errors: string[]; sample: unknown };
    const sharedSample = JSON.parse(readFileSync(resolve(packageDir, '../../shared/samples/inbound-message.json'), 'utf8')) as unknown;
    expect(loaded).toEqual({
      version: manifest.version,
      triggers: ['new_inbound_message', 'message_status_changed', 'template_list', 'phone_number_list'],
      creates: ['send_template_message', 'reply_to_customer', 'request_whatsapp_consent'],
      errors: [],
      sample: sharedSample,
    });
  });

  it('links the connection fields to the help pages of the deployment it is built for', async () => {
    const deployed = `${outDir}-deployed`;
    try {
      await run(process.execPath, ['--import', 'tsx', resolve(packageDir, 'scripts/build.ts'), deployed, '--public-url', 'https://kaiku.acme.fi/'], { cwd: packageDir });
      const bundle = pathToFileURL(resolve(deployed, 'lib/index.mjs')).href;
      const printHelp = 'const app = (await import(process.argv[1])).default; console.log(JSON.stringify(app.authentication.fields.map((f) => f.helpText)));';
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', printHelp, bundle], { cwd: deployed });
      const help = (JSON.parse(stdout) as string[]).join('\n');
      expect(help).toContain('](https://kaiku.acme.fi/docs/en/zapier)');
      expect(help).toContain('`https://kaiku.acme.fi`');
      expect(help).not.toContain('kaiku.example.com');
      await expect(run(process.execPath, ['--import', 'tsx', resolve(packageDir, 'scripts/build.ts'), deployed, '--public-url', 'http://kaiku.acme.fi'], { cwd: packageDir }))
        .rejects.toThrow(/must start with https/);
    } finally {
      rmSync(deployed, { recursive: true, force: true });
    }
  });
});
