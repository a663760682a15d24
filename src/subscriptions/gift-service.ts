/**
 * Gift subscriptions, the use-cases: buy N months of a plan for someone (a pending gift, then a
 * one-off checkout through the payments gateway; the payment processor makes the code when it is
 * paid and enqueues its emails), redeem a code into an account, send a lost code again. Reached as `services.subscriptions.gifts`.
 */
import { uuidv7 } from 'uuidv7';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { AppError, invalid, notFound } from '../http/app-error.js';
import type { Clock, JobQueue } from '../platform.js';
import { giftActive } from './entitlements.js';
import {
  cleanGiftMessage,
  closedPurchaserEmail,
  GIFT_CODE_REFUSED,
  GIFT_MESSAGE_MAX,
  type GiftRecord,
  giftQuote,
  giftRedeemBy,
  giftRedeemProblem,
  hashGiftCode,
  newGiftCode,
  normalizeGiftCode,
} from './gift.js';
import {
  cancelPendingGift,
  eraseGiftsBoughtBy,
  eraseRecipientOfGiftsRedeemedBy,
  findGiftByCodeHash,
  findGiftById,
  type GiftPurchaser,
  type GiftStanding,
  insertPendingGift,
  listAllGiftsBoughtBy,
  listGiftsBoughtBy,
  listGiftsPage,
  listRedeemedGifts,
  redeemGift,
  replaceGiftCode,
  setGiftCheckoutSession,
} from './gift-repository.js';
import type { CheckoutReader, PaymentsGateway } from './payments-gateway.js';
import { addMonths, type Entitlement, type Plan } from './plan.js';
import { findPlanById } from './plan-repository.js';
import { enqueueGiftCodeEmails, enqueueSubscriberEmail } from './subscriber-email-jobs.js';
import { findReaderCustomerId } from './subscription-repository.js';

export interface GiftServiceDeps {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'publicUrl'>;
  /** The subscription service's gateway: gifts are paid through the same provider. */
  gateway: PaymentsGateway;
  /** The gifts' emails (a code sent again, the giver's "your gift was redeemed") are jobs enqueued with their change. Absent: none. */
  jobs?: JobQueue | undefined;
}

export interface GiftPurchase {
  purchaser: CheckoutReader;
  planId: string;
  months: number;
  recipientEmail: string;
  message?: string | undefined;
}

/** A gift on its recipient's account page. */
export interface ReceivedGift {
  id: string;
  planName: string;
  entitlements: readonly Entitlement[];
  months: number;
  redeemedAt: Date;
  until: Date;
  active: boolean;
}

export type GiftService = ReturnType<typeof createGiftService>;

const refused = () => new AppError('GIFT_CODE_INVALID', 400, GIFT_CODE_REFUSED, [{ field: 'code', message: GIFT_CODE_REFUSED }]);

