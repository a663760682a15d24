/**
 * The emails a subscriber expects, as jobs: a welcome with the receipt when a subscription
 * starts, a confirmation when it is cancelled, a warning when a renewal payment fails (once per
 * grace period), a gift's code to its recipient with the receipt to its purchaser (and the code
 * alone when it is sent again), a note to a giver when their gift is redeemed — each enqueued in
 * the same transaction as the change it follows (webhook-processor.ts, gift-service.ts), so it
 * exists only if the change committed — and, from an hourly job, a reminder 7 days before a
 * yearly renewal.
 *
 * A gift's code exists in full nowhere but in the email (the gift keeps its hash), so its job's
 * payload carries it until the job has run: the runner (src/jobs/job-queue.ts) deletes a job once
 * it has run, or once it gives up.
 *
 * Once each, with several processes and jobs that may run twice: an email is claimed in the
 * `subscriber_emails` ledger (one row per subject, kind and occasion) before it is sent; a send
 * that fails gives the claim back and the job is tried again (the runner's back-off, or the next
 * hourly run). A process that dies between the claim and the send loses that email rather than
 * risk sending it twice (as access-ended-jobs.ts does).
 */
import type { Logger } from 'pino';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { JobHandler } from '../jobs/job-queue.js';
import { type EmailContent, giftEmail, giftReceiptEmail, type MailTransport } from '../mail/index.js';
import type { Clock, JobQueue } from '../platform.js';
import { formatDate } from '../views/format.js';
import { hashGiftCode, monthsLabel } from './gift.js';
import { findGiftByCodeHash, findGiftById } from './gift-repository.js';
import { describeOffer, offerOnPlan } from './offer.js';
import { findOfferById } from './offer-repository.js';
import { addMonths, ENTITLEMENT_LABELS, formatPlanPrice, formatPrice, type Plan } from './plan.js';
import { findPlanById } from './plan-repository.js';
import {
  claimSubscriberEmail,
  deleteSubscriberEmailsClaimedBefore,
  listYearlyRenewalsBetween,
  releaseSubscriberEmail,
  type SubscriberEmailKey,
} from './subscriber-email-repository.js';
import type { SubscriptionRecord } from './subscription.js';
import { findSubscriptionById } from './subscription-repository.js';
import { subscriptionState } from './subscription-state.js';
import { paymentFailedEmail } from './views/payment-failed-email.js';
import { cancelledEmail, giftRedeemedEmail, renewalReminderEmail, welcomeEmail } from './views/subscriber-emails.js';

export const SUBSCRIBER_EMAIL_JOB = 'subscriptions.subscriber-email';
export const RENEWAL_REMINDER_JOB = 'subscriptions.renewal-reminders';
/** How long before a yearly renewal the reminder goes (a monthly one renews too often to remind). */
export const RENEWAL_REMINDER_DAYS = 7;
const DAY_MS = 86_400_000;
const EVERY_MS = 60 * 60 * 1000;
const BATCH = 200;

/** What the jobs need of the app (Services has all of it). */
export interface SubscriberEmailDeps {
  db: Db;
  clock: Clock;
  jobs: JobQueue;
  mailer: MailTransport;
  log: Pick<Logger, 'error'>;
  config: Pick<Config, 'publicUrl' | 'timezone'>;
  accounts: { findReaderById(id: string): Promise<{ email: string; closedAt: Date | null } | undefined> };
  chrome(): Promise<{ site: { name: string } }>;
}

const Payload = Type.Object({
  kind: Type.Union([
    Type.Literal('welcome'),
    Type.Literal('cancelled'),
    Type.Literal('payment-failed'),
    Type.Literal('gift-redeemed'),
    Type.Literal('gift-code'),
    Type.Literal('gift-receipt'),
  ]),
  subjectId: Type.String({ minLength: 1, maxLength: 100 }),
  occasion: Type.String({ maxLength: 100 }),
  /** A gift's code (`gift-code` only). */
  code: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  /** The code was made again at its purchaser's request (`gift-code` only). */
  resent: Type.Optional(Type.Boolean()),
});
type Payload = Static<typeof Payload>;

