/** `ajv-formats` for any ajv instance: it is CommonJS, so its default export arrives as the module object under some loaders. */
import addFormatsModule from 'ajv-formats';

const plugin = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: unknown) => unknown;

/** Adds the standard formats (uri, date-time, …) to an ajv instance and returns it. */
export function withFormats<T>(ajv: T): T {
  plugin(ajv);
  return ajv;
}
