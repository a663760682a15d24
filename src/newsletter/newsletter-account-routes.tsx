/**
 * The daily email on /account for subscribers: the panel (registered by the composition root with
 * `accounts.registerAccountPanel`) and its forms (CSRF-checked, the signed-in reader only):
 * POST /account/daily-email (`send=no` stops the email at once, `send=yes` starts it again) and
 * POST /account/daily-email/retry (the bounce notice's "try again"). Thin.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChild } from 'preact';
import { Type } from 'typebox';
import { formatDate } from '../views/format.js';
import { explainBounce } from './bounce.js';
import type { NewsletterSending } from './newsletter-sending.js';
import { BounceNotice } from './views/bounce-notice.js';
import { NewsletterAccountPanel } from './views/newsletter-account-panel.js';

export interface NewsletterAccountDeps {
  newsletterSending: Pick<NewsletterSending, 'unsubscribe' | 'resubscribe' | 'isOptedOut' | 'undeliverable'>;
  /** Whether the reader's plans (or gifts) include `daily_email` now. */
  entitled(readerId: string): Promise<boolean>;
  timeZone: string;
}

/**
 * The panel: a notice to any reader whose address bounced or who complained (bounce-notice.tsx),
 * and the daily email's line for a reader whose plan includes it.
 */
export function newsletterAccountPanel(
  deps: NewsletterAccountDeps,
): (reader: { id: string; email: string; emailVerifiedAt: Date | null }, page: { csrf: string }) => Promise<ComponentChild> {
  return async (reader, page) => {
    const mark = await deps.newsletterSending.undeliverable(reader.email);
    const notice = mark ? (
      <BounceNotice
        csrf={page.csrf}
        email={reader.email}
        complaint={mark.reason === 'complaint'}
        explanation={explainBounce(mark.reason, mark.detail)}
        receiverSaid={mark.reason === 'complaint' ? '' : receiverWords(mark.detail)}
        since={formatDate(mark.markedAt, deps.timeZone)}
      />
    ) : null;
    if (!(await deps.entitled(reader.id))) return notice;
    const stopped = await deps.newsletterSending.isOptedOut(reader.id);
    return (
      <>
        {notice}
        <NewsletterAccountPanel csrf={page.csrf} stopped={stopped} confirmed={reader.emailVerifiedAt !== null} />
      </>
    );
  };
}

/** The receiver's words of a stored detail, without our status prefix (`5.1.1 `, `soft-repeated 4.2.2 `). */
function receiverWords(detail: string): string {
  return detail.replace(/^(soft-repeated\s+)?\d\.\d{1,3}\.\d{1,3}\s*/, '').slice(0, 200);
}

export interface NewsletterAccountRouteDeps {
  newsletterSending: Pick<NewsletterSending, 'unsubscribe' | 'resubscribe' | 'retryAddress'>;
  accounts: {
    readerFromRequest(request: FastifyRequest): Promise<{ id: string; email: string } | undefined>;
    csrf: { guard(request: FastifyRequest, reply: FastifyReply): Promise<void> };
  };
}

const CsrfOnly = Type.Object({ _csrf: Type.String({ maxLength: 100 }) });
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
  // "Try this address again" (after a complaint: "Start the daily email again") from the bounce notice.
  app.post(
    '/account/daily-email/retry',
    { schema: { body: CsrfOnly }, preValidation: deps.accounts.csrf.guard },
    async (request, reply) => {
      const reader = await deps.accounts.readerFromRequest(request);
      if (!reader) return reply.redirect('/signin?return=%2Faccount', 303);
      await deps.newsletterSending.retryAddress(reader);
      return reply.code(303).header('cache-control', 'no-store').redirect('/account#subscription', 303);
    },
  );
}
