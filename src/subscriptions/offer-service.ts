/**
 * Offers: what /subscribe shows for a code (which plans it applies to, or why it cannot be
 * used), and the business side's catalogue of offers (list, make, deactivate). Checkout applies
 * an offer in subscription-service.ts.
 */

import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { AppError, type FieldProblem, invalid, notFound } from '../http/app-error.js';
import type { Clock } from '../platform.js';
import { isOfferCode, MAX_OFFER_MONTHS, type OfferInput, type OfferOnPage, offerProblemOnPlan, offerUnavailable } from './offer.js';
import { findOfferByCode, findOfferById, insertOffer, listOffers, type OfferRecord, updateOfferAvailability } from './offer-repository.js';
import type { Plan } from './plan.js';
import { findPlanById } from './plan-repository.js';

export type OfferService = ReturnType<typeof createOfferService>;

const codeTaken = (code: string) =>
  new AppError('OFFER_CODE_TAKEN', 409, `An offer with the code "${code}" already exists.`, [{ field: 'code', message: 'is taken' }]);

export function createOfferService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const none = new Set<string>();

  return {
    /** The offer a code names, checked against the plans on the page, in words a reader can act on. */
    async forPlans(rawCode: string, plans: readonly Plan[]): Promise<OfferOnPage> {
      const code = rawCode.trim();
      const fail = (problem: string): OfferOnPage => ({ code, offer: null, planIds: none, problem });
      if (!isOfferCode(code)) return fail(`“${code}” is not an offer code: codes are letters, digits, - and _.`);
      const offer = await findOfferByCode(db, code);
      if (!offer)
        return fail(`There is no offer with the code ${code.toUpperCase()}. Check the spelling, or choose a plan at the full price.`);
      const now = clock();
      const fullPrice = 'You can still choose a plan at the full price.';
      if (!offer.active) return fail(`The offer ${offer.code} is no longer available. ${fullPrice}`);
      if (offerUnavailable(offer, now)) return fail(`The offer ${offer.code} has expired. ${fullPrice}`);
      const planIds = new Set(plans.filter((p) => offerProblemOnPlan(offer, p, now) === null).map((p) => p.id));
      if (planIds.size === 0) return fail(`The offer ${offer.code} is for a plan that is not on sale just now.`);
      // Plans on the page it cannot be used with, and why (a yearly plan and an 18-month offer).
      const notOn = new Map<string, string>();
      for (const p of plans) {
        const problem = planIds.has(p.id) || (offer.planId !== null && offer.planId !== p.id) ? null : offerProblemOnPlan(offer, p, now);
        if (problem) notOn.set(p.id, problem);
      }
      return { code: offer.code, offer, planIds, notOn, problem: null };
    },

    list: (opts: { activeOnly: boolean } = { activeOnly: false }) => listOffers(db, opts),

    async get(id: string): Promise<OfferRecord> {
      const offer = await findOfferById(db, id);
      if (!offer) throw notFound('offer');
      return offer;
    },

    /** Makes an offer. Problems name the input's fields (`code`, `value`, `planId`, `expiresAt`). */
    async create(input: OfferInput): Promise<OfferRecord> {
      const now = clock();
      const problems: FieldProblem[] = [];
      if (!isOfferCode(input.code)) problems.push({ field: 'code', message: 'must be letters, digits, - and _ (up to 40)' });
      if (!Number.isInteger(input.months) || input.months < 1 || input.months > MAX_OFFER_MONTHS)
        problems.push({ field: 'months', message: `must be 1 to ${MAX_OFFER_MONTHS} (months)` });
      if (input.kind === 'percent' && (input.value < 1 || input.value > 100))
        problems.push({ field: 'value', message: 'must be 1 to 100 (percent)' });
      if (input.expiresAt && input.expiresAt.getTime() <= now.getTime())
        problems.push({ field: 'expiresAt', message: 'must be in the future' });
      if (problems.length > 0) throw invalid(problems);
      const offer: OfferRecord = { ...input, id: uuidv7(), code: input.code.toUpperCase(), createdAt: now };
      return db
        .transaction()
        .execute(async (tx) => {
          if (input.planId !== null && !(await findPlanById(tx, input.planId)))
            throw invalid([{ field: 'planId', message: 'no such plan' }]);
          if (await findOfferByCode(tx, input.code)) throw codeTaken(offer.code);
          await insertOffer(tx, offer, now);
          return offer;
        })
        .catch((err: unknown) => {
          // Two requests creating the same code at once both find it free; the unique index stops the second.
          if (isUniqueViolation(err)) throw codeTaken(offer.code);
          throw err;
        });
    },

    /** Deactivates (or reactivates) an offer, or moves its expiry; its terms stay as they were. */
    async setAvailability(id: string, change: { active?: boolean | undefined; expiresAt?: Date | null | undefined }): Promise<OfferRecord> {
      return db.transaction().execute(async (tx) => {
        const current = await findOfferById(tx, id);
        if (!current) throw notFound('offer');
        const next = {
          active: change.active ?? current.active,
          expiresAt: change.expiresAt === undefined ? current.expiresAt : change.expiresAt,
        };
        await updateOfferAvailability(tx, id, next);
        return { ...current, ...next };
      });
    },
  };
}
