/**
 * Every TypeScript file of the repository belongs to the tsconfig.json an editor finds for it (the nearest one
 * up the tree, the root one for bench/), and each of those uses the project's strict settings.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';

const run = promisify(execFile);
const ROOT = resolve(new URL('..', import.meta.url).pathname);
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');

/** The tsconfig.json an editor picks for `file`: the nearest one in its folder or above. */
function nearestConfig(file: string): string | null {
  for (let dir = dirname(join(ROOT, file)); dir.startsWith(ROOT); dir = dirname(dir)) {
    if (existsSync(join(dir, 'tsconfig.json'))) return join(dir, 'tsconfig.json');
  }
  return null;
}

describe('tsconfig.json files', () => {
  it('cover every tracked .ts file with the strict settings of the base', async () => {
    const { stdout } = await run('git', ['ls-files', '*.ts'], { cwd: ROOT });
    const files = stdout.split('\n').filter((f) => f !== '' && !f.endsWith('.d.ts'));
    const byConfig = new Map<string, string[]>();
    for (const file of files) {
      const config = nearestConfig(file);
      expect(config).not.toBeNull();
      byConfig.set(config ?? '', [...(byConfig.get(config ?? '') ?? []), file]);
    }
    expect([...byConfig.keys()]).toContain(join(ROOT, 'tsconfig.json'));
    for (const [config, mine] of byConfig) {
      const shown = JSON.parse((await run(TSC, ['--showConfig', '-p', config], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 })).stdout) as { compilerOptions: Record<string, unknown>; files?: string[] };
      expect(shown.compilerOptions).toMatchObject({ strict: true, noUncheckedIndexedAccess: true });
      // Node's packages resolve as Node does; the console is bundled by Vite, so it resolves as a bundler does.
      const bundled = relative(ROOT, config) === 'packages/console/tsconfig.json';
      expect(shown.compilerOptions).toMatchObject(bundled ? { module: 'esnext', moduleResolution: 'bundler' } : { module: 'nodenext' });
      const covered = new Set((shown.files ?? []).map((f) => relative(ROOT, resolve(dirname(config), f))));
      expect(mine.filter((file) => !covered.has(file))).toEqual([]);
    }
  }, 120_000);
});
