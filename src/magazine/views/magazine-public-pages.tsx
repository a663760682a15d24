/**
 * The magazine on the website: /magazine (every printed edition, the newest first) and
 * /magazine/:number (one edition: its cover, Vol./No., cover date, the editor's note and its
 * stories in order, each with headline, dek, byline and a link to the story, which stays behind
 * the website's meter and paywall: no body is ever shown here). Pure, no script, and a subscribe
 * link: the magazine comes with the top plan.
 */
import { type ImageRef, pictureHtml } from '../../articles/index.js';
import { joinNames } from '../../views/format.js';
import { Layout, type PageChrome } from '../../views/layout.js';
import { editionLabel, type MagazineEdition, type PrintStory, parseDay } from '../magazine.js';

/** "7 December 2026" for a YYYY-MM-DD date. */
export function coverDateInWords(day: string): string {
  const d = parseDay(day);
  return d === null
    ? day
    : new Date(d * 86_400_000).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

export interface PublicEdition {
  edition: MagazineEdition;
  /** Its cover picture for the web (the printed one's image), if it still exists. */
  cover: { image: ImageRef; alt: string; credit: string } | null;
  /** The printed cover story, while it is online. */
  coverStory: PrintStory | undefined;
  /** The printed stories still online, in print order, each with its address now. */
  stories: readonly PrintStory[];
  /** How many printed stories have been unpublished or deleted since: not listed. */
  notOnline: number;
}

function SubscribeBox({ name }: { name: string }) {
  return (
    <aside class="magazine-subscribe" aria-labelledby="magazine-subscribe-h">
      <h2 id="magazine-subscribe-h">{name} in your letterbox</h2>
      <p>
        The weekly magazine comes with our top plan, with the daily email and every story on the website. Each edition is mailed to you the
        Monday after its week.
      </p>
      <p>
        <a class="button" href="/subscribe">
          Subscribe
        </a>
      </p>
    </aside>
  );
}

function Cover({ cover, loading }: { cover: PublicEdition['cover']; loading: 'eager' | 'lazy' }) {
  if (!cover) return null;
  return (
    <div
      class="magazine-cover-picture"
      dangerouslySetInnerHTML={{ __html: pictureHtml(cover.image, cover.alt, '(min-width: 48rem) 20rem, 100vw', loading) }}
    />
  );
}

export function MagazineIndexPage({ chrome, name, editions }: { chrome: PageChrome; name: string; editions: readonly PublicEdition[] }) {
  return (
    <Layout
      chrome={chrome}
      title={`${name} | ${chrome.site.name}`}
      description={`Every edition of ${name}, the week’s best stories in print.`}
      canonicalPath="/magazine"
    >
      <h1 class="page-title">{name}</h1>
      <p class="page-intro">The week’s best stories, printed and mailed to our subscribers every Monday. Here is every edition.</p>
      {editions.length === 0 ? (
        <p>The first edition is on its way to the printer.</p>
      ) : (
        <ol class="magazine-editions">
          {editions.map((x, i) => (
            <li key={x.edition.id}>
              <Cover cover={x.cover} loading={i < 2 ? 'eager' : 'lazy'} />
              <div>
                <h2>
                  <a href={`/magazine/${x.edition.number}`}>{editionLabel(x.edition)}</a>
                </h2>
                <p class="meta">{coverDateInWords(x.edition.coverDate)}</p>
                {x.coverStory ? <p>{x.coverStory.headline}</p> : null}
                <p class="meta">
                  {x.stories.length} {x.stories.length === 1 ? 'story' : 'stories'}
                </p>
              </div>
            </li>
          ))}
        </ol>
      )}
      <SubscribeBox name={name} />
    </Layout>
  );
}

export function MagazineEditionPage({ chrome, name, x }: { chrome: PageChrome; name: string; x: PublicEdition }) {
  const e = x.edition;
  const label = editionLabel(e);
  const paragraphs = e.editorNote
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const description = paragraphs[0]?.slice(0, 200) ?? `${name}, ${label}: ${x.stories.map((s) => s.headline).join('; ')}`.slice(0, 200);
  return (
    <Layout
      chrome={chrome}
      title={`${name}, ${label} | ${chrome.site.name}`}
      description={description}
      canonicalPath={`/magazine/${e.number}`}
    >
      <article class="magazine-edition">
        <header class="magazine-head">
          <Cover cover={x.cover} loading="eager" />
          <div>
            <p class="kicker">
              <a href="/magazine">{name}</a>
            </p>
            <h1>{label}</h1>
            <p class="meta">
              Cover date <time dateTime={e.coverDate}>{coverDateInWords(e.coverDate)}</time>
            </p>
            {x.coverStory ? (
              <p class="magazine-cover-line">
                On the cover: <a href={x.coverStory.path}>{x.coverStory.headline}</a>
              </p>
            ) : null}
            {x.cover?.credit ? <p class="credit">Cover picture: {x.cover.credit}</p> : null}
          </div>
        </header>
        {paragraphs.length > 0 ? (
          <section class="magazine-note" aria-labelledby="note-h">
            <h2 id="note-h">From the editor</h2>
            {paragraphs.map((p, i) => (
              <p key={i}>{p}</p>
            ))}
          </section>
        ) : null}
        <section aria-labelledby="contents-h">
          <h2 id="contents-h">In this edition</h2>
          <ol class="magazine-contents">
            {x.stories.map((s) => (
              <li key={s.articleId}>
                <p class="kicker">{s.section}</p>
                <h3>
                  <a href={s.path}>{s.headline}</a>
                </h3>
                {s.dek ? <p>{s.dek}</p> : null}
                {s.byline.length > 0 ? <p class="meta">By {joinNames(s.byline)}</p> : null}
              </li>
            ))}
          </ol>
          {x.notOnline > 0 ? (
            <p class="meta magazine-not-online">
              {x.notOnline === 1
                ? 'One story printed in this edition is no longer on our website.'
                : `${x.notOnline} stories printed in this edition are no longer on our website.`}
            </p>
          ) : null}
        </section>
        <p>
          <a href="/magazine">Every edition</a>
        </p>
      </article>
      <SubscribeBox name={name} />
    </Layout>
  );
}
