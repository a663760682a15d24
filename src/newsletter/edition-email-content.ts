/**
 * The daily email as a message: HTML (JSX, CSS inlined by juice) and its plain-text part, made
 * once per edition with placeholders where the links go; `forRecipient` then puts one reader's
 * links in (their unsubscribe and preferences URLs, and — when the paper counts clicks — a signed
 * click link for each of the edition's links) by joining the pieces cut at the placeholders, so
 * a sender's per-recipient cost is a join of a few dozen strings, not a render. The sender adds
 * `List-Unsubscribe` from the same links (RFC 8058).
 */
import { renderToString } from 'preact-render-to-string';
import type { EditionEmailContent, EditionLink, RecipientLinks } from './edition-email-types.js';
import { EditionEmail } from './views/edition-email.js';

export type { EditionEmailContent, EditionLink, EmailImage, EmailStory, RecipientLinks } from './edition-email-types.js';

export interface RenderedEdition {
  subject: string;
  /**
   * The edition's links in the order of their positions: the front page, "view in browser",
   * then each story. The unsubscribe and preferences links are the reader's own, not in it.
   */
  links: readonly EditionLink[];
  /** The edition's HTML and text with one reader's links in. */
  forRecipient(links: RecipientLinks): { subject: string; html: string; text: string };
}

// Placeholders that survive JSX escaping and juice unchanged, replaced per recipient.
const UNSUBSCRIBE = 'https://masthead.invalid/unsubscribe-url';
const PREFERENCES = 'https://masthead.invalid/preferences-url';
const linkPlaceholder = (i: number) => `https://masthead.invalid/link/${i}`;
const PLACEHOLDER_RE = /https:\/\/masthead\.invalid\/(?:link\/(\d+)|(unsubscribe-url)|preferences-url)/g;
const SLOT_UNSUBSCRIBE = -1;
const SLOT_PREFERENCES = -2;

type Juice = (html: string, options?: Record<string, unknown>) => string;
let juiceModule: Promise<Juice> | undefined;
/** juice (and cheerio under it) loads with the first email, not with the process. */
function loadJuice(): Promise<Juice> {
  juiceModule ??= import('juice').then((m) => m.default as unknown as Juice);
  return juiceModule;
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The plain-text part: every story's headline, dek, byline and link, and the footer's links. */
export function editionText(c: EditionEmailContent, links: RecipientLinks): string {
  const lines = [`${c.siteName} — ${c.dateLabel}`, c.homeUrl, '', c.subject, ''];
  if (c.intro) lines.push(c.intro, '');
  c.stories.forEach((s, i) => {
    lines.push(`${i + 1}. ${s.headline}`);
    if (s.dek) lines.push(s.dek);
    if (s.byline) lines.push(s.byline);
    lines.push(s.url, '');
  });
  lines.push(
    '—',
    `View in your browser: ${c.viewInBrowserUrl}`,
    `Manage your email preferences: ${links.preferencesUrl}`,
    `Unsubscribe: ${links.unsubscribeUrl}`,
    '',
    `You get this email because you signed up for the daily email of ${c.siteName}, or your subscription includes it.`,
  );
  return lines.join('\n');
}

/** The edition's links in position order (the front page, "view in browser", each story once). */
export function editionLinks(c: EditionEmailContent): EditionLink[] {
  const links: EditionLink[] = [
    { kind: 'home', label: '', url: c.homeUrl },
    { kind: 'browser', label: '', url: c.viewInBrowserUrl },
  ];
  for (const s of c.stories) if (!links.some((l) => l.url === s.url)) links.push({ kind: 'story', label: s.headline, url: s.url });
  return links;
}

/** A text cut at its placeholders: `pieces[i]`, then slot `slots[i]`'s value, …, then the last piece. */
interface Cut {
  pieces: string[];
  slots: number[];
}

function cut(text: string): Cut {
  const pieces: string[] = [];
  const slots: number[] = [];
  let from = 0;
  for (const m of text.matchAll(PLACEHOLDER_RE)) {
    const at = m.index ?? 0;
    pieces.push(text.slice(from, at));
    slots.push(m[1] !== undefined ? Number(m[1]) : m[2] !== undefined ? SLOT_UNSUBSCRIBE : SLOT_PREFERENCES);
    from = at + m[0].length;
  }
  pieces.push(text.slice(from));
  return { pieces, slots };
}

function join(c: Cut, value: (slot: number) => string): string {
  let out = c.pieces[0] ?? '';
  for (let i = 0; i < c.slots.length; i++) out += value(c.slots[i] ?? 0) + (c.pieces[i + 1] ?? '');
  return out;
}

/** Renders the edition once (JSX, then juice); `forRecipient` personalises it. */
export async function renderEdition(content: EditionEmailContent): Promise<RenderedEdition> {
  const juice = await loadJuice();
  const links = editionLinks(content);
  const slotOf = new Map(links.map((l, i) => [l.url, i]));
  const placeholderOf = (url: string) => linkPlaceholder(slotOf.get(url) ?? 0);
  const marked: EditionEmailContent = {
    ...content,
    homeUrl: placeholderOf(content.homeUrl),
    viewInBrowserUrl: placeholderOf(content.viewInBrowserUrl),
    stories: content.stories.map((s) => ({ ...s, url: placeholderOf(s.url) })),
  };
  const placeholders = { unsubscribeUrl: UNSUBSCRIBE, preferencesUrl: PREFERENCES };
  const raw = `<!doctype html>${renderToString(EditionEmail({ ...marked, links: placeholders }))}`;
  // Inline the style sheet; keep the media queries (dark scheme, narrow screens) in their <style>.
  const html = cut(
    juice(raw, { preserveMediaQueries: true, removeStyleTags: true, applyWidthAttributes: false, applyHeightAttributes: false }),
  );
  const text = cut(editionText(marked, placeholders));
  const urls = links.map((l) => l.url);
  return {
    subject: content.subject,
    links,
    forRecipient(r) {
      // Each link once per recipient (a story's link appears three times in the HTML, once in the text).
      const targets = r.clickUrl ? urls.map(r.clickUrl) : urls;
      const raw = (slot: number) =>
        slot === SLOT_UNSUBSCRIBE ? r.unsubscribeUrl : slot === SLOT_PREFERENCES ? r.preferencesUrl : (targets[slot] ?? '');
      return { subject: content.subject, html: join(html, (slot) => attr(raw(slot))), text: join(text, raw) };
    },
  };
}
