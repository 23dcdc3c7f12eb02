/**
 * `pnpm connectors --public-url https://kaiku.yourcompany.com [--out connectors]`: the connector files of one
 * deployment, every link pointing at its own help pages (`/docs/…`) — the Power Platform definition in
 * `<out>/power-platform/` (with the icon and README) and the Zapier app in `<out>/zapier/`, ready for
 * `zapier-platform push`. HubSpot's action definitions are made from KAIKU_PUBLIC_URL by its setup command.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildZapierApp } from '../../packages/zapier/scripts/build.js';
import { checkPublicUrl } from '../../shared/links.js';
import { connectorDir, generatedFiles } from './generate.js';

/** Writes both connectors for `publicUrl` under `outDir`; answers the folders written. */
export async function generateConnectors(publicUrl: string, outDir: string): Promise<{ powerPlatform: string; zapier: string }> {
  const url = checkPublicUrl(publicUrl);
  const powerPlatform = join(outDir, 'power-platform');
  mkdirSync(powerPlatform, { recursive: true });
  for (const [name, content] of Object.entries(generatedFiles(url))) writeFileSync(join(powerPlatform, name), content);
  for (const name of ['icon.png', 'README.md']) copyFileSync(join(connectorDir, name), join(powerPlatform, name));
  const zapier = join(outDir, 'zapier');
  await buildZapierApp(zapier, url);
  return { powerPlatform, zapier };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { 'public-url': { type: 'string' }, out: { type: 'string', default: 'connectors' } } });
  if (!values['public-url']) {
    console.error('Give your deployment\'s public address: pnpm connectors --public-url https://kaiku.yourcompany.com [--out connectors]');
    process.exitCode = 1;
  } else {
    const written = await generateConnectors(values['public-url'], resolve(values.out));
    console.log(`Power Platform connector: ${written.powerPlatform}\nZapier app: ${written.zapier}`);
  }
}