/** Enqueues one email inside the caller's transaction (the change it follows commits with it). */
export async function enqueueSubscriberEmail(
  jobs: JobQueue,
  tx: Db,
  key: SubscriberEmailKey & Pick<Payload, 'code' | 'resent'>,
  at: Date,
): Promise<void> {
  await jobs.enqueue(tx, {
    kind: SUBSCRIBER_EMAIL_JOB,
    payload: { ...key },
    runAt: at,
    dedupeKey: `${SUBSCRIBER_EMAIL_JOB}:${key.kind}:${key.subjectId}:${key.occasion}`,
  });
}

/**
 * Enqueues, in the transaction that stored the code's hash, the code's email to the recipient
 * and, for a purchase (not a code sent again), the receipt to the purchaser.
 */
export async function enqueueGiftCodeEmails(
  jobs: JobQueue,
  tx: Db,
  issued: { giftId: string; code: string; resent: boolean },
  at: Date,
): Promise<void> {
  const { giftId, code, resent } = issued;
  await enqueueSubscriberEmail(jobs, tx, { kind: 'gift-code', subjectId: giftId, occasion: hashGiftCode(code), code, resent }, at);
  if (!resent) await enqueueSubscriberEmail(jobs, tx, { kind: 'gift-receipt', subjectId: giftId, occasion: '' }, at);
}

type Built = { to: string; content: EmailContent } | null;

/** What the log says could not be sent (the runner tries the job again, with its back-off). */
const FAILURE_WORDS: Record<Payload['kind'], string> = {
  welcome: 'a welcome email',
  cancelled: 'a cancellation email',
  'payment-failed': 'the email about a failed payment',
  'gift-redeemed': 'the note that a gift was redeemed',
  'gift-code': 'a gift code to its recipient',
  'gift-receipt': 'a gift receipt to its purchaser',
};

/** Claims, builds and sends one email; a failed send gives the claim back and throws (tried again). */
async function sendOnce(deps: SubscriberEmailDeps, key: SubscriberEmailKey, build: () => Promise<Built>): Promise<'sent' | 'skipped'> {
  if (!(await claimSubscriberEmail(deps.db, key, deps.clock()))) return 'skipped';
  try {
    const mail = await build();
    if (!mail) return 'skipped';
    await deps.mailer.send({ to: mail.to, ...mail.content });
    return 'sent';
  } catch (err) {
    await releaseSubscriberEmail(deps.db, key);
    throw err;
  }
}

const money = (plan: Plan, cents: number) => formatPrice(cents, plan.currency);

/** The amount of the subscription's invoice number `index` (0: the first), after its offer. */
async function invoiceCents(db: Db, sub: SubscriptionRecord, plan: Plan, index: number): Promise<number> {
  const price = sub.priceCents ?? plan.priceCents;
  const offer = sub.offerId ? await findOfferById(db, sub.offerId) : undefined;
  if (!offer) return price;
  const terms = offerOnPlan(offer, { interval: plan.interval, priceCents: price });
  return 'problem' in terms || index >= terms.invoices ? price : terms.firstPaymentCents;
}

/** Which invoice of the subscription falls at `at`: whole intervals since the first paid one. */
function invoiceIndexAt(sub: SubscriptionRecord, plan: Plan, at: Date): number {
  const start = sub.trialEnd ?? sub.createdAt;
  const months = (at.getUTCFullYear() - start.getUTCFullYear()) * 12 + at.getUTCMonth() - start.getUTCMonth();
  return Math.max(0, Math.round(months / (plan.interval === 'year' ? 12 : 1)));
}

async function openReader(deps: SubscriberEmailDeps, readerId: string) {
  const reader = await deps.accounts.findReaderById(readerId);
  return reader && !reader.closedAt ? reader : undefined;
}

