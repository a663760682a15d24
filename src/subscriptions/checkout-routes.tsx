/**
 * Checkout: POST /checkout from /subscribe (a plan, an offer code, the way back), the
 * postal-address step of a plan with the printed magazine, and the pages the provider sends the
 * reader back to. Nothing here is a dead end: each "do this first" links to where it is done
 * and keeps the way back (`return`, a same-site path).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Reader } from '../accounts/index.js';
import { readCookie } from '../http/cookies.js';
import { monthWindow } from '../time/local-time.js';
import { formatDate } from '../views/format.js';
import { addressFromForm, addressProblems, type CheckoutAddress } from './checkout-address.js';
import { type MoneyPages, RETURN } from './money-pages.js';
import type { Plan } from './plan.js';
import type { SubscriptionRouteDeps } from './subscription-route-deps.js';
import { AddressStepPage, CheckoutCancelPage, CheckoutSuccessPage, MoneyProblemPage, type PageLink } from './views/checkout-pages.js';
import { subscribePath } from './views/subscribe-page.js';

const OFFER_CODE = Type.String({ pattern: '^([A-Za-z0-9][A-Za-z0-9_-]{0,39})?$' });
const LINE = Type.Optional(Type.String({ maxLength: 1000 }));
const CheckoutBody = Type.Object({
  plan: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
  offer: Type.Optional(OFFER_CODE),
  return: Type.Optional(RETURN),
  /** Present when the address form was sent: save it, then go on to pay. */
  step: Type.Optional(Type.Literal('address')),
  line1: LINE,
  line2: LINE,
  city: LINE,
  region: LINE,
  postcode: LINE,
  country: LINE,
  _csrf: Type.String({ maxLength: 200 }),
});
const ReturnQuery = Type.Object({ return: Type.Optional(RETURN), offer: Type.Optional(OFFER_CODE) });

const emptyAddress: CheckoutAddress = { line1: '', line2: '', city: '', region: '', postcode: '', country: '' };

/** Set for 30 days by a scan of the printed magazine's codes: its checkouts count as the magazine's too (the funnel). */
export const PRINT_VISITOR_COOKIE = 'mh_print';

