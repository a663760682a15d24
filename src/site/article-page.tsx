/**
 * The article page, in the order the paper prints it: headline, dek,
 * hero picture with caption and credit, byline and dateline, body, update notes, related
 * coverage. It renders a view-model (article-presenter.ts) that holds only the blocks this reader
 * may see: the article's record never reaches it.
 */

import { Fragment } from 'preact';
import { articlePath, type Block, mediaUrl, pickVariant, pictureHtml } from '../articles/index.js';
import { ArticleNotice, type ArticleNoticeData, MeterBox, type MeterBoxData } from '../meter/index.js';
import { formatDateTime } from '../views/format.js';
import { Layout, type PageChrome } from '../views/layout.js';
import type { ArticleViewModel } from './article-presenter.js';
import { articleJsonLd } from './article-structured-data.js';
import { type PrintCode, PrintCodes } from './print-codes.js';

export interface ArticlePageProps {
  chrome: PageChrome;
  page: ArticleViewModel;
  /** The counter, the paywall or a gift notice, when the meter has something to say. */
  meter?: MeterBoxData | null | undefined;
  /** The gift note, or why a gift link did not open the story: under the headline and dek. */
  notice?: ArticleNoticeData | null | undefined;
  /** The print view's QR codes (to the story online, to the subscription page): only paper shows them. */
  printCodes?: PrintCode[] | null | undefined;
  timeZone: string;
  /** A preview (src/newsroom): kept out of search engines. */
  noindex?: boolean | undefined;
}

/** The class that wraps the part of a paywalled article after the lead-in (JSON-LD `hasPart`). */
export const PAYWALLED_CLASS = 'paywalled';

const html = (blocks: readonly Block[]) => blocks.map((b) => b.html).join('\n');

export function ArticlePage({ chrome, page, meter, notice, printCodes, timeZone, noindex }: ArticlePageProps) {
  const article = page.story;
  const reading = page;
  const path = articlePath(article, timeZone);
  const url = chrome.publicUrl + path;
  const ogImage = article.hero ? pickVariant(article.hero.image, 1280) : undefined;
  const revised =
    article.revisedAt && article.publishedAt && article.revisedAt.getTime() > article.publishedAt.getTime() ? article.revisedAt : null;
  const jsonLd = articleJsonLd({
    page,
    url,
    publicUrl: chrome.publicUrl,
    site: chrome.site,
    imageUrl: ogImage ? chrome.publicUrl + mediaUrl(ogImage.key) : undefined,
  });
  const head = (
    <>
      <meta property="og:type" content="article" />
      <meta property="og:site_name" content={chrome.site.name} />
      <meta property="og:title" content={article.headline} />
      <meta property="og:description" content={reading.description} />
      <meta property="og:url" content={url} />
      {ogImage ? <meta property="og:image" content={chrome.publicUrl + mediaUrl(ogImage.key)} /> : null}
      {ogImage ? <meta property="og:image:width" content={String(ogImage.width)} /> : null}
      {ogImage ? <meta property="og:image:height" content={String(ogImage.height)} /> : null}
      {article.hero ? <meta property="og:image:alt" content={article.hero.alt} /> : null}
      {article.publishedAt ? <meta property="article:published_time" content={article.publishedAt.toISOString()} /> : null}
      {revised ? <meta property="article:modified_time" content={revised.toISOString()} /> : null}
      <meta property="article:section" content={article.section.name} />
      {article.tags.map((t) => (
        <meta key={t.id} property="article:tag" content={t.name} />
      ))}
      <meta name="twitter:card" content={ogImage ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={article.headline} />
      <meta name="twitter:description" content={reading.description} />
      {ogImage ? <meta name="twitter:image" content={chrome.publicUrl + mediaUrl(ogImage.key)} /> : null}
      {/* JSON-LD is serialised with `<` escaped, so no string in it can close the script element. */}
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd }} />
    </>
  );
  return (
    <Layout
      chrome={{ ...chrome, currentSection: article.section.slug }}
      title={`${article.headline} | ${chrome.site.name}`}
      description={reading.description}
      canonicalPath={path}
      noindex={noindex}
      head={head}
    >
      <article class="article">
        <header>
          <a class="kicker" href={`/${article.section.slug}`}>
            {article.section.name}
          </a>
          <h1>{article.headline}</h1>
          {article.dek ? <p class="dek">{article.dek}</p> : null}
          {notice ? <ArticleNotice notice={notice} /> : null}
          {article.hero ? (
            <figure class="hero">
              <div
                dangerouslySetInnerHTML={{
                  __html: pictureHtml(article.hero.image, article.hero.alt, '(min-width: 48rem) 44rem, 100vw', 'eager', {
                    x: article.hero.focalX,
                    y: article.hero.focalY,
                  }),
                }}
              />
              {article.hero.caption || article.hero.credit ? (
                <figcaption>
                  {article.hero.caption}
                  {article.hero.credit ? <span class="credit">{article.hero.credit}</span> : null}
                </figcaption>
              ) : null}
            </figure>
          ) : null}
          <p class="byline">
            By{' '}
            {article.authors.map((a, i) => (
              <Fragment key={a.id}>
                {i > 0 ? (i === article.authors.length - 1 ? ' and ' : ', ') : null}
                <a href={`/authors/${a.slug}`} rel="author">
                  {a.name}
                </a>
              </Fragment>
            ))}
            <br />
            {article.dateline ? <span class="dateline">{article.dateline} — </span> : null}
            {article.publishedAt ? (
              <>
                Published <time dateTime={article.publishedAt.toISOString()}>{formatDateTime(article.publishedAt, timeZone)}</time>
              </>
            ) : null}
            {revised ? (
              <>
                {' · '}Updated <time dateTime={revised.toISOString()}>{formatDateTime(revised, timeZone)}</time>
              </>
            ) : null}
          </p>
        </header>
        {reading.paywalled ? (
          <div class="body">
            <div class="lead-in" dangerouslySetInnerHTML={{ __html: html(reading.leadIn) }} />
            {reading.full && reading.rest.length > 0 ? (
              <div class={PAYWALLED_CLASS} dangerouslySetInnerHTML={{ __html: html(reading.rest) }} />
            ) : null}
          </div>
        ) : (
          <div class="body" dangerouslySetInnerHTML={{ __html: html(reading.blocks) }} />
        )}
        {meter ? <MeterBox box={meter} /> : null}
        {printCodes ? <PrintCodes codes={printCodes} /> : null}
        {article.updates.length > 0 ? (
          <section class="updates" aria-labelledby="updates-h">
            <h2 id="updates-h">Updates and corrections</h2>
            <ol>
              {article.updates.map((u) => (
                <li key={u.id}>
                  <time dateTime={u.notedAt.toISOString()}>{formatDateTime(u.notedAt, timeZone)}</time>
                  {u.correction ? <strong class="update-kind">Correction: </strong> : null}
                  {u.note}
                </li>
              ))}
            </ol>
          </section>
        ) : null}
        {article.tags.length > 0 ? (
          <nav class="tags" aria-label="Topics">
            <ul>
              {article.tags.map((t) => (
                <li key={t.id}>
                  <a href={`/tags/${t.slug}`}>{t.name}</a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        {article.related.length > 0 ? (
          <section class="related" aria-labelledby="related-h">
            <h2 id="related-h">Related coverage</h2>
            <ul>
              {article.related
                .filter((r) => r.status === 'published')
                .map((r) => (
                  <li key={r.id}>
                    <a href={articlePath(r, timeZone)}>{r.headline}</a>
                  </li>
                ))}
            </ul>
          </section>
        ) : null}
      </article>
    </Layout>
  );
}