function builders(deps: SubscriberEmailDeps) {
  const { db } = deps;
  const tz = deps.config.timezone;
  const date = (d: Date) => formatDate(d, tz);
  const accountLink = `${deps.config.publicUrl}/account#subscription`;
  const siteName = async () => (await deps.chrome()).site.name;

  async function subscriptionAndPlan(id: string) {
    const sub = await findSubscriptionById(db, id);
    const plan = sub && (await findPlanById(db, sub.planId));
    return sub && plan ? { sub, plan } : undefined;
  }

  return {
    async welcome(id: string): Promise<Built> {
      const found = await subscriptionAndPlan(id);
      const reader = found && (await openReader(deps, found.sub.readerId));
      if (!found || !reader) return null;
      const { sub, plan } = found;
      const trial = sub.status === 'trialing' && sub.trialEnd !== null;
      const periodEnd = sub.currentPeriodEnd ?? sub.trialEnd ?? addMonths(sub.createdAt, plan.interval === 'year' ? 12 : 1);
      const offer = sub.offerId ? await findOfferById(db, sub.offerId) : undefined;
      const first = sub.firstPaymentCents ?? (await invoiceCents(db, sub, plan, 0));
      const next = trial ? first : await invoiceCents(db, sub, plan, 1);
      return {
        to: reader.email,
        content: welcomeEmail({
          siteName: await siteName(),
          planName: plan.name,
          planPrice: formatPlanPrice({ ...plan, priceCents: sub.priceCents ?? plan.priceCents }),
          paid: trial ? null : money(plan, first),
          offer: offer ? `${offer.code}, ${describeOffer(offer, (c) => money(plan, c))}` : null,
          periodStart: date(sub.createdAt),
          periodEnd: date(periodEnd),
          nextPaymentOn: date(periodEnd),
          nextPayment: money(plan, next),
          trial,
          accountLink,
          demo: sub.provider === 'demo',
        }),
      };
    },

    async cancelled(id: string): Promise<Built> {
      const found = await subscriptionAndPlan(id);
      const reader = found && (await openReader(deps, found.sub.readerId));
      if (!found || !reader) return null;
      const state = subscriptionState(found.sub, deps.clock());
      // Resumed before this ran: nothing to confirm.
      if (state.kind !== 'cancelled') return null;
      return {
        to: reader.email,
        content: cancelledEmail({ siteName: await siteName(), planName: found.plan.name, until: date(state.until), accountLink }),
      };
    },

    async paymentFailed(id: string): Promise<Built> {
      const found = await subscriptionAndPlan(id);
      const reader = found && (await openReader(deps, found.sub.readerId));
      // Paid since (the grace period is over before this ran): nothing to warn of.
      if (!found || !reader || !found.sub.graceUntil) return null;
      return {
        to: reader.email,
        content: paymentFailedEmail({
          siteName: await siteName(),
          planName: found.plan.name,
          until: date(found.sub.graceUntil),
          accountLink: `${deps.config.publicUrl}/account`,
        }),
      };
    },

    /** The code to the recipient; a code replaced since (sent again) is not sent. */
    async giftCode(id: string, code: string, resent: boolean): Promise<Built> {
      const gift = await findGiftByCodeHash(db, hashGiftCode(code));
      const plan = gift && gift.id === id && (await findPlanById(db, gift.planId));
      if (!gift || !plan) return null;
      return {
        to: gift.recipientEmail,
        content: giftEmail({
          siteName: await siteName(),
          planName: plan.name,
          duration: monthsLabel(gift.months),
          includes: plan.entitlements.map((e) => ENTITLEMENT_LABELS[e]),
          code,
          redeemLink: `${deps.config.publicUrl}/gift/redeem?code=${encodeURIComponent(code)}`,
          from: gift.purchaserEmail,
          message: gift.message,
          redeemBy: date(gift.expiresAt),
          resent,
        }),
      };
    },

    async giftReceipt(id: string): Promise<Built> {
      const gift = await findGiftById(db, id);
      const plan = gift && (await findPlanById(db, gift.planId));
      if (!gift || !plan || gift.purchaserEmail.endsWith('@closed.invalid')) return null;
      return {
        to: gift.purchaserEmail,
        content: giftReceiptEmail({
          siteName: await siteName(),
          planName: plan.name,
          duration: monthsLabel(gift.months),
          recipientEmail: gift.recipientEmail,
          amount: formatPrice(gift.amountCents ?? 0, gift.currency ?? plan.currency),
          paidOn: date(gift.paidAt ?? deps.clock()),
          redeemBy: date(gift.expiresAt),
          accountLink: `${deps.config.publicUrl}/account`,
        }),
      };
    },

    async giftRedeemed(id: string): Promise<Built> {
      const gift = await findGiftById(db, id);
      const plan = gift && (await findPlanById(db, gift.planId));
      if (!gift || !plan || !gift.redeemedAt) return null;
      const giver = gift.purchaserReaderId ? await openReader(deps, gift.purchaserReaderId) : { email: gift.purchaserEmail };
      if (!giver || gift.purchaserEmail.endsWith('@closed.invalid')) return null;
      return {
        to: gift.purchaserEmail,
        content: giftRedeemedEmail({
          siteName: await siteName(),
          planName: plan.name,
          duration: monthsLabel(gift.months),
          recipientEmail: gift.recipientEmail,
          redeemedOn: date(gift.redeemedAt),
          until: date(addMonths(gift.redeemedAt, gift.months)),
          giftLink: `${deps.config.publicUrl}/gift`,
        }),
      };
    },

    async renewal(sub: SubscriptionRecord): Promise<Built> {
      const plan = await findPlanById(db, sub.planId);
      const reader = await openReader(deps, sub.readerId);
      if (!plan || !reader || !sub.currentPeriodEnd) return null;
      const amount = await invoiceCents(db, sub, plan, invoiceIndexAt(sub, plan, sub.currentPeriodEnd));
      return {
        to: reader.email,
        content: renewalReminderEmail({
          siteName: await siteName(),
          planName: plan.name,
          renewsOn: date(sub.currentPeriodEnd),
          amount: money(plan, amount),
          accountLink,
        }),
      };
    },
  };
}