export function createGiftService(deps: GiftServiceDeps) {
  const { db, clock, config } = deps;

  async function receivedBy(readerId: string): Promise<ReceivedGift[]> {
    const now = clock();
    const gifts = await listRedeemedGifts(db, readerId);
    return gifts
      .map((g) => ({
        id: g.id,
        planName: g.planName,
        entitlements: g.entitlements,
        months: g.months,
        redeemedAt: g.redeemedAt,
        until: addMonths(g.redeemedAt, g.months),
        active: giftActive(g, now),
      }))
      .sort((a, b) => b.redeemedAt.getTime() - a.redeemedAt.getTime());
  }

  /** Replaces a paid, unredeemed gift's code and enqueues the email with the new one, together. */
  async function sendNewCode(gift: GiftRecord): Promise<GiftRecord> {
    const plan = await findPlanById(db, gift.planId);
    const code = newGiftCode();
    // The new code's email is enqueued with its hash: it goes only if the old code was replaced.
    const replaced =
      plan !== undefined &&
      (await db.transaction().execute(async (tx) => {
        if (!(await replaceGiftCode(tx, gift.id, hashGiftCode(code)))) return false;
        if (deps.jobs) await enqueueGiftCodeEmails(deps.jobs, tx, { giftId: gift.id, code, resent: true }, clock());
        return true;
      }));
    if (!replaced) throw new AppError('GIFT_NOT_RESENDABLE', 409, 'This gift has been redeemed already, or is not paid for yet.');
    return gift;
  }

  return {
    /**
     * Records the gift as pending and starts its one-off checkout; answers where to send the
     * purchaser. A choice that cannot be bought is a 400 naming the field, with nothing written.
     */
    async startCheckout(input: GiftPurchase): Promise<{ url: string; giftId: string }> {
      const plan = await findPlanById(db, input.planId);
      if (!plan?.active) throw invalid([{ field: 'plan', message: 'Choose one of the plans on offer.' }]);
      const quote = giftQuote(plan, input.months);
      if ('problem' in quote) throw invalid([{ field: 'months', message: quote.problem }]);
      const message = cleanGiftMessage(input.message);
      if (message !== null && message.length > GIFT_MESSAGE_MAX) {
        throw invalid([{ field: 'message', message: `Use at most ${GIFT_MESSAGE_MAX} characters in the message.` }]);
      }
      const gateway = deps.gateway;
      const base = gateway.provider === 'stripe' ? config.publicUrl : '';
      const now = clock();
      const gift = {
        id: uuidv7(),
        purchaserReaderId: input.purchaser.id,
        purchaserEmail: input.purchaser.email,
        recipientEmail: input.recipientEmail.trim().toLowerCase(),
        planId: plan.id,
        months: input.months,
        message,
        amountCents: quote.amountCents,
        currency: plan.currency,
        provider: gateway.provider,
        expiresAt: giftRedeemBy(now),
        createdAt: now,
      };
      await insertPendingGift(db, gift);
      try {
        const session = await gateway.createGiftCheckoutSession({
          giftId: gift.id,
          purchaser: input.purchaser,
          plan,
          months: gift.months,
          amountCents: gift.amountCents,
          currency: gift.currency,
          recipientEmail: gift.recipientEmail,
          customerId: await findReaderCustomerId(db, input.purchaser.id, gateway.provider),
          // Stripe's page is elsewhere and needs PUBLIC_URL; the demo's is ours, so a path keeps the host.
          successUrl: `${base}/gift/thanks`,
          cancelUrl: `${base}/gift/cancel`,
        });
        await setGiftCheckoutSession(db, gift.id, session.sessionId);
        return { url: session.url, giftId: gift.id };
      } catch (err) {
        // Never reached the provider, or it refused: nothing can be paid for this row now.
        await cancelPendingGift(db, gift.id);
        throw err;
      }
    },

    /**
     * Redeems a code into the reader's account. Every wrong, used, expired or unpaid code is
     * the same 400; a plan with the print magazine needs a postal address first (409).
     */
    async redeem(reader: CheckoutReader, typed: string): Promise<{ gift: GiftRecord; plan: Plan; until: Date }> {
      const code = normalizeGiftCode(typed);
      if (code === null) throw refused();
      const codeHash = hashGiftCode(code);
      const now = clock();
      const gift = await findGiftByCodeHash(db, codeHash);
      if (!gift || giftRedeemProblem(gift, now) !== null) throw refused();
      const plan = await findPlanById(db, gift.planId);
      if (!plan) throw refused();
      if (plan.entitlements.includes('weekly_print') && reader.hasPostalAddress === false) {
        throw new AppError(
          'POSTAL_ADDRESS_REQUIRED',
          409,
          'This gift includes the printed magazine, which needs a postal address. Add one on your account page, then enter the code again.',
          [{ field: 'address', message: 'is required for the printed magazine' }],
        );
      }
      // The update is the guard: of two readers racing with one code, one wins. The giver's
      // note is enqueued in the same transaction, so it exists only if the redemption committed.
      const redeemed = await db.transaction().execute(async (tx) => {
        if (!(await redeemGift(tx, codeHash, reader.id, now))) return false;
        if (deps.jobs) await enqueueSubscriberEmail(deps.jobs, tx, { kind: 'gift-redeemed', subjectId: gift.id, occasion: '' }, now);
        return true;
      });
      if (!redeemed) throw refused();
      return { gift: { ...gift, redeemedBy: reader.id, redeemedAt: now }, plan, until: addMonths(now, gift.months) };
    },

    /** The gifts a reader has redeemed, newest first, and until when each holds. */
    receivedBy,

    /** The gifts a reader bought (pending and paid), newest first. */
    boughtBy(readerId: string): Promise<(GiftRecord & { planName: string })[]> {
      return listGiftsBoughtBy(db, readerId);
    },

    /**
     * The reader's gifts for "download my data": every one they bought, in any status, oldest
     * first, and the ones they redeemed. Never a gift's code: only its hash is stored, and that
     * stays in the repository. Who gave a redeemed gift is the purchaser's data, not the
     * recipient's: plan, months and dates only.
     */
    async exportFor(reader: GiftPurchaser) {
      const [bought, received] = await Promise.all([listAllGiftsBoughtBy(db, reader), receivedBy(reader.id)]);
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
        redeemed: received.map((g) => ({
          plan: g.planName,
          months: g.months,
          redeemedAt: g.redeemedAt.toISOString(),
          until: g.until.toISOString(),
        })),
      };
    },

    /**
     * Before the purchaser's account is closed: the gifts they bought keep their billing record
     * but lose the message and the purchaser's address, and the recipient's once redeemed (see
     * `eraseGiftsBoughtBy`). Gifts the reader redeemed lose the reader's address as recipient and
     * keep the rest: they point at the account's row, which stays, anonymised.
     */
    async eraseFor(purchaser: GiftPurchaser): Promise<void> {
      await db.transaction().execute(async (tx) => {
        await eraseGiftsBoughtBy(tx, purchaser, closedPurchaserEmail(purchaser.id));
        await eraseRecipientOfGiftsRedeemedBy(tx, purchaser.id);
      });
    },

    /**
     * A new code for a paid, unredeemed gift, sent to its recipient again (the old code stops
     * working): for a message that went astray. Only the purchaser may ask.
     */
    async resendCode(purchaserId: string, giftId: string): Promise<GiftRecord> {
      const gift = await findGiftById(db, giftId);
      if (!gift || gift.purchaserReaderId !== purchaserId) throw notFound('gift');
      return sendNewCode(gift);
    },

    /** The business office's list: newest first, a page at a time, by where each gift stands. */
    listPage: (q: { standing?: GiftStanding | undefined; before?: { createdAt: Date; id: string } | undefined; limit: number }) =>
      listGiftsPage(db, { ...q, now: clock() }),

    /** A gift with its plan's name, for the business office; undefined when there is none. */
    async find(id: string): Promise<(GiftRecord & { planName: string }) | undefined> {
      const gift = await findGiftById(db, id);
      if (!gift) return undefined;
      return { ...gift, planName: (await findPlanById(db, gift.planId))?.name ?? 'A plan no longer listed' };
    },

    /** The business office sends a gift's code again (a new code, as `resendCode`), for the recipient who lost it. */
    async resendCodeForStaff(giftId: string): Promise<GiftRecord> {
      const gift = await findGiftById(db, giftId);
      if (!gift) throw notFound('gift');
      return sendNewCode(gift);
    },
  };
}
