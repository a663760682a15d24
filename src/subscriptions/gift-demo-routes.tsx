/**
 * The demo gateway's gift checkout: its page at /gift/demo/:session, labelled as a demo, and the
 * complete and decline buttons, whose events go through the same processor as Stripe's. Mounted
 * by `registerGiftDemoRoutes` inside the gift routes' scope; 404 when Stripe is configured.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { Type } from 'typebox';
import { AppError, notFound } from '../http/app-error.js';
import type { PageChrome } from '../views/layout.js';
import { DEMO_LABEL, isDemoGateway } from './demo-gateway.js';
import { formatPrice } from './plan.js';
import type { ReaderAccounts } from './subscription-route-deps.js';
import type { SubscriptionService } from './subscription-service.js';
import { DemoGiftCheckoutPage, DemoGiftDeclinedPage } from './views/gift-demo-pages.js';

const SESSION = Type.Object({ session: Type.String({ pattern: '^cs_demo_[0-9a-f]{32}$' }) });
const CsrfOnly = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) });

const html = (page: VNode) => `<!doctype html>${renderToString(page)}`;

export function registerGiftDemoRoutes(
  scope: FastifyInstance,
  s: { subscriptions: SubscriptionService; accounts: ReaderAccounts; chromeFor(signedIn: boolean): Promise<PageChrome> },
): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { chromeFor } = s;

  function demo() {
    const g = s.subscriptions.gateway;
    if (!isDemoGateway(g)) throw notFound();
    return g;
  }

  app.get('/gift/demo/:session', { schema: { params: SESSION } }, async (request, reply) => {
    const session = demo().findGiftSession(request.params.session);
    if (!session) throw notFound('checkout');
    if (session.status !== 'open') throw new AppError('CHECKOUT_CLOSED', 409, 'This demo checkout is already finished.');
    const r = session.request;
    const [chrome, csrf] = await Promise.all([chromeFor(true), s.accounts.csrf.token(request, reply)]);
    const page = (
      <DemoGiftCheckoutPage
        chrome={chrome}
        label={DEMO_LABEL}
        sessionId={session.id}
        plan={r.plan}
        months={r.months}
        amount={formatPrice(r.amountCents, r.currency)}
        recipientEmail={r.recipientEmail}
        purchaserEmail={r.purchaser.email}
        csrf={csrf}
      />
    );
    return reply.type('text/html; charset=utf-8').send(html(page));
  });

  app.post(
    '/gift/demo/:session/complete',
    { preValidation: s.accounts.csrf.guard, schema: { params: SESSION, body: CsrfOnly } },
    async (request, reply) => {
      const gateway = demo();
      const id = request.params.session;
      await s.subscriptions.processEvent(gateway.completeGiftSession(id));
      return reply.redirect(gateway.findGiftSession(id)?.request.successUrl ?? '/gift/thanks', 303);
    },
  );

  app.post(
    '/gift/demo/:session/fail',
    { preValidation: s.accounts.csrf.guard, schema: { params: SESSION, body: CsrfOnly } },
    async (request, reply) => {
      await s.subscriptions.processEvent(demo().failGiftSession(request.params.session));
      const page = <DemoGiftDeclinedPage chrome={await chromeFor(true)} label={DEMO_LABEL} />;
      return reply.code(402).type('text/html; charset=utf-8').send(html(page));
    },
  );
}
