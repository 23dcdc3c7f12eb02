/** Template-management errors: code 100 with Meta's subcodes and user-facing title and message. */
import { GraphError } from '../graph-error.js';

/** Subcodes from the reference (§2.3); the ones marked there as third-party reports are used as reported. */
export const SUBCODES = {
  countLimit: 2388019,
  invalidName: 2388023,
  duplicateName: 2388024,
  statusLocked: 2388039,
  characterLimit: 2388040,
  variableFormat: 2388042,
  missingExample: 2388043,
  headerFormat: 2388047,
  bodyFormat: 2388072,
  footerFormat: 2388073,
  tooManyVariables: 2388293,
  leadingTrailingVariable: 2388299,
} as const;

/** A template creation error the caller can act on. */
export function templateError(subcode: number | undefined, userTitle: string, userMessage: string): GraphError {
  return new GraphError(100, 'Invalid parameter', {
    status: 400,
    ...(subcode === undefined ? {} : { subcode }),
    userTitle,
    userMessage,
    details: userMessage,
  });
}
