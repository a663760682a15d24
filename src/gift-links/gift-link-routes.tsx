/**
 * The gift-link pages under /account (make one for an article, see and revoke one's links), the
 * line on /account, and the reader's links in the data download and on account closure. Thin:
 * parse, ask, one service call, render. Every form is CSRF-guarded (accounts.csrf) and every
 * answer is `Cache-Control: no-store`: these pages carry tokens and personal data.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { Type } from 'typebox';
import type { Reader } from '../accounts/index.js';
import { articlePath, isLive } from '../articles/article.js';
import { AppError, invalid, notFound } from '../http/app-error.js';
import type { Services } from '../services.js';
import type { PageChrome } from '../views/layout.js';
import { DEFAULT_GIFT_LINK_POLICY, type GiftLinkPolicy, monthWindow, UUID_PATTERN } from './gift-link.js';
import type { GiftLinkService } from './gift-link-service.js';
import {
  type GiftArticle,
  GiftLinkMadePage,
  GiftLinksNeedSubscriptionPage,
  GiftLinksPage,
  GiftLinksPanel,
  NewGiftLinkPage,
} from './views/gift-link-pages.js';

/** What the routes need of the app (Services has it all, `giftLinks` included). */
export type GiftLinkRouteDeps = Pick<Services, 'accounts' | 'articles' | 'entitlements' | 'config' | 'clock' | 'chrome'> & {
  giftLinks: GiftLinkService;
};

const Id = Type.String({ pattern: UUID_PATTERN });
const Csrf = Type.String({ maxLength: 100 });
const NewQuery = Type.Object({ article: Id });
const CreateBody = Type.Object({ _csrf: Csrf, article: Id });
const RevokeParams = Type.Object({ id: Id });
const RevokeBody = Type.Object({ _csrf: Csrf });

const ARTICLE_PROBLEM = { field: 'article', message: 'must be an article id (a UUID)' };
const LINK_PROBLEM = { field: 'id', message: 'must be a gift link id (a UUID)' };
const LIST_PATH = '/account/gift-links';
const newPath = (articleId: string) => `/account/gift-links/new?article=${articleId}`;
const signInTo = (path: string) => `/signin?return=${encodeURIComponent(path)}`;