/** How long the ledger keeps a claim: far longer than any job retry or late webhook (two years). */
const LEDGER_KEEP_MS = 2 * 366 * DAY_MS;

/** One pass of the reminders: every yearly renewal in the next 7 days, reminded once; old claims forgotten. */
export async function sendRenewalReminders(deps: SubscriberEmailDeps): Promise<{ sent: number; failed: number; more: boolean }> {
  const now = deps.clock();
  await deleteSubscriberEmailsClaimedBefore(deps.db, new Date(now.getTime() - LEDGER_KEEP_MS));
  const build = builders(deps);
  const due = await listYearlyRenewalsBetween(deps.db, now, new Date(now.getTime() + RENEWAL_REMINDER_DAYS * DAY_MS), BATCH);
  const run = { sent: 0, failed: 0, more: due.length === BATCH };
  for (const sub of due) {
    if (!sub.currentPeriodEnd) continue;
    const key: SubscriberEmailKey = { kind: 'renewal-reminder', subjectId: sub.id, occasion: sub.currentPeriodEnd.toISOString() };
    try {
      if ((await sendOnce(deps, key, () => build.renewal(sub))) === 'sent') run.sent += 1;
    } catch (err) {
      run.failed += 1;
      deps.log.error({ err, subscriptionId: sub.id }, 'could not send a renewal reminder; trying again next run');
    }
  }
  return run;
}

/** Puts the hourly reminder job on the queue (at start: now; after each run: an hour later). */
export async function scheduleRenewalReminders(deps: Pick<SubscriberEmailDeps, 'db' | 'jobs'>, at: Date): Promise<void> {
  await deps.jobs.enqueue(deps.db, { kind: RENEWAL_REMINDER_JOB, payload: {}, runAt: at, dedupeKey: RENEWAL_REMINDER_JOB });
}

export function subscriberEmailJobHandlers(deps: SubscriberEmailDeps): Record<string, JobHandler> {
  const build = builders(deps);
  return {
    [SUBSCRIBER_EMAIL_JOB]: async (payload) => {
      // A payload we did not write is dropped, not retried.
      if (!Value.Check(Payload, payload)) return;
      const { kind, subjectId, occasion, code } = payload;
      const key: SubscriberEmailKey = { kind, subjectId, occasion };
      const make = (): Promise<Built> => {
        switch (kind) {
          case 'welcome':
            return build.welcome(subjectId);
          case 'cancelled':
            return build.cancelled(subjectId);
          case 'payment-failed':
            return build.paymentFailed(subjectId);
          case 'gift-redeemed':
            return build.giftRedeemed(subjectId);
          case 'gift-code':
            return code === undefined ? Promise.resolve(null) : build.giftCode(subjectId, code, payload.resent === true);
          case 'gift-receipt':
            return build.giftReceipt(subjectId);
        }
      };
      try {
        await sendOnce(deps, key, make);
      } catch (err) {
        deps.log.error({ err, kind, subjectId }, `could not send ${FAILURE_WORDS[kind]}; trying again later`);
        throw err;
      }
    },
    [RENEWAL_REMINDER_JOB]: async () => {
      const run = await sendRenewalReminders(deps);
      await scheduleRenewalReminders(deps, new Date(deps.clock().getTime() + (run.more ? 60_000 : EVERY_MS)));
    },
  };
}
