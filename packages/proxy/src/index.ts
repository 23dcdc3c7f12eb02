/** @kaiku/proxy */
import { loadSchema } from '@kaiku/shared';
export const probe = loadSchema;
