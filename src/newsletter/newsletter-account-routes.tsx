/**
 * The daily email on /account for subscribers: the panel (registered by the composition root with
 * `accounts.registerAccountPanel`) and its one form, POST /account/daily-email (CSRF-checked, the
 * signed-in reader only): `send=no` stops the email at once, `send=yes` starts it again. Thin.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChild } from 'preact';
import { Type } from 'typebox';
import type { NewsletterSending } from './newsletter-sending.js';
import { NewsletterAccountPanel } from './views/newsletter-account-panel.js';

export interface NewsletterAccountDeps {
  newsletterSending: Pick<NewsletterSending, 'unsubscribe' | 'resubscribe' | 'isOptedOut'>;
  /** Whether the reader's plans (or gifts) include `daily_email` now. */
  entitled(readerId: string): Promise<boolean>;
}

/** The panel: shown only to a reader whose plan includes the daily email. */
export function newsletterAccountPanel(
  deps: NewsletterAccountDeps,
): (reader: { id: string; emailVerifiedAt: Date | null }, page: { csrf: string }) => Promise<ComponentChild> {
  return async (reader, page) => {
    if (!(await deps.entitled(reader.id))) return null;
    const stopped = await deps.newsletterSending.isOptedOut(reader.id);
    return <NewsletterAccountPanel csrf={page.csrf} stopped={stopped} confirmed={reader.emailVerifiedAt !== null} />;
  };
}

export interface NewsletterAccountRouteDeps {
  newsletterSending: Pick<NewsletterSending, 'unsubscribe' | 'resubscribe'>;
  accounts: {
    readerFromRequest(request: FastifyRequest): Promise<{ id: string } | undefined>;
    csrf: { guard(request: FastifyRequest, reply: FastifyReply): Promise<void> };
  };
}

const Body = Type.Object({ _csrf: Type.String({ maxLength: 100 }), send: Type.Union([Type.Literal('yes'), Type.Literal('no')]) });

export function registerNewsletterAccountRoutes(scope: FastifyInstance, deps: NewsletterAccountRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  app.post('/account/daily-email', { schema: { body: Body }, preValidation: deps.accounts.csrf.guard }, async (request, reply) => {
    const reader = await deps.accounts.readerFromRequest(request);
    if (!reader) return reply.redirect('/signin?return=%2Faccount', 303);
    if (request.body.send === 'no') await deps.newsletterSending.unsubscribe(reader.id, 'account');
    else await deps.newsletterSending.resubscribe(reader.id);
    return reply.code(303).header('cache-control', 'no-store').redirect('/account#daily-email', 303);
  });
}
