/**
 * The subscribe page, checkout and its result pages, the demo gateway's checkout, and Stripe's
 * webhook endpoint. Thin: parse, one service call, render.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { Type } from 'typebox';
import { AppError, notFound } from '../http/app-error.js';
import type { Csrf } from '../http/csrf.js';
import { toErrorBody } from '../http/error-pages.js';
import { monthPeriod } from '../meter/index.js';
import type { PageChrome } from '../views/layout.js';
import { DEMO_LABEL, isDemoGateway } from './demo-gateway.js';
import { describeOffer, offerPriceText } from './offer.js';
import type { CheckoutReader } from './payments-gateway.js';
import { formatPrice } from './plan.js';
import type { PlanService } from './plan-service.js';
import { registerSubscriptionAccountRoutes, type SubscriptionAccountDeps } from './subscription-account-routes.js';
import type { SubscriptionService } from './subscription-service.js';
import { CheckoutCancelPage, CheckoutSuccessPage, DemoCheckoutPage, DemoDeclinedPage, DemoPortalPage } from './views/checkout-pages.js';
import { SubscribePage } from './views/subscribe-page.js';

/** Who is signed in, and the CSRF helper every form uses (the accounts feature provides both). */
export interface ReaderAccounts {
  readerFromRequest(request: FastifyRequest): Promise<(CheckoutReader & { address: object | null }) | undefined>;
  csrf: Pick<Csrf, 'token' | 'guard'>;
}

/** What the routes need of the app's services (Services has all of it). */
export interface SubscriptionRouteDeps {
  subscriptions: SubscriptionService;
  plans: PlanService;
  accounts: ReaderAccounts;
  chrome(): Promise<PageChrome>;
  /** The funnel: checkouts started, against paywalls shown (src/funnel). */
  funnel: { record(e: { type: 'checkout_started'; articleId: null; sectionId: null; period: string; at: Date }): void };
  clock: () => Date;
  config: { timezone: string };
}

const OFFER_CODE = Type.String({ pattern: '^([A-Za-z0-9][A-Za-z0-9_-]{0,39})?$' });
const TYPED_CODE = Type.String({ maxLength: 100 });
const SESSION = Type.Object({ session: Type.String({ pattern: '^cs_demo_[0-9a-f]{32}$' }) });
const CSRF = Type.String({ maxLength: 100 });
const CheckoutBody = Type.Object({
  plan: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
  offer: Type.Optional(OFFER_CODE),
  _csrf: CSRF,
});
const CsrfOnly = Type.Object({ _csrf: CSRF });

/** Stripe's events are small; anything near this is not one. */
const WEBHOOK_BODY_LIMIT = 256 * 1024;