export function registerCheckoutRoutes(scope: FastifyInstance, s: SubscriptionRouteDeps, pages: MoneyPages): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const subs = s.subscriptions;

  /** A "do this first" page: what stops the checkout, and links to where it is done. */
  async function problem(
    reply: FastifyReply,
    reader: Reader | undefined,
    p: { status: number; title: string; message: string; links: PageLink[] },
  ) {
    const chrome = await pages.chromeFor(reader);
    return pages.send(reply, <MoneyProblemPage chrome={chrome} demoLabel={pages.demoLabel()} {...p} />, p.status);
  }

  async function addressStep(
    request: FastifyRequest,
    reply: FastifyReply,
    reader: Reader,
    form: {
      plan: Plan;
      offer: string | null;
      returnTo: string | null;
      values: CheckoutAddress;
      problems: { field: string; message: string }[];
    },
    status: number,
  ) {
    const [chrome, csrf] = await Promise.all([pages.chromeFor(reader), s.accounts.csrf.token(request, reply)]);
    const page = (
      <AddressStepPage
        chrome={chrome}
        csrf={csrf}
        demoLabel={pages.demoLabel()}
        backHref={subscribePath({ offer: form.offer, returnTo: form.returnTo })}
        {...form}
      />
    );
    return pages.send(reply, page, status);
  }

  app.post('/checkout', { preValidation: s.accounts.csrf.guard, schema: { body: CheckoutBody } }, async (request, reply) => {
    const body = request.body;
    const offer = body.offer || null;
    const returnTo = pages.returnOf(body.return);
    const plans = subscribePath({ offer, returnTo });
    const reader = await s.accounts.readerFromRequest(request);
    if (!reader) return reply.redirect(`/signin?return=${encodeURIComponent(plans)}`, 303);
    const back: PageLink[] = returnTo ? [{ href: returnTo, text: 'Back to what you were reading' }] : [];

    const plan = await s.plans.find(body.plan);
    if (!plan?.active) {
      return problem(reply, reader, {
        status: 404,
        title: 'This plan is not on sale',
        message: 'The plan you chose is not on sale any more. The plans on sale now are on the subscribe page.',
        links: [{ href: subscribePath({ returnTo }), text: 'See the plans on sale' }, ...back],
      });
    }
    const current = await subs.currentFor(reader.id);
    const state = current && subs.stateOf(current.subscription);
    // Cancelled but still running counts too: resuming it costs nothing now, a second one would.
    if (current && state && state.kind !== 'ended') {
      return problem(reply, reader, {
        status: 409,
        title: 'You already subscribe',
        message:
          state.kind === 'cancelled'
            ? `Your ${current.plan.name} subscription is cancelled but runs until ${formatDate(state.until, s.config.timezone)}. Resume it on your account page instead of paying again.`
            : `You already subscribe to ${current.plan.name}, so there is nothing to pay. To change or cancel it, use your account page.`,
        links: [{ href: '/account#subscription', text: 'Your subscription on your account page' }, ...back],
      });
    }
    if (offer) {
      const checked = await subs.offers.forPlans(offer, [plan]);
      if (checked.problem !== null || !checked.planIds.has(plan.id)) {
        return problem(reply, reader, {
          status: 409,
          title: 'This offer cannot be used',
          message: checked.problem !== null ? checked.problem : (checked.notOn.get(plan.id) ?? 'This offer is for a different plan.'),
          links: [{ href: subscribePath({ returnTo }), text: 'Choose a plan at the full price' }, ...back],
        });
      }
    }

    if (plan.entitlements.includes('weekly_print')) {
      const form = { plan, offer, returnTo };
      if (body.step !== 'address') {
        return addressStep(request, reply, reader, { ...form, values: reader.address ?? emptyAddress, problems: [] }, 200);
      }
      const address = addressFromForm(request.body);
      const problems = addressProblems(address);
      if (problems.length > 0) return addressStep(request, reply, reader, { ...form, values: address, problems }, 400);
      await s.accounts.updateProfile(reader, { name: reader.name, address });
    }

    const { url } = await subs.startCheckout({
      reader: { id: reader.id, email: reader.email, hasPostalAddress: true },
      planId: plan.id,
      offerCode: offer ?? undefined,
      returnTo,
    });
    const at = s.clock();
    // The period is the calendar month's key in the paper's time zone, as the meter's month periods are keyed.
    const period = monthWindow(at, s.config.timezone).key;
    // In an experiment, the checkout counts for the reader's arm (their reader id's, as the wall they met signed in).
    s.funnel.record({
      type: 'checkout_started',
      articleId: null,
      sectionId: null,
      period,
      at,
      arm: s.experiments.armOfReader(reader.id) ?? undefined,
    });
    // A browser that scanned one of the printed magazine's codes (src/magazine sets the cookie).
    if (readCookie(request, PRINT_VISITOR_COOKIE) !== undefined)
      s.funnel.record({ type: 'print_checkout_started', articleId: null, sectionId: null, period, at });
    return reply.redirect(url, 303);
  });

  app.get('/checkout/success', { schema: { querystring: ReturnQuery } }, async (request, reply) => {
    const reader = await s.accounts.readerFromRequest(request);
    const returnTo = pages.returnOf(request.query.return);
    const page = <CheckoutSuccessPage chrome={await pages.chromeFor(reader)} returnTo={returnTo} demoLabel={pages.demoLabel()} />;
    return pages.send(reply, page);
  });

  app.get('/checkout/cancel', { schema: { querystring: ReturnQuery } }, async (request, reply) => {
    const reader = await s.accounts.readerFromRequest(request);
    const q = request.query;
    const returnTo = pages.returnOf(q.return);
    const page = (
      <CheckoutCancelPage
        chrome={await pages.chromeFor(reader)}
        again={subscribePath({ offer: q.offer || null, returnTo })}
        returnTo={returnTo}
      />
    );
    return pages.send(reply, page);
  });
}
