/**
 * The subscription's place in the reader's account: the panel on /account (with the gifts the
 * reader has received and given), cancelling (asked to confirm first, at period end), resuming a
 * cancelled subscription while its period lasts, updating the card at the provider's portal, the
 * email when a renewal payment fails, and the gifts in "download my data". Registered by
 * `registerSubscriptionRoutes` when it is given the accounts and mail hooks. Closing an account is
 * wired in src/services.ts (`subscriptions.closeAccountOf`).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ComponentChild } from 'preact';
import { Type } from 'typebox';
import type { Config } from '../config.js';
import type { Csrf } from '../http/csrf.js';
import type { MailTransport } from '../mail/index.js';
import { formatDate } from '../views/format.js';
import type { PageChrome } from '../views/layout.js';
import type { MoneyPages } from './money-pages.js';
import type { CheckoutReader } from './payments-gateway.js';
import type { PlanService } from './plan-service.js';
import type { SubscriptionRecord } from './subscription.js';
import type { SubscriptionService } from './subscription-service.js';
import { subscriptionState } from './subscription-state.js';
import { CancelConfirmPage } from './views/cancel-pages.js';
import { MoneyProblemPage } from './views/checkout-pages.js';
import { GiftPanel } from './views/gift-panel.js';
import { paymentFailedEmail } from './views/payment-failed-email.js';
import { SubscriptionPanel } from './views/subscription-panel.js';

/** What this needs of the accounts feature (Services.accounts has it). */
export interface AccountHooks {
  readerFromRequest(request: FastifyRequest): Promise<CheckoutReader | undefined>;
  findReaderById(id: string): Promise<(CheckoutReader & { closedAt: Date | null }) | undefined>;
  registerAccountPanel(panel: (reader: CheckoutReader, page: { csrf: string }) => Promise<ComponentChild>): void;
  registerDataExport(key: string, exporter: (reader: CheckoutReader) => Promise<unknown>): void;
  csrf: Pick<Csrf, 'token' | 'guard'>;
}

export interface SubscriptionAccountDeps {
  subscriptions: SubscriptionService;
  plans: PlanService;
  accounts: AccountHooks;
  mailer: MailTransport;
  log: Pick<Logger, 'error'>;
  config: Pick<Config, 'timezone' | 'publicUrl'>;
  clock(): Date;
  chrome(): Promise<PageChrome>;
}

const SIGN_IN_FIRST = '/signin?return=%2Faccount';
const CSRF = Type.String({ maxLength: 100 });
const SUBSCRIPTION_ID = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
const SubscriptionBody = Type.Object({ _csrf: CSRF, subscription: SUBSCRIPTION_ID });
const CsrfOnly = Type.Object({ _csrf: CSRF });

export function registerSubscriptionAccountRoutes(app: FastifyInstance, s: SubscriptionAccountDeps, pages: MoneyPages): void {
  const subs = s.subscriptions;
  const guarded = { preValidation: s.accounts.csrf.guard };
  const signInFirst = (back: string) => `/signin?return=${encodeURIComponent(back)}`;

  s.accounts.registerAccountPanel(async (reader, page) => {
    const [found, received, given] = await Promise.all([
      subs.currentFor(reader.id),
      subs.gifts.receivedBy(reader.id),
      subs.gifts.boughtBy(reader.id),
    ]);
    const current = found && { ...found, state: subscriptionState(found.subscription, s.clock()) };
    // A reader reading on a gift is not told "you have no subscription".
    const onGift = received.some((g) => g.active);
    return (
      <>
        {current || !onGift ? <SubscriptionPanel current={current} timeZone={s.config.timezone} csrf={page.csrf} /> : null}
        {received.length > 0 || given.length > 0 ? (
          <GiftPanel received={received} given={given} subscribed={current !== undefined} timeZone={s.config.timezone} csrf={page.csrf} />
        ) : null}
      </>
    );
  });

  // Never a gift's code: only its hash is stored, and that stays in the repository.
  s.accounts.registerDataExport('gifts', async (reader) => {
    const [bought, received] = await Promise.all([subs.gifts.allBoughtBy(reader), subs.gifts.receivedBy(reader.id)]);
    return {
      bought: bought.map((g) => ({
        id: g.id,
        plan: g.planName,
        months: g.months,
        amountCents: g.amountCents,
        currency: g.currency,
        recipientEmail: g.recipientEmail,
        message: g.message,
        status: g.status,
        createdAt: g.createdAt.toISOString(),
        paidAt: g.paidAt?.toISOString() ?? null,
        redeemBy: g.expiresAt.toISOString(),
        redeemedAt: g.redeemedAt?.toISOString() ?? null,
      })),
      // Who gave it is the purchaser's data, not the recipient's: plan, months and dates only.
      redeemed: received.map((g) => ({
        plan: g.planName,
        months: g.months,
        redeemedAt: g.redeemedAt.toISOString(),
        until: g.until.toISOString(),
      })),
    };
  });

  // Cancelling asks first: what it means (access until the period ends), one button to confirm.
  app.get(
    '/account/subscription/cancel',
    { schema: { querystring: Type.Object({ subscription: SUBSCRIPTION_ID }) } },
    async (request, reply) => {
      const id = (request.query as { subscription: string }).subscription;
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
    await subs.cancelAtPeriodEnd(reader.id, (request.body as { subscription: string }).subscription);
    return reply.redirect('/account#subscription', 303);
  });

  app.post('/account/subscription/resume', { ...guarded, schema: { body: SubscriptionBody } }, async (request, reply) => {
    const reader = await s.accounts.readerFromRequest(request);
    if (!reader) return reply.redirect(SIGN_IN_FIRST, 303);
    const id = (request.body as { subscription: string }).subscription;
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

  subs.onPaymentFailed(async (subscription: SubscriptionRecord) => {
    try {
      const reader = await s.accounts.findReaderById(subscription.readerId);
      if (!reader || reader.closedAt || !subscription.graceUntil) return;
      const [chrome, plan] = await Promise.all([s.chrome(), s.plans.get(subscription.planId)]);
      await s.mailer.send({
        to: reader.email,
        ...paymentFailedEmail({
          siteName: chrome.site.name,
          planName: plan.name,
          until: formatDate(subscription.graceUntil, s.config.timezone),
          accountLink: `${s.config.publicUrl}/account`,
        }),
      });
    } catch (err) {
      s.log.error({ err, subscriptionId: subscription.id }, 'could not email the reader about a failed payment');
    }
  });
}
