/**
 * Dynamic fields for a chosen template's inputs, built at run time from
 * `GET /v1/templates/{id}/schema`: one field per body variable, media header and button suffix,
 * each with the template's example as placeholder and help text saying where it goes in the message.
 */
import type { JsonSchema } from '@kaiku/shared';
import type { Bundle, PlainInputField, ZObject } from 'zapier-platform-core';
import { callProxy, segment } from '../api.js';
import { plainMessage } from '../errors.js';
import { inputFieldsFrom, PATH_SEPARATOR } from '../schema-fields.js';

/** True when a value is a real choice, not empty and not an unresolved `{{mapping}}` from the editor. */
function isChosen(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && !value.includes('{{');
}

/**
 * A dynamic-fields function for the template chosen in `templateKey`; the fields' keys start with
 * `prefix` (e.g. `variables__1`) so that they never clash with the action's own fields. `omit` leaves out
 * inputs the action fills itself.
 */
export function templateVariableFields(templateKey: string, prefix: string, omit: (key: string) => boolean = () => false) {
  return async (z: ZObject, bundle: Bundle): Promise<PlainInputField[]> => {
    const template = bundle.inputData[templateKey];
    if (!isChosen(template)) return [];
    try {
      const schema = await callProxy<JsonSchema>(z, bundle, { path: `/templates/${segment(template)}/schema` });
      const kept = Object.keys((schema.properties ?? {}) as Record<string, unknown>).filter((key) => !omit(key));
      return inputFieldsFrom(schema, { prefix: prefix.split(PATH_SEPARATOR), only: kept });
    } catch (error) {
      const helpText = `Kaiku could not load this template's fields: ${plainMessage(error)} Choose a template from the dropdown to fill in its variables here.`;
      return [{ key: `${prefix}${PATH_SEPARATOR}unavailable`, type: 'copy', helpText }];
    }
  };
}

/** Collects the flat `prefix__<key>` values back into the `variables` map the proxy expects. */
export function collectVariables(inputData: Record<string, unknown>, prefix: string): Record<string, string> | undefined {
  const start = `${prefix}${PATH_SEPARATOR}`;
  const entries = Object.entries(inputData)
    .filter(([key, value]) => key.startsWith(start) && value !== undefined && value !== null && String(value).trim() !== '')
    .map(([key, value]) => [key.slice(start.length), String(value).trim()] as const);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