function sendHtml(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${renderToString(page)}`);
}

/** 303 See Other (RFC 9110 §15.4.4), never stored. */
function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.header('cache-control', 'no-store').redirect(location, 303);
}

export function registerGiftLinkRoutes(
  app: FastifyInstance,
  s: GiftLinkRouteDeps,
  /** The policy in force (the meter's settings: editable by the business side). */
  policyNow: () => GiftLinkPolicy = () => DEFAULT_GIFT_LINK_POLICY,
): void {
  const { accounts, giftLinks } = s;
  const tz = s.config.timezone;
  const guarded = { preValidation: accounts.csrf.guard };

  /**
   * Gift links are the reader's own: a subscription, a gift subscription or a seat of a group
   * licence by email domain. A licence by network address is the place's, not the reader's, so
   * no address is given: otherwise anyone on a campus network could hand its licence outside.
   */
  async function mayGive(reader: Reader): Promise<boolean> {
    const d = await s.entitlements.entitlementsFor({
      readerId: reader.id,
      readerEmail: reader.email,
      emailVerified: reader.emailVerifiedAt !== null,
      clientIp: '',
      at: s.clock(),
    });
    return d.entitlements.includes('web');
  }

  /** A published article by id, or 404. */
  async function liveArticle(id: string): Promise<GiftArticle> {
    const a = await s.articles.get(id);
    if (!a || a.id !== id || !isLive(a)) throw notFound('article');
    return { id: a.id, headline: a.headline, path: articlePath(a, tz) };
  }

  const chrome = async (): Promise<PageChrome> => ({ ...(await s.chrome()), signedIn: true });

  accounts.registerAccountPanel(async (reader) => {
    if (!(await mayGive(reader))) return null;
    return <GiftLinksPanel remaining={await giftLinks.remainingThisMonth(reader.id, policyNow())} />;
  });

  // The links the reader made, with the story each is for; nothing about who opened them
  // beyond how many places were used (the friends' browsers are hashes, and not the reader's data).
  accounts.registerDataExport('giftLinks', async (reader) => {
    const links = await giftLinks.listForReader(reader.id);
    const ids = [...new Set(links.map((l) => l.articleId))];
    const articles = new Map(await Promise.all(ids.map(async (id) => [id, await liveArticle(id).catch(() => undefined)] as const)));
    return links.map((l) => ({
      id: l.id,
      articleId: l.articleId,
      articleHeadline: articles.get(l.articleId)?.headline ?? null,
      articlePath: articles.get(l.articleId)?.path ?? null,
      createdAt: l.createdAt.toISOString(),
      expiresAt: l.expiresAt.toISOString(),
      readers: l.readers,
      maxReaders: l.maxReaders,
      revokedAt: l.revokedAt?.toISOString() ?? null,
    }));
  });

  accounts.onAccountClose((reader) => giftLinks.revokeAllOf(reader.id));

  async function newLinkPage(request: FastifyRequest, reply: FastifyReply, article: GiftArticle, remaining: number, status = 200) {
    const [c, csrf] = await Promise.all([chrome(), accounts.csrf.token(request, reply)]);
    return sendHtml(
      reply,
      <NewGiftLinkPage
        chrome={c}
        article={article}
        remaining={remaining}
        ttlDays={policyNow().ttlDays}
        readersPerLink={policyNow().readersPerLink}
        renewsAt={monthWindow(s.clock(), tz).end}
        timeZone={tz}
        csrf={csrf}
      />,
      status,
    );
  }

  app.get('/account/gift-links/new', { schema: { querystring: NewQuery }, attachValidation: true }, async (request, reply) => {
    if (request.validationError) throw invalid([ARTICLE_PROBLEM]);
    const articleId = (request.query as { article: string }).article;
    const reader = await accounts.readerFromRequest(request);
    if (!reader) return seeOther(reply, signInTo(newPath(articleId)));
    const article = await liveArticle(articleId);
    if (!(await mayGive(reader)))
      return sendHtml(reply, <GiftLinksNeedSubscriptionPage chrome={await chrome()} perMonth={policyNow().perMonth} />, 403);
    return newLinkPage(request, reply, article, await giftLinks.remainingThisMonth(reader.id, policyNow()));
  });

  app.post(LIST_PATH, { ...guarded, schema: { body: CreateBody }, attachValidation: true }, async (request, reply) => {
    if (request.validationError) throw invalid([ARTICLE_PROBLEM]);
    const articleId = (request.body as { article: string }).article;
    const reader = await accounts.readerFromRequest(request);
    if (!reader) return seeOther(reply, signInTo(newPath(articleId)));
    const article = await liveArticle(articleId);
    if (!(await mayGive(reader)))
      return sendHtml(reply, <GiftLinksNeedSubscriptionPage chrome={await chrome()} perMonth={policyNow().perMonth} />, 403);
    let made: Awaited<ReturnType<GiftLinkService['create']>>;
    try {
      made = await giftLinks.create({ readerId: reader.id, articleId, articlePath: article.path, policy: policyNow() });
    } catch (err) {
      if (err instanceof AppError && err.code === 'GIFT_LINK_LIMIT') return newLinkPage(request, reply, article, 0, 409);
      throw err;
    }
    return sendHtml(
      reply,
      <GiftLinkMadePage
        chrome={await chrome()}
        article={article}
        url={made.url}
        expiresAt={made.expiresAt}
        readersPerLink={policyNow().readersPerLink}
        remaining={made.remainingThisMonth}
        timeZone={tz}
      />,
    );
  });

  app.get(LIST_PATH, async (request, reply) => {
    const reader = await accounts.readerFromRequest(request);
    if (!reader) return seeOther(reply, signInTo(LIST_PATH));
    const [links, entitled] = await Promise.all([giftLinks.listForReader(reader.id), mayGive(reader)]);
    const ids = [...new Set(links.map((l) => l.articleId))];
    const articles = new Map(await Promise.all(ids.map(async (id) => [id, await liveArticle(id).catch(() => undefined)] as const)));
    const [c, csrf, remaining] = await Promise.all([
      chrome(),
      accounts.csrf.token(request, reply),
      entitled ? giftLinks.remainingThisMonth(reader.id, policyNow()) : null,
    ]);
    const items = links.map((l) => {
      const a = articles.get(l.articleId);
      return { ...l, article: a ? { headline: a.headline, path: a.path } : { headline: 'An article no longer published', path: null } };
    });
    return sendHtml(reply, <GiftLinksPage chrome={c} links={items} remaining={remaining} now={s.clock()} timeZone={tz} csrf={csrf} />);
  });

  app.post(
    '/account/gift-links/:id/revoke',
    { ...guarded, schema: { params: RevokeParams, body: RevokeBody }, attachValidation: true },
    async (request, reply) => {
      if (request.validationError) throw invalid([LINK_PROBLEM]);
      const reader = await accounts.readerFromRequest(request);
      if (!reader) return seeOther(reply, signInTo(LIST_PATH));
      const { id } = request.params as { id: string };
      await giftLinks.revoke(reader.id, id);
      return seeOther(reply, `${LIST_PATH}#gift-${id}`);
    },
  );
}
