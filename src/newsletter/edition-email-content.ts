/**
 * The daily email as a message: HTML (JSX, CSS inlined by juice) and its plain-text part, made
 * once per edition; `forRecipient` then puts one reader's links in (their unsubscribe and
 * preferences URLs) by string replacement, so a sender's per-recipient cost is a few string
 * copies, not a render. The sender adds `List-Unsubscribe` from the same links (RFC 8058).
 */
import { renderToString } from 'preact-render-to-string';
import type { EditionEmailContent, RecipientLinks } from './edition-email-types.js';
import { EditionEmail } from './views/edition-email.js';

export type { EditionEmailContent, EmailImage, EmailStory, RecipientLinks } from './edition-email-types.js';

export interface RenderedEdition {
  subject: string;
  /** The edition's HTML and text with one reader's links in. */
  forRecipient(links: RecipientLinks): { subject: string; html: string; text: string };
}

// Placeholders that survive JSX escaping and juice unchanged, replaced per recipient.
const UNSUBSCRIBE = 'https://masthead.invalid/unsubscribe-url';
const PREFERENCES = 'https://masthead.invalid/preferences-url';

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

/** Renders the edition once (JSX, then juice); `forRecipient` personalises it. */
export async function renderEdition(content: EditionEmailContent): Promise<RenderedEdition> {
  const juice = await loadJuice();
  const placeholders = { unsubscribeUrl: UNSUBSCRIBE, preferencesUrl: PREFERENCES };
  const raw = `<!doctype html>${renderToString(EditionEmail({ ...content, links: placeholders }))}`;
  // Inline the style sheet; keep the media queries (dark scheme, narrow screens) in their <style>.
  const html = juice(raw, { preserveMediaQueries: true, removeStyleTags: true, applyWidthAttributes: false, applyHeightAttributes: false });
  const text = editionText(content, placeholders);
  return {
    subject: content.subject,
    forRecipient(links) {
      return {
        subject: content.subject,
        html: html.replaceAll(UNSUBSCRIBE, attr(links.unsubscribeUrl)).replaceAll(PREFERENCES, attr(links.preferencesUrl)),
        text: text.replaceAll(UNSUBSCRIBE, links.unsubscribeUrl).replaceAll(PREFERENCES, links.preferencesUrl),
      };
    },
  };
}
