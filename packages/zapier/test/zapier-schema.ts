/**
 * zapier-platform-schema's validators (the package ships no types) and core's function serializer,
 * so that tests validate the definition the way `zapier-platform validate` does offline.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A jsonschema validation result: an empty `errors` list means valid. */
export interface ValidationResult {
  errors: { stack: string }[];
}

interface Validator {
  validate(definition: unknown): ValidationResult;
}

const schemaPackage = require('zapier-platform-schema') as { validateAppDefinition(definition: unknown): ValidationResult };
const cleaner = require('zapier-platform-core/src/tools/cleaner') as { recurseCleanFuncs(value: unknown): unknown };

/** Functions replaced by `$func$<arity>$f$` pointers, as Zapier's build does before validating. */
export function serialize(definition: unknown): unknown {
  return JSON.parse(JSON.stringify(cleaner.recurseCleanFuncs(definition))) as unknown;
}

/** The whole-app check (structure plus functional constraints). */
export function validateApp(definition: unknown): string[] {
  return schemaPackage.validateAppDefinition(serialize(definition)).errors.map((error) => error.stack);
}

/** The per-action checks that catch what the whole-app check lets through (e.g. a missing sample). */
export const actionValidators = {
  trigger: require('zapier-platform-schema/lib/schemas/TriggerSchema') as Validator,
  create: require('zapier-platform-schema/lib/schemas/CreateSchema') as Validator,
  search: require('zapier-platform-schema/lib/schemas/SearchSchema') as Validator,
};

/** Validates one trigger/create/search on its own. */
export function validateAction(kind: keyof typeof actionValidators, action: unknown): string[] {
  return actionValidators[kind].validate(serialize(action)).errors.map((error) => error.stack);
}
