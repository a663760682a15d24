/**
 * The plan catalogue: list, read, create, change (for the admin screens to come), and the demo
 * paper's plans.
 */
import { Value } from 'typebox/value';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/database.js';
import { AppError, invalid, notFound } from '../http/app-error.js';
import type { Clock } from '../platform.js';
import { type Plan, type PlanInput, PlanInputSchema } from './plan.js';
import { countPlans, findPlanById, findPlanBySlug, insertPlan, listPlans, updatePlan } from './plan-repository.js';

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

export function createPlanService(deps: PlanServiceDeps) {
  const { db, clock } = deps;
  return {
    /** Active plans only: what /subscribe shows. */
    listActive: () => listPlans(db, { activeOnly: true }),
    listAll: () => listPlans(db, { activeOnly: false }),

    async get(id: string): Promise<Plan> {
      const plan = await findPlanById(db, id);
      if (!plan) throw notFound('plan');
      return plan;
    },

    async create(input: unknown): Promise<Plan> {
      const p = checkInput(input);
      const now = clock();
      const plan: Plan = { id: uuidv7(), ...p, createdAt: now, updatedAt: now };
      return db.transaction().execute(async (tx) => {
        if (await findPlanBySlug(tx, p.slug)) throw slugTaken(p.slug);
        await insertPlan(tx, plan);
        return plan;
      });
    },

    /** Replaces a plan's fields. Price changes apply to new checkouts; existing subscribers keep theirs (Stripe bills what they bought). */
    async update(id: string, input: unknown): Promise<Plan> {
      const p = checkInput(input);
      return db.transaction().execute(async (tx) => {
        const current = await findPlanById(tx, id);
        if (!current) throw notFound('plan');
        const other = await findPlanBySlug(tx, p.slug);
        if (other && other.id !== id) throw slugTaken(p.slug);
        const plan: Plan = { ...current, ...p, updatedAt: clock() };
        await updatePlan(tx, plan);
        return plan;
      });
    },
  };
}

/** The demo paper's catalogue, as issue 3 names it. */
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
