/**
 * The demo gateway's own pages: its checkout at /checkout/demo/:session (complete or decline the
 * payment), and its stand-in for the provider's billing portal. Each says plainly that no money
 * moves. 404 when Stripe is configured.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { notFound } from '../http/app-error.js';
import { DEMO_LABEL, isDemoGateway } from './demo-gateway.js';
import type { MoneyPages } from './money-pages.js';
import { describeOffer, offerPriceText } from './offer.js';
import { formatPrice } from './plan.js';
import type { SubscriptionRouteDeps } from './subscription-route-deps.js';
import { DemoCheckoutPage, DemoDeclinedPage, DemoPortalPage, MoneyProblemPage } from './views/checkout-pages.js';
import { subscribePath } from './views/subscribe-page.js';

const SESSION = Type.Object({ session: Type.String({ pattern: '^cs_demo_[0-9a-f]{32}$' }) });
const CsrfOnly = Type.Object({ _csrf: Type.String({ maxLength: 200 }) });

/** The way back and the offer a session's cancel URL carries (checkoutReturnUrls made it). */
function cancelParams(cancelUrl: string): { returnTo: string | null; offer: string | null } {
  const q = new URL(cancelUrl, 'https://path.invalid').searchParams;
  return { returnTo: q.get('return'), offer: q.get('offer') };
}

export function registerDemoCheckoutRoutes(scope: FastifyInstance, s: SubscriptionRouteDeps, pages: MoneyPages): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const subs = s.subscriptions;
  const guarded = { preValidation: s.accounts.csrf.guard };

  function demo() {
    const g = subs.gateway;
    if (!isDemoGateway(g)) throw notFound();
    return g;
  }

  app.get('/checkout/demo/portal', async (request, reply) => {
    demo();
    const reader = await s.accounts.readerFromRequest(request);
    return pages.send(reply, <DemoPortalPage chrome={await pages.chromeFor(reader)} label={DEMO_LABEL} />);
  });

  app.get('/checkout/demo/:session', { schema: { params: SESSION } }, async (request, reply) => {
    const session = demo().findSession(request.params.session);
    if (!session) throw notFound('checkout');
    const reader = await s.accounts.readerFromRequest(request);
    const back = cancelParams(session.cancelUrl);
    const returnTo = pages.returnOf(back.returnTo);
    if (session.status !== 'open') {
      const chrome = await pages.chromeFor(reader);
      const links = [
        { href: '/account#subscription', text: 'Your subscription on your account page' },
        { href: subscribePath({ returnTo }), text: 'The plans' },
        ...(returnTo ? [{ href: returnTo, text: 'Back to what you were reading' }] : []),
      ];
      const page = (
        <MoneyProblemPage
          chrome={chrome}
          demoLabel={DEMO_LABEL}
          title="This checkout is finished"
          message="This demo checkout is already finished."
          links={links}
        />
      );
      return pages.send(reply, page, 409);
    }
    const { plan, offer } = session;
    const money = (c: number) => formatPrice(c, plan.currency);
    const [chrome, csrf] = await Promise.all([pages.chromeFor(reader), s.accounts.csrf.token(request, reply)]);
    const page = (
      <DemoCheckoutPage
        chrome={chrome}
        label={DEMO_LABEL}
        sessionId={session.id}
        plan={plan}
        email={session.reader.email}
        offerText={offer ? `${offer.code}: ${describeOffer(offer, money)}` : null}
        offerPrice={offer ? offerPriceText(offer, plan, money) : null}
        csrf={csrf}
        cancelHref={session.cancelUrl}
      />
    );
    return pages.send(reply, page);
  });

  app.post('/checkout/demo/:session/complete', { ...guarded, schema: { params: SESSION, body: CsrfOnly } }, async (request, reply) => {
    const gateway = demo();
    const id = request.params.session;
    const event = gateway.completeSession(id);
    await subs.processEvent(event);
    return reply.redirect(gateway.findSession(id)?.successUrl ?? '/checkout/success', 303);
  });

  app.post('/checkout/demo/:session/fail', { ...guarded, schema: { params: SESSION, body: CsrfOnly } }, async (request, reply) => {
    const gateway = demo();
    const id = request.params.session;
    const event = gateway.failSession(id);
    await subs.processEvent(event);
    const back = cancelParams(gateway.findSession(id)?.cancelUrl ?? '/checkout/cancel');
    const returnTo = pages.returnOf(back.returnTo);
    const reader = await s.accounts.readerFromRequest(request);
    const page = (
      <DemoDeclinedPage
        chrome={await pages.chromeFor(reader)}
        label={DEMO_LABEL}
        again={subscribePath({ offer: back.offer, returnTo })}
        returnTo={returnTo}
      />
    );
    return pages.send(reply, page, 402);
  });
}