function sendHtml(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!doctype html>${renderToString(page)}`);
}

/** Given the accounts' panel hook and a mailer as well (the app's Services), the account side too. */
const hasAccountHooks = (s: SubscriptionRouteDeps): s is SubscriptionRouteDeps & SubscriptionAccountDeps =>
  'mailer' in s && 'registerAccountPanel' in s.accounts;

export function registerSubscriptionRoutes(
  app: FastifyInstance,
  s: SubscriptionRouteDeps | (SubscriptionRouteDeps & SubscriptionAccountDeps),
): void {
  const subs = s.subscriptions;
  if (hasAccountHooks(s)) registerSubscriptionAccountRoutes(app, s);
  // Every form POST here carries `_csrf`; checked once the body is parsed, before validation.
  const guarded = { preValidation: s.accounts.csrf.guard };
  const demoLabel = () => (isDemoGateway(subs.gateway) ? DEMO_LABEL : null);

  // The webhook needs the exact bytes Stripe signed, so in this scope only every body stays a Buffer.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((err, request, reply) => {
      const body = toErrorBody(err);
      if (body.statusCode >= 500) request.log.error({ err }, 'webhook failed');
      return reply.code(body.statusCode).send(body);
    });
    scope.post('/webhooks/stripe', async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const header = request.headers['stripe-signature'];
      const result = await subs.receiveWebhook(raw, typeof header === 'string' ? header : undefined);
      return reply.code(200).send({ received: true, duplicate: result.outcome === 'duplicate' });
    });
  });

  // A typed code may be mistyped: anything short enough is looked at, and the page says what is wrong with it.
  app.get('/subscribe', { schema: { querystring: Type.Object({ offer: Type.Optional(TYPED_CODE) }) } }, async (request, reply) => {
    const typed = (request.query as { offer?: string }).offer?.trim() ?? '';
    const [chrome, plans, csrf] = await Promise.all([s.chrome(), s.plans.listActive(), s.accounts.csrf.token(request, reply)]);
    const offer = typed === '' ? null : await subs.offers.forPlans(typed, plans);
    return sendHtml(reply, <SubscribePage chrome={chrome} plans={plans} offer={offer} demoLabel={demoLabel()} csrf={csrf} />);
  });

  // An offer by link (`/subscribe/offer/SPRING`): the same page, with the code in its address.
  app.get('/subscribe/offer/:code', { schema: { params: Type.Object({ code: TYPED_CODE }) } }, async (request, reply) =>
    reply.redirect(`/subscribe?offer=${encodeURIComponent((request.params as { code: string }).code)}`, 302),
  );

  app.post('/checkout', { ...guarded, schema: { body: CheckoutBody } }, async (request, reply) => {
    const { plan, offer } = request.body as { plan: string; offer?: string };
    const reader = await s.accounts.readerFromRequest(request);
    if (!reader) return reply.redirect(`/signin?return=${encodeURIComponent(offer ? `/subscribe?offer=${offer}` : '/subscribe')}`, 303);
    const { url } = await subs.startCheckout({
      reader: { id: reader.id, email: reader.email, hasPostalAddress: reader.address !== null },
      planId: plan,
      offerCode: offer || undefined,
    });
    const at = s.clock();
    s.funnel.record({ type: 'checkout_started', articleId: null, sectionId: null, period: monthPeriod(at, s.config.timezone).key, at });
    return reply.redirect(url, 303);
  });

  app.get('/checkout/success', async (_request, reply) => sendHtml(reply, <CheckoutSuccessPage chrome={await s.chrome()} />));
  app.get('/checkout/cancel', async (_request, reply) => sendHtml(reply, <CheckoutCancelPage chrome={await s.chrome()} />));

  // --- The demo gateway's own pages -------------------------------------------------------------
  function demo() {
    const g = subs.gateway;
    if (!isDemoGateway(g)) throw notFound();
    return g;
  }

  app.get('/checkout/demo/portal', async (_request, reply) => {
    demo();
    return sendHtml(reply, <DemoPortalPage chrome={await s.chrome()} label={DEMO_LABEL} />);
  });

  app.get('/checkout/demo/:session', { schema: { params: SESSION } }, async (request, reply) => {
    const session = demo().findSession((request.params as { session: string }).session);
    if (!session) throw notFound('checkout');
    if (session.status !== 'open') throw new AppError('CHECKOUT_CLOSED', 409, 'This demo checkout is already finished.');
    const { plan, offer } = session;
    const money = (c: number) => formatPrice(c, plan.currency);
    const offerText = offer ? `${offer.code}: ${describeOffer(offer, plan.interval, money)}` : null;
    const offerPrice = offer ? offerPriceText(offer, plan, money) : null;
    const [chrome, csrf] = await Promise.all([s.chrome(), s.accounts.csrf.token(request, reply)]);
    const page = (
      <DemoCheckoutPage
        chrome={chrome}
        label={DEMO_LABEL}
        sessionId={session.id}
        plan={plan}
        email={session.reader.email}
        offerText={offerText}
        offerPrice={offerPrice}
        csrf={csrf}
      />
    );
    return sendHtml(reply, page);
  });

  app.post('/checkout/demo/:session/complete', { ...guarded, schema: { params: SESSION, body: CsrfOnly } }, async (request, reply) => {
    const gateway = demo();
    const id = (request.params as { session: string }).session;
    const event = gateway.completeSession(id);
    await subs.processEvent(event);
    return reply.redirect(gateway.findSession(id)?.successUrl ?? '/checkout/success', 303);
  });

  app.post('/checkout/demo/:session/fail', { ...guarded, schema: { params: SESSION, body: CsrfOnly } }, async (request, reply) => {
    const event = demo().failSession((request.params as { session: string }).session);
    await subs.processEvent(event);
    return sendHtml(reply, <DemoDeclinedPage chrome={await s.chrome()} label={DEMO_LABEL} />, 402);
  });
}
