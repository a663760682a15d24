/**
 * The plan catalogue: list, read, create, change (the Admin API's plan routes), and the demo
 * paper's plans.
 */

import { Value } from 'typebox/value';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { AppError, invalid, notFound } from '../http/app-error.js';
import type { Clock } from '../platform.js';
import { type Plan, type PlanInput, PlanInputSchema, planInputFrom } from './plan.js';
import { countPlans, findPlanById, findPlanBySlug, insertPlan, listPlans, updatePlan } from './plan-repository.js';
import { planHasSubscribers } from './subscription-repository.js';

export interface PlanServiceDeps {
  db: Db;
  clock: Clock;
}

export type PlanService = ReturnType<typeof createPlanService>;

function checkInput(input: unknown): PlanInput {
  if (Value.Check(PlanInputSchema, input)) return input;
  const fields = Value.Errors(PlanInputSchema, input).map((e) => ({
    field: e.instancePath.replace(/^\//, '').replace(/\//g, '.') || 'plan',
    message: e.message,
  }));
  throw invalid(fields.length > 0 ? fields : [{ field: 'plan', message: 'is invalid' }]);
}

const slugTaken = (slug: string) =>
  new AppError('PLAN_SLUG_TAKEN', 409, `A plan with the slug "${slug}" already exists.`, [{ field: 'slug', message: 'is taken' }]);

/** The fields that say what a subscriber is billed. */
const PRICE_FIELDS = ['priceCents', 'currency', 'interval', 'stripePriceId'] as const;

const hasSubscribers = (fields: readonly string[]) =>
  new AppError(
    'PLAN_HAS_SUBSCRIBERS',
    409,
    'Readers subscribe to this plan at its price and interval, so those cannot change: make a new plan and deactivate this one.',
    fields.map((field) => ({ field, message: 'cannot change once the plan has subscribers' })),
  );

/**
 * Two requests saving the same new slug at once both find it free; the unique index stops the
 * second, which then answers the same 409 as if it had seen the first. `slug`: the one being
 * saved (a patch that keeps its slug cannot meet the unique index).
 */
const slugRace =
  (slug: string | undefined) =>
  (err: unknown): never => {
    if (slug !== undefined && isUniqueViolation(err)) throw slugTaken(slug);
    throw err;
  };

export function createPlanService(deps: PlanServiceDeps) {
  const { db, clock } = deps;
  /**
   * Changes some of a plan's fields, in one transaction. What a subscriber pays is fixed once
   * anyone has subscribed: price, currency, interval and Stripe price then answer 409
   * PLAN_HAS_SUBSCRIBERS naming them (make a new plan and deactivate this one). Name,
   * description, trial days (new checkouts only), entitlements (every subscriber's, at once),
   * position and the active flag may change.
   */
  async function patch(id: string, changes: Partial<PlanInput>): Promise<Plan> {
    return db
      .transaction()
      .execute(async (tx) => {
        const current = await findPlanById(tx, id);
        if (!current) throw notFound('plan');
        const p = checkInput({ ...planInputFrom(current), ...changes });
        const billed = PRICE_FIELDS.filter((f) => changes[f] !== undefined && changes[f] !== current[f]);
        if (billed.length > 0 && (await planHasSubscribers(tx, id))) throw hasSubscribers(billed);
        const other = await findPlanBySlug(tx, p.slug);
        if (other && other.id !== id) throw slugTaken(p.slug);
        const plan: Plan = { ...current, ...p, updatedAt: clock() };
        await updatePlan(tx, plan);
        return plan;
      })
      .catch(slugRace(changes.slug));
  }

  return {
    /** Active plans only: what /subscribe shows. */
    listActive: () => listPlans(db, { activeOnly: true }),
    listAll: () => listPlans(db, { activeOnly: false }),

    /** A plan by id, or undefined. */
    find: (id: string): Promise<Plan | undefined> => findPlanById(db, id),

    async get(id: string): Promise<Plan> {
      const plan = await findPlanById(db, id);
      if (!plan) throw notFound('plan');
      return plan;
    },

    async create(input: unknown): Promise<Plan> {
      const p = checkInput(input);
      const now = clock();
      const plan: Plan = { id: uuidv7(), ...p, createdAt: now, updatedAt: now };
      return db
        .transaction()
        .execute(async (tx) => {
          if (await findPlanBySlug(tx, p.slug)) throw slugTaken(p.slug);
          await insertPlan(tx, plan);
          return plan;
        })
        .catch(slugRace(p.slug));
    },

    patch,

    /** Replaces all of a plan's editable fields; the same rules as `patch`. */
    async update(id: string, input: unknown): Promise<Plan> {
      return patch(id, checkInput(input));
    },
  };
}

/** The demo paper's catalogue. */
export const DEMO_PLANS: PlanInput[] = [
  {
    slug: 'all-access-monthly',
    name: 'All Access',
    description: 'Everything we publish: unlimited reading, the daily email and the weekly magazine in print.',
    priceCents: 1500,
    currency: 'usd',
    interval: 'month',
    trialDays: 0,
    entitlements: ['web', 'daily_email', 'weekly_print'],
    active: true,
    position: 0,
    stripePriceId: null,
  },
  {
    slug: 'all-access-yearly',
    name: 'All Access',
    description: 'Everything we publish, billed once a year: two months free.',
    priceCents: 15000,
    currency: 'usd',
    interval: 'year',
    trialDays: 0,
    entitlements: ['web', 'daily_email', 'weekly_print'],
    active: true,
    position: 1,
    stripePriceId: null,
  },
  {
    slug: 'digital-monthly',
    name: 'Digital',
    description: 'Unlimited reading on the website and the daily email.',
    priceCents: 800,
    currency: 'usd',
    interval: 'month',
    trialDays: 0,
    entitlements: ['web', 'daily_email'],
    active: true,
    position: 2,
    stripePriceId: null,
  },
  {
    slug: 'digital-yearly',
    name: 'Digital',
    description: 'Unlimited reading and the daily email, billed once a year: two months free.',
    priceCents: 8000,
    currency: 'usd',
    interval: 'year',
    trialDays: 0,
    entitlements: ['web', 'daily_email'],
    active: true,
    position: 3,
    stripePriceId: null,
  },
];

/** Adds the demo plans when the catalogue is empty; returns how many it added. */
export async function seedDemoPlans(db: Db, clock: Clock): Promise<number> {
  if ((await countPlans(db)) > 0) return 0;
  const plans = createPlanService({ db, clock });
  for (const p of DEMO_PLANS) await plans.create(p);
  return DEMO_PLANS.length;
}
