/**
 * The daily email's unsubscribe link, /newsletter/unsubscribe/<token> (the token names the reader
 * and is signed: unsubscribe-token.ts). GET shows a page with one button, since mail scanners
 * open links; POST unsubscribes at once. The POST is RFC 8058's one-click: its body is
 * `List-Unsubscribe=One-Click`, and a mail program sends it with no cookie, so it carries no CSRF
 * token either — the signed token in the URL is what authenticates it, and all it can do is stop
 * one reader's daily email. Pages are never stored by a cache and send no Referer.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { Type } from 'typebox';
import { AppError } from '../http/app-error.js';
import type { PageChrome } from '../views/layout.js';
import type { NewsletterSending } from './newsletter-sending.js';
import { UNSUBSCRIBE_TOKEN_PATTERN } from './unsubscribe-token.js';
import { BadUnsubscribePage, UnsubscribeButtonPage, UnsubscribedPage } from './views/unsubscribe-pages.js';

export interface UnsubscribeRouteDeps {
  newsletterSending: Pick<NewsletterSending, 'readerOfToken' | 'unsubscribe' | 'isOptedOut'>;
  chrome(): Promise<PageChrome>;
}

const Params = Type.Object({ token: Type.String({ maxLength: 200 }) });
/** RFC 8058 §3.1: the one-click POST's body. */
const OneClickBody = Type.Object({ 'List-Unsubscribe': Type.Literal('One-Click') });

function send(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${renderToString(page)}`);
}

export function registerUnsubscribeRoutes(app: FastifyInstance, deps: UnsubscribeRouteDeps): void {
  const { newsletterSending: sending } = deps;
  const readerOf = (token: string): string | AppError => {
    if (!new RegExp(UNSUBSCRIBE_TOKEN_PATTERN).test(token))
      return new AppError('BAD_REQUEST', 400, 'This unsubscribe link is not valid: it may have been cut short or changed.');
    try {
      return sending.readerOfToken(token);
    } catch (err) {
      if (err instanceof AppError) return err;
      throw err;
    }
  };

  app.get<{ Params: { token: string } }>('/newsletter/unsubscribe/:token', { schema: { params: Params } }, async (request, reply) => {
    const chrome = await deps.chrome();
    const reader = readerOf(request.params.token);
    if (reader instanceof AppError) return send(reply, <BadUnsubscribePage chrome={chrome} message={reader.message} />, reader.statusCode);
    const already = await sending.isOptedOut(reader);
    return send(
      reply,
      <UnsubscribeButtonPage chrome={chrome} action={`/newsletter/unsubscribe/${request.params.token}`} already={already} />,
    );
  });

  app.post<{ Params: { token: string }; Body: unknown }>(
    '/newsletter/unsubscribe/:token',
    { schema: { params: Params, body: OneClickBody }, attachValidation: true },
    async (request, reply) => {
      const chrome = await deps.chrome();
      const reader = readerOf(request.params.token);
      if (reader instanceof AppError)
        return send(reply, <BadUnsubscribePage chrome={chrome} message={reader.message} />, reader.statusCode);
      if (request.validationError)
        return send(
          reply,
          <BadUnsubscribePage
            chrome={chrome}
            message="This request did not ask to unsubscribe (the form sends List-Unsubscribe=One-Click)."
          />,
          400,
        );
      await sending.unsubscribe(reader, 'link');
      return send(reply, <UnsubscribedPage chrome={chrome} />);
    },
  );
}
