/**
 * The help pages as small, plain HTML: one page of one language with links to the other pages and the other
 * language. Text is escaped; `code` in backticks and {{public_url}} are the only markup.
 */
import { DOCS_LANGUAGES, DOCS_PAGES, docsUrl } from '@kaiku/shared/links';
import type { DocsLanguage, DocsPage } from '@kaiku/shared/links';
import { contentEn } from './content-en.js';
import { contentFi } from './content-fi.js';
import type { DocsContent, DocsSection } from './types.js';

const CONTENT: Record<DocsLanguage, DocsContent> = { en: contentEn, fi: contentFi };

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function inline(text: string, publicUrl: string): string {
  return escapeHtml(text.replaceAll('{{public_url}}', publicUrl)).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function section(s: DocsSection, publicUrl: string): string {
  const parts = [
    s.heading ? `<h2>${inline(s.heading, publicUrl)}</h2>` : '',
    ...(s.paragraphs ?? []).map((p) => `<p>${inline(p, publicUrl)}</p>`),
    s.items ? `<ul>${s.items.map((item) => `<li>${inline(item, publicUrl)}</li>`).join('')}</ul>` : '',
  ];
  return parts.filter(Boolean).join('\n');
}

/** Whether a string names a help page language. */
export function isDocsLanguage(value: string): value is DocsLanguage {
  return (DOCS_LANGUAGES as readonly string[]).includes(value);
}

/** Whether a string names a help page. */
export function isDocsPage(value: string): value is DocsPage {
  return (DOCS_PAGES as readonly string[]).includes(value);
}

/** One help page as a whole HTML document, with links for the deployment at `publicUrl`. */
export function renderDocsPage(language: DocsLanguage, page: DocsPage, publicUrl: string): string {
  const content = CONTENT[language];
  const { title, sections } = content.pages[page];
  const other = language === 'en' ? 'fi' : 'en';
  const nav = DOCS_PAGES.map((slug) => `<a href="${escapeHtml(docsUrl(publicUrl, slug, language))}"${slug === page ? ' aria-current="page"' : ''}>${escapeHtml(content.nav[slug])}</a>`);
  nav.push(`<a href="${escapeHtml(docsUrl(publicUrl, page, other))}" hreflang="${other}" lang="${other}">${escapeHtml(content.otherLanguage)}</a>`);
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}nav a{margin-right:1rem}code{background:#f2f2f2;padding:0 .2em}</style>
</head><body>
<nav>${nav.join('')}</nav>
<main><h1>${escapeHtml(title)}</h1>
${sections.map((s) => section(s, publicUrl)).join('\n')}
</main></body></html>
`;
}
