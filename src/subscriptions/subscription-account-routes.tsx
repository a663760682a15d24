/**
 * The subscription's pages under /account: cancelling (asked to confirm first, at period end),
 * resuming a cancelled subscription while its period lasts, updating the card at the provider's
 * portal. Registered by `registerSubscriptionRoutes`. The panel on /account, the gifts in
 * "download my data", closing an account and the failed-payment email are connected in
 * src/services.ts and subscriber-email-jobs.ts, not here.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { MoneyPages } from './money-pages.js';
import type { SubscriptionRouteDeps } from './subscription-route-deps.js';
import { CancelConfirmPage } from './views/cancel-pages.js';
import { MoneyProblemPage } from './views/checkout-pages.js';

const SIGN_IN_FIRST = '/signin?return=%2Faccount';
const CSRF = Type.String({ maxLength: 100 });
const SUBSCRIPTION_ID = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
const SubscriptionBody = Type.Object({ _csrf: CSRF, subscription: SUBSCRIPTION_ID });
const CsrfOnly = Type.Object({ _csrf: CSRF });

export function registerSubscriptionAccountRoutes(
  scope: FastifyInstance,
  s: Pick<SubscriptionRouteDeps, 'subscriptions' | 'accounts' | 'config'>,
  pages: MoneyPages,
): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const subs = s.subscriptions;
  const guarded = { preValidation: s.accounts.csrf.guard };
  const signInFirst = (back: string) => `/signin?return=${encodeURIComponent(back)}`;

  // Cancelling asks first: what it means (access until the period ends), one button to confirm.
  app.get(
    '/account/subscription/cancel',
    { schema: { querystring: Type.Object({ subscription: SUBSCRIPTION_ID }) } },
    async (request, reply) => {
      const id = request.query.subscription;
      const reader = await s.accounts.readerFromRequest(request);
      if (!reader) return reply.redirect(signInFirst(`/account/subscription/cancel?subscription=${id}`), 303);
      const { subscription, plan, state } = await subs.ownedBy(reader.id, id);
      const [chrome, csrf] = await Promise.all([pages.chromeFor(reader), s.accounts.csrf.token(request, reply)]);
      const page = (
        <CancelConfirmPage
          chrome={chrome}
          csrf={csrf}
          subscriptionId={subscription.id}
          planName={plan.name}
          state={state}
          timeZone={s.config.timezone}
          demoLabel={pages.demoLabel()}
        />
      );
      return pages.send(reply, page, state.kind === 'ended' ? 409 : 200);
    },
  );

  app.post('/account/subscription/cancel', { ...guarded, schema: { body: SubscriptionBody } }, async (request, reply) => {
    const reader = await s.accounts.readerFromRequest(request);
    if (!reader) return reply.redirect(SIGN_IN_FIRST, 303);
    await subs.cancelAtPeriodEnd(reader.id, request.body.subscription);
    return reply.redirect('/account#subscription', 303);
  });

  app.post('/account/subscription/resume', { ...guarded, schema: { body: SubscriptionBody } }, async (request, reply) => {
    const reader = await s.accounts.readerFromRequest(request);
    if (!reader) return reply.redirect(SIGN_IN_FIRST, 303);
    const id = request.body.subscription;
    const { state } = await subs.ownedBy(reader.id, id);
    if (state.kind === 'ended') {
      const chrome = await pages.chromeFor(reader);
      const page = (
        <MoneyProblemPage
          chrome={chrome}
          demoLabel={pages.demoLabel()}
          title="This subscription has ended"
          message="Its paid period is over, so it cannot be resumed. You can subscribe again at any time."
          links={[
            { href: '/subscribe', text: 'Subscribe again' },
            { href: '/account#subscription', text: 'Your account' },
          ]}
        />
      );
      return pages.send(reply, page, 409);
    }
    await subs.resume(reader.id, id);
    return reply.redirect('/account#subscription', 303);
  });

  app.post('/account/subscription/card', { ...guarded, schema: { body: CsrfOnly } }, async (request, reply) => {
    const reader = await s.accounts.readerFromRequest(request);
    if (!reader) return reply.redirect(SIGN_IN_FIRST, 303);
    const { url } = await subs.portalUrl(reader.id, '/account');
    return reply.redirect(url, 303);
  });
}
