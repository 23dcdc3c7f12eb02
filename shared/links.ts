/**
 * Where a Kaiku deployment's help pages live: the proxy serves them at `/docs/<language>/<page>`, and every
 * connector links to them from the deployment's public URL (`KAIKU_PUBLIC_URL`). The committed connector files
 * are generated for `DEFAULT_PUBLIC_URL`; a deployment generates its own with the connectors command.
 */

/** The public URL the committed connector files are generated for (documented in the README). */
export const DEFAULT_PUBLIC_URL = 'https://kaiku.example.com';

/** The languages of the help pages; the first is the default. */
export const DOCS_LANGUAGES = ['en', 'fi'] as const;
/** One of `DOCS_LANGUAGES`. */
export type DocsLanguage = (typeof DOCS_LANGUAGES)[number];

/** The help pages, by slug (`index` is the overview). */
export const DOCS_PAGES = ['index', 'zapier', 'power-automate', 'hubspot', 'privacy', 'support'] as const;
/** One of `DOCS_PAGES`. */
export type DocsPage = (typeof DOCS_PAGES)[number];

/** The absolute URL of a help page of the deployment at `publicUrl`. */
export function docsUrl(publicUrl: string, page: DocsPage, language: DocsLanguage = 'en'): string {
  const base = `${publicUrl.replace(/\/+$/, '')}/docs/${language}/`;
  return page === 'index' ? base : `${base}${page}`;
}

/** The links a connector listing needs, for the deployment at `publicUrl`. */
export function connectorLinks(publicUrl: string): { website: string; privacyPolicy: string; support: string; zapier: string; powerAutomate: string; hubspot: string } {
  return {
    website: docsUrl(publicUrl, 'index'),
    privacyPolicy: docsUrl(publicUrl, 'privacy'),
    support: docsUrl(publicUrl, 'support'),
    zapier: docsUrl(publicUrl, 'zapier'),
    powerAutomate: docsUrl(publicUrl, 'power-automate'),
    hubspot: docsUrl(publicUrl, 'hubspot'),
  };
}

/** A public URL the connector files can be generated for: absolute HTTPS, no path beyond `/`, no query. */
export function checkPublicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`"${value}" is not a URL; give the public address of your Kaiku server, e.g. https://kaiku.yourcompany.com.`);
  }
  if (url.protocol !== 'https:') throw new Error(`"${value}" must start with https:// (Zapier and Power Platform link only to HTTPS pages).`);
  if (url.search || url.hash) throw new Error(`"${value}" must not have a query or fragment.`);
  return url.toString().replace(/\/+$/, '');
}
