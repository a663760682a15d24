/**
 * All SQL of the plan catalogue (table `plans`). Plain functions taking the database first.
 */
import type { Selectable } from 'kysely';
import type { Db, PlanTable } from '../db/database.js';
import { parseJsonColumn } from '../db/database.js';
import { entitlementsFrom, PLAN_INTERVALS, type Plan, type PlanInterval } from './plan.js';

export type PlanRow = Selectable<PlanTable>;

/** The stored interval, parsed: a value we never write is an error, not a guess. */
function intervalFrom(v: string): PlanInterval {
  const interval = PLAN_INTERVALS.find((i) => i === v);
  if (interval === undefined) throw new Error(`unknown plan interval "${v}" in the plans table`);
  return interval;
}

export function planFromRow(r: PlanRow): Plan {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    description: r.description,
    priceCents: r.price_cents,
    currency: r.currency,
    interval: intervalFrom(r.interval),
    trialDays: r.trial_days,
    entitlements: entitlementsFrom(parseJsonColumn(r.entitlements)),
    active: Boolean(r.active),
    position: r.position,
    stripePriceId: r.stripe_price_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function planValues(p: Plan) {
  return {
    slug: p.slug,
    name: p.name,
    description: p.description,
    price_cents: p.priceCents,
    currency: p.currency,
    interval: p.interval,
    trial_days: p.trialDays,
    entitlements: JSON.stringify(p.entitlements),
    active: p.active,
    position: p.position,
    stripe_price_id: p.stripePriceId,
    updated_at: p.updatedAt,
  };
}

export async function insertPlan(db: Db, p: Plan): Promise<void> {
  await db
    .insertInto('plans')
    .values({ id: p.id, created_at: p.createdAt, ...planValues(p) })
    .execute();
}

export async function updatePlan(db: Db, p: Plan): Promise<boolean> {
  const r = await db.updateTable('plans').set(planValues(p)).where('id', '=', p.id).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findPlanById(db: Db, id: string): Promise<Plan | undefined> {
  const r = await db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? planFromRow(r) : undefined;
}

export async function findPlanBySlug(db: Db, slug: string): Promise<Plan | undefined> {
  const r = await db.selectFrom('plans').selectAll().where('slug', '=', slug).executeTakeFirst();
  return r ? planFromRow(r) : undefined;
}

export async function findPlanByStripePrice(db: Db, priceId: string): Promise<Plan | undefined> {
  const r = await db.selectFrom('plans').selectAll().where('stripe_price_id', '=', priceId).executeTakeFirst();
  return r ? planFromRow(r) : undefined;
}

/** In catalogue order (position, then price). */
export async function listPlans(db: Db, opts: { activeOnly: boolean }): Promise<Plan[]> {
  let q = db.selectFrom('plans').selectAll();
  if (opts.activeOnly) q = q.where('active', '=', true);
  const rows = await q.orderBy('position').orderBy('price_cents').orderBy('id').execute();
  return rows.map(planFromRow);
}

export async function countPlans(db: Db): Promise<number> {
  const r = await db
    .selectFrom('plans')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
