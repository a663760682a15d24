import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/database.js';
import { DIALECTS, openTestDatabase } from '../db/test-databases.js';
import { formatPlanPrice, planInputFrom } from './plan.js';
import { createPlanService, DEMO_PLANS, type PlanService, seedDemoPlans } from './plan-service.js';

const NOW = new Date('2026-11-25T09:00:00Z');

describe.each(DIALECTS)('plan catalogue on %s', (dialect) => {
  let h: DbHandle;
  let plans: PlanService;
  beforeAll(async () => {
    h = await openTestDatabase(dialect);
    plans = createPlanService({ db: h.db, clock: () => NOW });
  });
  afterAll(async () => {
    await h.close();
  });

  it('seeds the demo plans once, in catalogue order', async () => {
    expect(await seedDemoPlans(h.db, () => NOW)).toBe(4);
    expect(await seedDemoPlans(h.db, () => NOW)).toBe(0);
    const list = await plans.listActive();
    expect(list.map((p) => [p.name, formatPlanPrice(p), p.entitlements])).toEqual([
      ['All Access', '$15.00 a month', ['web', 'daily_email', 'weekly_print']],
      ['All Access', '$150.00 a year', ['web', 'daily_email', 'weekly_print']],
      ['Digital', '$8.00 a month', ['web', 'daily_email']],
      ['Digital', '$80.00 a year', ['web', 'daily_email']],
    ]);
    expect(list.every((p) => p.active === true && p.createdAt instanceof Date)).toBe(true);
  });

  it('rejects bad input naming the field, and a taken slug with 409', async () => {
    const base = DEMO_PLANS[0];
    if (!base) throw new Error('no demo plan');
    await expect(plans.create({ ...base, slug: 'Not A Slug' })).rejects.toMatchObject({ statusCode: 400, fields: [{ field: 'slug' }] });
    await expect(plans.create({ ...base, slug: 'x', entitlements: ['web', 'cinema'] })).rejects.toMatchObject({ statusCode: 400 });
    await expect(plans.create({ ...base, slug: 'x', priceCents: -1 })).rejects.toMatchObject({ statusCode: 400 });
    await expect(plans.create({ ...base, slug: 'x', extra: true })).rejects.toMatchObject({ statusCode: 400 });
    await expect(plans.create(base)).rejects.toMatchObject({ statusCode: 409, code: 'PLAN_SLUG_TAKEN' });
  });

  it('updates a plan, and deactivating hides it from the active list only', async () => {
    const [first] = await plans.listActive();
    if (!first) throw new Error('no plan');
    const changed = await plans.update(first.id, { ...planInputFrom(first), trialDays: 7, active: false });
    expect(changed.trialDays).toBe(7);
    expect((await plans.get(first.id)).active).toBe(false);
    expect((await plans.listActive()).some((p) => p.id === first.id)).toBe(false);
    expect((await plans.listAll()).some((p) => p.id === first.id)).toBe(true);
    await expect(plans.update('nope', planInputFrom(first))).rejects.toMatchObject({ statusCode: 404 });
  });
});
