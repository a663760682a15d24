/**
 * Click counting through first-party redirect links (issue 15), off unless the paper turns it on
 * (`MASTHEAD_NEWSLETTER_CLICKS=on`). No open tracking: nothing in the email loads by itself.
 *
 * When on, a send first stores the edition's links (the front page, "view in browser", each story:
 * `newsletter_links`), and every one of them in each recipient's copy, HTML and text, becomes
 * `/newsletter/c/<token>` (click-token.ts: the edition, the reader, the link's position, signed).
 * The unsubscribe and preferences links stay as they are, and so does `List-Unsubscribe`.
 *
 * A click is answered with a 302 to the stored URL of that position — never to a URL from the
 * request, so the route cannot be used to send anyone elsewhere — and counted: the link's total,
 * and its unique clicks (a recipient's first click on it). Link previews and prefetches (HEAD,
 * mail scanners' and chat apps' fetchers: src/http/preview-request.ts) are redirected but not
 * counted. A token that is not ours, or names no stored link, lands on the front page. Links in
 * emails sent while counting was on keep working after it is turned off; they count nothing then.
 */
import type { Db } from '../db/database.js';
import { findEditionLink, recordClick, saveEditionLinks } from './click-repository.js';
import { clickTokenSigner, MAX_LINK_POSITION, readClickToken } from './click-token.js';
import type { EditionLink } from './edition-email-types.js';

export interface ClickTrackingDeps {
  db: Db;
  publicUrl: string;
  /** Signing keys: the first signs, all verify. */
  keys: readonly string[];
  /** Whether the paper counts clicks (`MASTHEAD_NEWSLETTER_CLICKS`). */
  enabled: boolean;
}

/** For one recipient: the URL their copy carries for one of the edition's links. */
export type ClickUrls = (readerId: string) => (url: string) => string;

export const clickPath = (token: string) => `/newsletter/c/${token}`;

export function createClickTracking(deps: ClickTrackingDeps) {
  const { db, publicUrl, keys, enabled } = deps;
  return {
    enabled,

    /**
     * Before a counted send: stores the edition's links (once, whoever sends) and answers the
     * recipients' click URLs; undefined while counting is off (the links stay the public URLs).
     */
    async prepare(edition: { id: string; date: string }, links: readonly EditionLink[]): Promise<ClickUrls | undefined> {
      if (!enabled) return undefined;
      const stored = await saveEditionLinks(db, edition.id, links.slice(0, MAX_LINK_POSITION + 1));
      // Another sender may have stored the list first: a link is counted at the position stored for its URL.
      const positionOf = new Map(stored.map((l) => [l.url, l.position]));
      return (readerId) => {
        const sign = clickTokenSigner(edition.date, readerId, keys);
        return (url) => {
          const position = positionOf.get(url);
          return position === undefined ? url : `${publicUrl}${clickPath(sign(position))}`;
        };
      };
    },

    /**
     * A click on `/newsletter/c/<token>`: where to send the browser (the stored link, or the front
     * page for a token that is not ours or names no link), counted unless `preview`.
     */
    async click(token: string, preview: boolean): Promise<{ location: string; counted: 'unique' | 'repeat' | 'no' }> {
      const t = readClickToken(token, keys);
      const link = t ? await findEditionLink(db, t.editionDate, t.position) : undefined;
      if (!t || !link) return { location: `${publicUrl}/`, counted: 'no' };
      if (preview || !enabled) return { location: link.url, counted: 'no' };
      const unique = await recordClick(db, link.editionId, t.readerId, t.position);
      return { location: link.url, counted: unique ? 'unique' : 'repeat' };
    },
  };
}

export type ClickTracking = ReturnType<typeof createClickTracking>;
