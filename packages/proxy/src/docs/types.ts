/** The shape of the help pages' text: per page a title and sections of paragraphs and lists. */
import type { DocsPage } from '@kaiku/shared/links';

/** One section of a page; text may hold `code` in backticks and {{public_url}}. */
export interface DocsSection {
  heading?: string;
  paragraphs?: string[];
  items?: string[];
}

/** One page. */
export interface DocsPageContent {
  title: string;
  sections: DocsSection[];
}

/** Every page in one language, plus the words of the page frame. */
export interface DocsContent {
  pages: Record<DocsPage, DocsPageContent>;
  nav: Record<DocsPage, string>;
  otherLanguage: string;
}
