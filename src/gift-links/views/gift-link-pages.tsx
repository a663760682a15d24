/**
 * The gift-link pages under /account: make a link for an article, the link made, the reader's
 * links with their revoke buttons, and the page for a reader without a subscription. Pure:
 * typed props in, markup out. These pages carry CSRF tokens, so they are never reader pages.
 */
import type { ComponentChildren } from 'preact';
import { CSRF_FIELD } from '../../http/csrf.js';
import { formatDate, formatDateTime } from '../../views/format.js';
import { Layout, type PageChrome } from '../../views/layout.js';
import type { GiftArticle } from '../gift-link.js';

function Page({ chrome, title, children }: { chrome: PageChrome; title: string; children: ComponentChildren }) {
  return (
    <Layout chrome={chrome} title={`${title} | ${chrome.site.name}`} noindex>
      <div class="account gift-links">
        <h1 class="page-title">{title}</h1>
        {children}
      </div>
    </Layout>
  );
}

/** "One person can read it", "Up to 3 people can read it". */
export function readersLine(readersPerLink: number): string {
  return readersPerLink === 1 ? 'One person can read it' : `Up to ${readersPerLink} people can read it`;
}

const remainingLine = (n: number) =>
  n === 0 ? 'You have no gift links left this month.' : `You have ${n} gift ${n === 1 ? 'link' : 'links'} left this month.`;

export interface NewGiftLinkPageProps {
  chrome: PageChrome;
  article: GiftArticle;
  remaining: number;
  ttlDays: number;
  readersPerLink: number;
  /** When the allowance starts again (the next month, in the paper's time zone). */
  renewsAt: Date;
  timeZone: string;
  csrf: string;
}

export function NewGiftLinkPage(p: NewGiftLinkPageProps) {
  return (
    <Page chrome={p.chrome} title="Give this article">
      <p class="gift-article">
        <a href={p.article.path}>{p.article.headline}</a>
      </p>
      <p>
        A gift link lets a friend read this article free, without a subscription. It works for {p.ttlDays} days.{' '}
        {readersLine(p.readersPerLink)}.
      </p>
      <p class="gift-remaining">{remainingLine(p.remaining)}</p>
      {p.remaining > 0 ? (
        <form method="post" action="/account/gift-links" aria-label="Make a gift link">
          <input type="hidden" name={CSRF_FIELD} value={p.csrf} />
          <input type="hidden" name="article" value={p.article.id} />
          <p>
            <button type="submit" class="button">
              Make a gift link
            </button>
          </p>
        </form>
      ) : (
        <p>You can make more from {formatDate(p.renewsAt, p.timeZone)}.</p>
      )}
      <p>
        <a href="/account/gift-links">Your gift links</a>
      </p>
    </Page>
  );
}

export interface GiftLinkMadePageProps {
  chrome: PageChrome;
  article: GiftArticle;
  url: string;
  expiresAt: Date;
  readersPerLink: number;
  remaining: number;
  timeZone: string;
}

export function GiftLinkMadePage(p: GiftLinkMadePageProps) {
  return (
    <Page chrome={p.chrome} title="Your gift link">
      <p class="gift-article">
        <a href={p.article.path}>{p.article.headline}</a>
      </p>
      <p class="field">
        <label for="gift-url">Copy this link and send it to a friend</label>
        <input id="gift-url" type="text" readonly value={p.url} class="gift-url" />
      </p>
      <p>
        It works until {formatDateTime(p.expiresAt, p.timeZone)}. {readersLine(p.readersPerLink)}: the first{' '}
        {p.readersPerLink === 1 ? 'browser' : `${p.readersPerLink} browsers`} to open it.
      </p>
      <p class="gift-remaining">{remainingLine(p.remaining)}</p>
      <p>
        <a href="/account/gift-links">Your gift links</a> · <a href={p.article.path}>Back to the article</a>
      </p>
    </Page>
  );
}

export function GiftLinksNeedSubscriptionPage({ chrome, perMonth }: { chrome: PageChrome; perMonth: number }) {
  return (
    <Page chrome={chrome} title="Gift links come with a subscription">
      <p>Subscribers can give up to {perMonth} articles a month to friends, who read them free. Subscribe and you can give this one too.</p>
      <p>
        <a href="/subscribe" class="button">
          See the plans
        </a>
      </p>
    </Page>
  );
}

export interface GiftLinkListItem {
  id: string;
  article: { headline: string; path: string | null };
  createdAt: Date;
  expiresAt: Date;
  readers: number;
  maxReaders: number;
  revokedAt: Date | null;
}

function status(l: GiftLinkListItem, now: Date, date: (d: Date) => string): string {
  if (l.revokedAt) return `Revoked on ${date(l.revokedAt)}`;
  if (now.getTime() >= l.expiresAt.getTime()) return `Expired on ${date(l.expiresAt)}`;
  return `Works until ${date(l.expiresAt)}`;
}

export interface GiftLinksPageProps {
  chrome: PageChrome;
  links: GiftLinkListItem[];
  /** Null: the reader is not entitled to make links now (the list and revoking still work). */
  remaining: number | null;
  now: Date;
  timeZone: string;
  csrf: string;
}

export function GiftLinksPage(p: GiftLinksPageProps) {
  const date = (d: Date) => formatDate(d, p.timeZone);
  return (
    <Page chrome={p.chrome} title="Your gift links">
      {p.remaining === null ? null : <p class="gift-remaining">{remainingLine(p.remaining)}</p>}
      <p>To give an article, open it and choose “Give this article”.</p>
      {p.links.length === 0 ? (
        <p>You have not given any articles yet.</p>
      ) : (
        <ul class="gift-link-list">
          {p.links.map((l) => {
            const live = !l.revokedAt && p.now.getTime() < l.expiresAt.getTime();
            return (
              <li key={l.id} id={`gift-${l.id}`}>
                <p>{l.article.path ? <a href={l.article.path}>{l.article.headline}</a> : <span>{l.article.headline}</span>}</p>
                <p class="gift-status">
                  Made on {date(l.createdAt)} · {status(l, p.now, date)} · Read by {l.readers} of {l.maxReaders}
                </p>
                {live ? (
                  <form method="post" action={`/account/gift-links/${l.id}/revoke`} aria-label="Revoke this gift link">
                    <input type="hidden" name={CSRF_FIELD} value={p.csrf} />
                    <p>
                      <button type="submit" class="button secondary">
                        Revoke
                      </button>
                    </p>
                  </form>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      <p>
        <a href="/account">Back to your account</a>
      </p>
    </Page>
  );
}

/** The line on /account for a reader who may give articles. */
export function GiftLinksPanel({ remaining }: { remaining: number }) {
  return (
    <div class="gift-links-panel" id="gift-links">
      <p>
        Gift links: {remaining} left this month · <a href="/account/gift-links">manage</a>
      </p>
    </div>
  );
}
