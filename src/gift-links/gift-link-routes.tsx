/**
 * The gift-link pages under /account: make one for an article, see and revoke one's links. Thin:
 * parse, ask, one service call, render. Every form is CSRF-guarded (accounts.csrf) and every
 * answer is `Cache-Control: no-store`: these pages carry tokens and personal data. The line on
 * /account, the data download and account closure are connected in src/services.ts.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { Type } from 'typebox';
import { AppError, invalid } from '../http/app-error.js';
import type { Csrf } from '../http/csrf.js';
import type { Clock } from '../platform.js';
import type { PageChrome } from '../views/layout.js';
import { type GiftArticle, type GiftLinkPolicy, monthWindow, UUID_PATTERN } from './gift-link.js';
import type { GiftGiver, GiftLinkService } from './gift-link-service.js';
import { GiftLinkMadePage, GiftLinksNeedSubscriptionPage, GiftLinksPage, NewGiftLinkPage } from './views/gift-link-pages.js';

/** What the gift-link pages need: the feature's service, the signed-in reader, the page shell. */
export interface GiftLinkRouteDeps {
  giftLinks: Pick<
    GiftLinkService,
    'create' | 'remainingThisMonth' | 'revoke' | 'policy' | 'mayGive' | 'articleToGive' | 'listWithArticles'
  >;
  accounts: {
    readerFromRequest(request: FastifyRequest): Promise<GiftGiver | undefined>;
    csrf: Pick<Csrf, 'token' | 'guard'>;
  };
  chrome(): Promise<PageChrome>;
  clock: Clock;
  config: { timezone: string };
}

const Id = Type.String({ pattern: UUID_PATTERN });
const CsrfField = Type.String({ maxLength: 100 });
const NewQuery = Type.Object({ article: Id });
const CreateBody = Type.Object({ _csrf: CsrfField, article: Id });
const RevokeParams = Type.Object({ id: Id });
const RevokeBody = Type.Object({ _csrf: CsrfField });

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
  scope: FastifyInstance,
  s: GiftLinkRouteDeps,
  /** The policy in force; absent: the service's (the meter's settings, as src/services.ts connects them). */
  policyNow: () => GiftLinkPolicy = () => s.giftLinks.policy(),
): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { accounts, giftLinks } = s;
  const tz = s.config.timezone;
  const guarded = { preValidation: accounts.csrf.guard };
  const chrome = async (): Promise<PageChrome> => ({ ...(await s.chrome()), signedIn: true });

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

  const needSubscription = async (reply: FastifyReply) =>
    sendHtml(reply, <GiftLinksNeedSubscriptionPage chrome={await chrome()} perMonth={policyNow().perMonth} />, 403);

  app.get('/account/gift-links/new', { schema: { querystring: NewQuery }, attachValidation: true }, async (request, reply) => {
    if (request.validationError) throw invalid([ARTICLE_PROBLEM]);
    const articleId = request.query.article;
    const reader = await accounts.readerFromRequest(request);
    if (!reader) return seeOther(reply, signInTo(newPath(articleId)));
    const article = await giftLinks.articleToGive(articleId);
    if (!(await giftLinks.mayGive(reader))) return needSubscription(reply);
    return newLinkPage(request, reply, article, await giftLinks.remainingThisMonth(reader.id, policyNow()));
  });

  app.post(LIST_PATH, { ...guarded, schema: { body: CreateBody }, attachValidation: true }, async (request, reply) => {
    if (request.validationError) throw invalid([ARTICLE_PROBLEM]);
    const articleId = request.body.article;
    const reader = await accounts.readerFromRequest(request);
    if (!reader) return seeOther(reply, signInTo(newPath(articleId)));
    const article = await giftLinks.articleToGive(articleId);
    if (!(await giftLinks.mayGive(reader))) return needSubscription(reply);
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
    const [links, entitled] = await Promise.all([giftLinks.listWithArticles(reader.id), giftLinks.mayGive(reader)]);
    const [c, csrf, remaining] = await Promise.all([
      chrome(),
      accounts.csrf.token(request, reply),
      entitled ? giftLinks.remainingThisMonth(reader.id, policyNow()) : null,
    ]);
    return sendHtml(reply, <GiftLinksPage chrome={c} links={links} remaining={remaining} now={s.clock()} timeZone={tz} csrf={csrf} />);
  });

  app.post(
    '/account/gift-links/:id/revoke',
    { ...guarded, schema: { params: RevokeParams, body: RevokeBody }, attachValidation: true },
    async (request, reply) => {
      if (request.validationError) throw invalid([LINK_PROBLEM]);
      const reader = await accounts.readerFromRequest(request);
      if (!reader) return seeOther(reply, signInTo(LIST_PATH));
      const { id } = request.params;
      await giftLinks.revoke(reader.id, id);
      return seeOther(reply, `${LIST_PATH}#gift-${id}`);
    },
  );
}
