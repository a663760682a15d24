/**
 * JSON-LD `NewsArticle` for search engines. `articleBody` carries only what the content-read
 * service allowed this viewer, so a walled reader's page never holds the full text here either;
 * on a walled page it is absent.
 */

import type { SiteSettings } from '../settings/index.js';
import type { ArticleViewModel } from './article-presenter.js';

/** JSON safe inside a <script> element: `<`, `>` and `&` escaped, and the line separators too. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function articleJsonLd(p: {
  page: ArticleViewModel;
  url: string;
  publicUrl: string;
  site: SiteSettings;
  imageUrl?: string | undefined;
}): string {
  const reading = p.page;
  const article = reading.story;
  const data: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: { '@type': 'WebPage', '@id': p.url },
    url: p.url,
    headline: article.headline.slice(0, 110),
    description: reading.description,
    datePublished: article.publishedAt?.toISOString(),
    dateModified: (article.revisedAt ?? article.publishedAt ?? article.updatedAt).toISOString(),
    articleSection: article.section.name,
    keywords: article.tags.map((t) => t.name),
    wordCount: article.wordCount,
    author: article.authors.map((a) => ({ '@type': 'Person', name: a.name, url: `${p.publicUrl}/authors/${a.slug}` })),
    publisher: { '@type': 'NewsMediaOrganization', name: p.site.name, url: `${p.publicUrl}/` },
    isAccessibleForFree: !reading.paywalled,
  };
  // Google's markup for paywalled content: the part after the lead-in, wrapped in this class,
  // is what a reader without access does not get (https://developers.google.com/search/docs/appearance/structured-data/paywalled-content).
  if (reading.paywalled) data.hasPart = { '@type': 'WebPageElement', isAccessibleForFree: false, cssSelector: '.paywalled' };
  // Corrections are data: each one a CorrectionComment (https://schema.org/correction), as the
  // story's own page and /corrections list them.
  const corrections = article.updates.filter((u) => u.correction);
  if (corrections.length > 0)
    data.correction = corrections.map((u) => ({ '@type': 'CorrectionComment', text: u.note, datePublished: u.notedAt.toISOString() }));
  if (p.imageUrl) data.image = [p.imageUrl];
  if (article.dateline) data.locationCreated = { '@type': 'Place', name: article.dateline };
  if (reading.full)
    data.articleBody = reading.blocks
      .map((b) => b.text)
      .filter(Boolean)
      .join('\n\n');
  return scriptSafeJson(data);
}
