/** Handlers of the help pages at /docs (public, HTML): the links every connector listing points at. */
import { DOCS_LANGUAGES, docsUrl } from '@kaiku/shared/links';
import { isDocsLanguage, isDocsPage, renderDocsPage } from '../docs/render.js';
import { ApiError } from './errors.js';
import type { Handler } from './context.js';
import { baseUrl, param } from './context.js';

/** GET /docs → the overview in Finnish for Finnish browsers, in English otherwise. */
export const getDocsHome: Handler = async (req, res, ctx) => {
  const language = req.acceptsLanguages(...DOCS_LANGUAGES) || 'en';
  res.redirect(302, docsUrl(baseUrl(req, ctx), 'index', isDocsLanguage(language) ? language : 'en'));
};

/** GET /docs/{language}/ and /docs/{language}/{page}. */
export const getDocsPage: Handler = async (req, res, ctx) => {
  const language = param(req, 'lang');
  const page = typeof req.params.page === 'string' ? req.params.page : 'index';
  if (!isDocsLanguage(language) || !isDocsPage(page)) {
    throw new ApiError('not_found', `There is no help page "${req.path}". The pages start at /docs/en/ and /docs/fi/.`);
  }
  res.type('html').set('cache-control', 'public, max-age=300').send(renderDocsPage(language, page, baseUrl(req, ctx)));
};
