/**
 * The subscribe page and Stripe's webhook endpoint; checkout (checkout-routes.tsx), the demo
 * gateway's pages (demo-checkout-routes.tsx) and the subscription's pages under /account
 * (subscription-account-routes.tsx) are registered from here. Thin: parse, one service call,
 * render.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { toErrorBody } from '../http/error-pages.js';
import { registerCheckoutRoutes } from './checkout-routes.js';
import { registerDemoCheckoutRoutes } from './demo-checkout-routes.js';
import { isDemoGateway } from './demo-gateway.js';
import { createMoneyPages, RETURN, TYPED_CODE } from './money-pages.js';
import { registerSubscriptionAccountRoutes } from './subscription-account-routes.js';
import type { SubscriptionRouteDeps } from './subscription-route-deps.js';
import { SubscribePage, subscribePath } from './views/subscribe-page.js';

/** Stripe's events are small; anything near this is not one. */
const WEBHOOK_BODY_LIMIT = 256 * 1024;

export function registerSubscriptionRoutes(scope: FastifyInstance, s: SubscriptionRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const subs = s.subscriptions;
  const pages = createMoneyPages({ chrome: s.chrome, isDemo: () => isDemoGateway(subs.gateway) });
  registerSubscriptionAccountRoutes(scope, s, pages);
  registerCheckoutRoutes(scope, s, pages);
  registerDemoCheckoutRoutes(scope, s, pages);

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
  const SubscribeQuery = Type.Object({ offer: Type.Optional(TYPED_CODE), return: Type.Optional(RETURN) });
  app.get('/subscribe', { schema: { querystring: SubscribeQuery } }, async (request, reply) => {
    const query = request.query;
    const typed = query.offer?.trim() ?? '';
    const reader = await s.accounts.readerFromRequest(request);
    const [chrome, plans, csrf, current] = await Promise.all([
      pages.chromeFor(reader),
      s.plans.listActive(),
      s.accounts.csrf.token(request, reply),
      reader ? subs.currentFor(reader.id) : undefined,
    ]);
    const offer = typed === '' ? null : await subs.offers.forPlans(typed, plans);
    const live = current && subs.stateOf(current.subscription).kind !== 'ended' ? current.plan.name : null;
    const page = (
      <SubscribePage
        chrome={chrome}
        plans={plans}
        offer={offer}
        demoLabel={pages.demoLabel()}
        csrf={csrf}
        returnTo={pages.returnOf(query.return)}
        current={live}
      />
    );
    return pages.send(reply, page);
  });

  // An offer by link (`/subscribe/offer/SPRING?return=/news/…`): the same page, with the code in its address.
  app.get(
    '/subscribe/offer/:code',
    { schema: { params: Type.Object({ code: TYPED_CODE }), querystring: Type.Object({ return: Type.Optional(RETURN) }) } },
    async (request, reply) => {
      return reply.redirect(subscribePath({ offer: request.params.code, returnTo: pages.returnOf(request.query.return) }), 302);
    },
  );
}
