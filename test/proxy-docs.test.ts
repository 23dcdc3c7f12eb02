/**
 * The help pages the connectors link to are served by the proxy itself, in English and Finnish, and every link
 * of a deployment's generated connector files leads to a page that exists.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DOCS_LANGUAGES, DOCS_PAGES } from '@kaiku/shared/links';
import { generatedFiles } from '../power-platform-connector/scripts/generate.js';
import { startKaiku } from './harness/index.js';
import type { Kaiku } from './harness/index.js';

const PUBLIC_URL = 'https://kaiku.acme.fi';

describe('the help pages at /docs', () => {
  let kaiku: Kaiku;
  beforeAll(async () => {
    kaiku = await startKaiku({ config: { publicUrl: PUBLIC_URL } });
  });
  afterAll(async () => {
    await kaiku.stop();
  });
  /** What a browser gets for a public URL of this deployment (the public host reaches this proxy). */
  const open = (url: string) => fetch(url.replace(PUBLIC_URL, kaiku.proxyUrl), { redirect: 'manual' });

  it.each(DOCS_LANGUAGES.flatMap((language) => DOCS_PAGES.map((page) => [language, page] as const)))('serves /docs/%s/%s as HTML in that language, linking with the public URL', async (language, page) => {
    const response = await open(`${PUBLIC_URL}/docs/${language}/${page === 'index' ? '' : page}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain(`<html lang="${language}">`);
    expect(html).toMatch(/<h1>[^<]+<\/h1>/);
    for (const [, href] of html.matchAll(/href="([^"]+)"/g)) expect(href?.startsWith(`${PUBLIC_URL}/docs/`)).toBe(true);
    expect(html).not.toContain('{{');
  });

  it('shows the Finnish pages in Finnish and the English ones in English', async () => {
    expect(await (await open(`${PUBLIC_URL}/docs/fi/hubspot`)).text()).toContain('HubSpotin yhdistäminen');
    expect(await (await open(`${PUBLIC_URL}/docs/en/hubspot`)).text()).toContain('Connecting HubSpot');
  });

  it('sends /docs to the overview in the browser\'s language, and answers an unknown page with 404', async () => {
    const finnish = await fetch(`${kaiku.proxyUrl}/docs`, { redirect: 'manual', headers: { 'accept-language': 'fi-FI,fi;q=0.9,en;q=0.5' } });
    expect(finnish.status).toBe(302);
    expect(finnish.headers.get('location')).toBe(`${PUBLIC_URL}/docs/fi/`);
    expect((await fetch(`${kaiku.proxyUrl}/docs`, { redirect: 'manual' })).headers.get('location')).toBe(`${PUBLIC_URL}/docs/en/`);
    expect((await open(`${PUBLIC_URL}/docs/sv/`)).status).toBe(404);
    expect((await open(`${PUBLIC_URL}/docs/en/pricing`)).status).toBe(404);
  });

  it('serves every page the deployment\'s Power Platform files link to', async () => {
    const links = Object.values(generatedFiles(PUBLIC_URL)).join('\n').match(/https:\/\/kaiku\.acme\.fi\/[^"\s]*/g) ?? [];
    expect(links.length).toBeGreaterThanOrEqual(3);
    for (const link of new Set(links)) expect([link, (await open(link)).status]).toEqual([link, 200]);
  });
});
