/**
 * Writes the connector's generated files. Run after changing the API description or a shared schema:
 * `node --import tsx power-platform-connector/scripts/generate.ts` (a test fails while they differ). The committed
 * files are for `DEFAULT_PUBLIC_URL`; a deployment generates its own with `pnpm connectors --public-url …`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PUBLIC_URL } from '../../shared/links.js';
import { buildApiDefinition } from './build-definition.js';
import { buildApiProperties } from './build-properties.js';

/** Four-space JSON with a final newline, as the certification checks want it. */
function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 4)}\n`;
}

/** Every generated file of the connector folder for the deployment at `publicUrl`, by file name. */
export function generatedFiles(publicUrl: string = DEFAULT_PUBLIC_URL): Record<string, string> {
  return {
    'apiDefinition.swagger.json': toJson(buildApiDefinition(publicUrl)),
    'apiProperties.json': toJson(buildApiProperties()),
  };
}

/** The connector folder. */
export const connectorDir = fileURLToPath(new URL('..', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, content] of Object.entries(generatedFiles())) {
    writeFileSync(new URL(`../${name}`, import.meta.url), content);
    console.log(`wrote ${name}`);
  }
}
