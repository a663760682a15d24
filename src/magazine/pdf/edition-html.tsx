/**
 * The printed edition as one HTML document for the PDF engine: cover, contents with the editor's
 * note, each story (kicker, headline, dek, byline, picture with caption and credit, body in
 * columns, update notes, its QR code), the continued parts of long stories, and the back page
 * with the subscription code. A pure function of its props: pictures arrive as data URIs, QR
 * codes as SVG, so the engine fetches nothing but the fonts.
 */
import { renderToString } from 'preact-render-to-string';
import type { PrintStory } from '../magazine.js';

type Block = PrintStory['blocks'][number];

export interface PrintCodeProps {
  url: string;
  /** Shown under the code, short enough to type. */
  shownUrl: string;
  svg: string;
  caption: string;
}

export interface PrintedStory {
  anchor: string;
  story: PrintStory;
  /** The picture as a data URI. */
  picture: string | null;
  opening: Block[];
  /** The part that runs at the back; empty when the story runs straight through. */
  rest: Block[];
  code: PrintCodeProps;
}

export interface EditionHtmlProps {
  name: string;
  label: string;
  coverDate: string;
  editorNote: string;
  css: string;
  /** ISO 8601: the document's dates (fixed, so a frozen edition's file is the same each time). */
  documentDate: string;
  cover: { picture: string | null; credit: string; headline: string; dek: string; anchor: string } | null;
  stories: PrintedStory[];
  back: { code: PrintCodeProps; pitch: string; imprint: string };
}

function Code({ code }: { code: PrintCodeProps }) {
  return (
    <div class="story-code">
      <div class="qr" dangerouslySetInnerHTML={{ __html: code.svg }} />
      <div>
        <span class="code-caption">{code.caption}</span>
        <span class="code-url">{code.shownUrl}</span>
      </div>
    </div>
  );
}

function Body({ blocks }: { blocks: Block[] }) {
  return <div class="body" dangerouslySetInnerHTML={{ __html: blocks.map((b) => b.html).join('\n') }} />;
}

function dateOf(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

function Story({ s }: { s: PrintedStory }) {
  const st = s.story;
  return (
    <article class="story" id={s.anchor}>
      <p class="kicker">{st.section}</p>
      <h2>{st.headline}</h2>
      {st.dek && <p class="dek">{st.dek}</p>}
      <p class="byline">
        {st.byline.length > 0 && `By ${joinNames(st.byline)}`}
        {st.dateline && ` · ${st.dateline}`}
      </p>
      {st.hero && s.picture && (
        <figure class="hero">
          <img src={s.picture} alt={st.hero.alt} />
          {(st.hero.caption || st.hero.credit) && (
            <figcaption>
              {st.hero.caption} {st.hero.credit && <span class="credit">{st.hero.credit}</span>}
            </figcaption>
          )}
        </figure>
      )}
      <Body blocks={s.opening} />
      {s.rest.length > 0 ? (
        <p class="jump">
          <a href={`#${s.anchor}-continued`}>Continued on page </a>
        </p>
      ) : (
        <StoryEnd s={s} />
      )}
    </article>
  );
}

/** Update notes and the story's code: where the story ends, on its opening pages or at the back. */
function StoryEnd({ s }: { s: PrintedStory }) {
  const updates = s.story.updates;
  return (
    <>
      {updates.length > 0 && (
        <section class="updates">
          <h3>Updates</h3>
          {updates.map((u) => (
            <p key={u.notedAt}>
              <strong>{dateOf(u.notedAt)}</strong> {u.correction ? 'Correction: ' : ''}
              {u.note}
            </p>
          ))}
        </section>
      )}
      <Code code={s.code} />
    </>
  );
}

function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export function EditionDocument(p: EditionHtmlProps) {
  const jumped = p.stories.filter((s) => s.rest.length > 0);
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>{`${p.name}, ${p.label}`}</title>
        <meta name="author" content={p.name} />
        <meta name="dcterms.created" content={p.documentDate} />
        <meta name="dcterms.modified" content={p.documentDate} />
        <meta name="generator" content="Masthead" />
        <style dangerouslySetInnerHTML={{ __html: p.css }} />
      </head>
      <body>
        <section class="cover">
          {p.cover?.picture && <img class="cover-picture" src={p.cover.picture} alt="" />}
          <div class="cover-band">
            <h1 class="cover-name">{p.name}</h1>
            <p class="cover-edition">
              {p.label} · {p.coverDate}
            </p>
          </div>
          {p.cover && (
            <div class="cover-story">
              <h2>{p.cover.headline}</h2>
              {p.cover.dek && <p>{p.cover.dek}</p>}
            </div>
          )}
          {p.cover?.credit && <p class="cover-credit">Cover: {p.cover.credit}</p>}
        </section>
        <section class="contents-page">
          <h2>In this edition</h2>
          {p.editorNote.trim() && (
            <div class="note">
              <h3>From the editor</h3>
              {p.editorNote
                .split(/\n\s*\n/)
                .filter((para) => para.trim())
                .map((para) => (
                  <p key={para}>{para.trim()}</p>
                ))}
            </div>
          )}
          <ol class="contents">
            {p.stories.map((s) => (
              <li key={s.anchor}>
                <span class="entry-kicker">{s.story.section}</span>
                <a href={`#${s.anchor}`}>{s.story.headline}</a>
                {s.story.dek && <p class="entry-dek">{s.story.dek}</p>}
              </li>
            ))}
          </ol>
        </section>
        {p.stories.map((s) => (
          <Story key={s.anchor} s={s} />
        ))}
        {jumped.length > 0 && (
          <section class="continued">
            {jumped.map((s) => (
              <div class="continued-part" id={`${s.anchor}-continued`} key={s.anchor}>
                <h3>{s.story.headline}</h3>
                <p class="from">
                  <a href={`#${s.anchor}`}>Continued from page </a>
                </p>
                <Body blocks={s.rest} />
                <StoryEnd s={s} />
              </div>
            ))}
          </section>
        )}
        <section class="back">
          <h2>{p.back.code.caption}</h2>
          <p>{p.back.pitch}</p>
          <div class="qr" dangerouslySetInnerHTML={{ __html: p.back.code.svg }} />
          <span class="code-url">{p.back.code.shownUrl}</span>
          <p class="imprint">{p.back.imprint}</p>
        </section>
      </body>
    </html>
  );
}

export function editionHtml(p: EditionHtmlProps): string {
  return `<!doctype html>${renderToString(EditionDocument(p))}`;
}
