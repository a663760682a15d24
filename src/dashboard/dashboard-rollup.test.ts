/**
 * The dashboard's rollups and per-day counts against counting the raw events, on SQLite and
 * PostgreSQL, for a paper in New York over a month that crosses the end of summer time
 * (2026-11-01). A seeded stream of funnel events — many within a minute of local midnight, some
 * arriving hours or days late, in several flushes — goes through the funnel's own recorder; a
 * seeded set of subscriptions through the subscriptions feature's own insert. Then:
 * - `funnel_daily` equals `funnel_counts` summed per (day, type, section), row for row;
 * - the dashboard's funnel per day, by section, its stories and its print-to-web days equal the
 *   events counted one by one on the paper's calendar (Intl, not the code under test);
 * - started, cancelled and lapsed per day equal the rows' instants put on that calendar.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/database.js';
import { DIALECTS, openTestDatabase } from '../db/test-databases.js';
import { createFunnelRecorder, type FunnelEvent, type FunnelEventType } from '../funnel/index.js';
import { insertSubscription } from '../subscriptions/subscription-repository.js';
import { createDashboardService, type Dashboard } from './dashboard-service.js';
import { insertPlans, seededRandom, subscriptionRecord } from './dashboard-test-support.js';

const TZ = 'America/New_York';
const NOW = new Date('2026-11-14T15:00:00Z');
const DAY = 86_400_000;

const localDate = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });
/** The paper's date of an instant, yyyy-mm-dd, by Intl alone. */
const dayOf = (at: Date) => localDate.format(at);

const TYPES: FunnelEventType[] = [
  'article_counted',
  'registration_wall_shown',
  'paywall_shown',
  'checkout_started',
  'last_free_shown',
  'print_scan',
  'print_read',
  'print_subscribe_scan',
  'print_checkout_started',
];
const SECTIONS = ['sec-news', 'sec-sport', 'sec-arts'];
const STORIES = Array.from({ length: 15 }, (_, i) => ({ id: `art-${i}`, section: SECTIONS[i % SECTIONS.length] ?? '' }));

/** An instant in the 40 days before NOW: a third of them within a minute either side of a New York midnight. */
function instant(rnd: () => number): Date {
  const back = Math.floor(rnd() * 40);
  if (rnd() < 0.33) {
    // Local midnight of a day is 04:00 or 05:00 UTC (summer or standard time): try both, keep the real one.
    const date = dayOf(new Date(NOW.getTime() - back * DAY));
    const midnight =
      [4, 5].map((h) => new Date(`${date}T0${h}:00:00Z`)).find((m) => dayOf(m) === date && dayOf(new Date(m.getTime() - 1)) !== date) ??
      NOW;
    return new Date(midnight.getTime() + Math.floor((rnd() - 0.5) * 120_000));
  }
  return new Date(NOW.getTime() - back * DAY - Math.floor(rnd() * DAY));
}

function makeEvents(rnd: () => number, n: number): FunnelEvent[] {
  const out: FunnelEvent[] = [];
  for (let i = 0; i < n; i++) {
    const type = TYPES[Math.floor(rnd() * TYPES.length)] ?? 'article_counted';
    const at = instant(rnd);
    if (at > NOW) continue;
    const withStory = type !== 'checkout_started' && type !== 'print_subscribe_scan' && type !== 'print_checkout_started';
    const story = STORIES[Math.floor(rnd() * STORIES.length)];
    out.push({
      type,
      articleId: withStory && story ? story.id : null,
      sectionId: withStory && story ? story.section : null,
      period: dayOf(at).slice(0, 7),
      at,
    });
  }
  return out;
}

describe.each(DIALECTS)('the dashboard against the raw events on %s', (dialect) => {
  let h: DbHandle;
  let events: FunnelEvent[];
  let month: Dashboard;

  beforeAll(async () => {
    h = await openTestDatabase(dialect);
    const rnd = seededRandom(1611);
    // Written in three flushes; the later ones carry events of earlier days (late arrivals), some
    // from just before a midnight written after it.
    const batches = [makeEvents(rnd, 1500), makeEvents(rnd, 1500), makeEvents(rnd, 1500)];
    batches[1]?.sort((a, b) => b.at.getTime() - a.at.getTime());
    events = batches.flat();
    let clock = new Date(NOW.getTime() - 20 * DAY);
    const recorder = createFunnelRecorder({
      db: h.db,
      clock: () => clock,
      log: pino({ level: 'silent' }),
      timeZone: TZ,
      flushMs: 3_600_000,
      maxBatch: 100_000,
    });
    for (const batch of batches) {
      for (const e of batch) recorder.record(e);
      await recorder.flush();
      clock = new Date(clock.getTime() + 10 * DAY);
    }
    await recorder.close();

    await insertPlans(h.db, NOW, [{ id: 'p-month', name: 'Monthly', priceCents: 900, currency: 'usd', interval: 'month' }]);
    // Subscriptions: started, cancelled (at once or at the period's end), lapsed, in a grace, in a
    // trial — their instants spread like the events, many near a midnight.
    for (let i = 0; i < 300; i++) {
      const created = instant(rnd);
      const roll = rnd();
      const status = roll < 0.35 ? 'active' : roll < 0.55 ? 'canceled' : roll < 0.7 ? 'past_due' : roll < 0.85 ? 'trialing' : 'incomplete';
      const end = rnd() < 0.6 ? instant(rnd) : new Date(NOW.getTime() + Math.floor(rnd() * 30) * DAY);
      const changed = new Date(Math.min(NOW.getTime(), created.getTime() + Math.floor(rnd() * 10 * DAY)));
      await insertSubscription(
        h.db,
        subscriptionRecord({
          id: `sub-${i}`,
          readerId: `reader-${i % 250}`,
          planId: 'p-month',
          status,
          currentPeriodEnd: end,
          cancelAtPeriodEnd: status === 'active' || status === 'trialing' ? rnd() < 0.4 : false,
          trialEnd: status === 'trialing' || rnd() < 0.2 ? instant(rnd) : null,
          graceUntil: status === 'past_due' || (status === 'canceled' && rnd() < 0.3) ? instant(rnd) : null,
          provider: rnd() < 0.1 ? 'comp' : 'demo',
          providerSubscriptionId: `demo-${i}`,
          createdAt: created,
          updatedAt: changed,
        }),
      );
    }
    const service = createDashboardService({
      db: h.db,
      clock: () => NOW,
      timeZone: TZ,
      sections: async () => SECTIONS.map((id, position) => ({ id, name: id, position })),
      articleSummaries: async (ids) => ids.map((id) => ({ id, slug: id, headline: id })),
    });
    month = await service.load(30);
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('keeps the daily rollup equal to the counters summed per day, type and section', async () => {
    const rollup = await h.db.selectFrom('funnel_daily').selectAll().orderBy('day').orderBy('type').orderBy('section_id').execute();
    const summed = await h.db
      .selectFrom('funnel_counts')
      .select(['day', 'type', 'section_id', (eb) => eb.fn.sum<number | string>('count').as('count')])
      .groupBy(['day', 'type', 'section_id'])
      .orderBy('day')
      .orderBy('type')
      .orderBy('section_id')
      .execute();
    const norm = (rows: { day: string; type: string; section_id: string; count: number | string }[]) =>
      // Sorted here: PostgreSQL's collation may order text otherwise than code points.
      rows.map((r) => `${r.day} ${r.type} ${r.section_id} ${Number(r.count)}`).sort();
    expect(rollup.length).toBeGreaterThan(300);
    expect(norm(rollup)).toEqual(norm(summed));
    // And both hold every event, each on its own New York day.
    const raw = new Map<string, number>();
    for (const e of events) {
      const k = `${dayOf(e.at)} ${e.type} ${e.sectionId ?? ''}`;
      raw.set(k, (raw.get(k) ?? 0) + 1);
    }
    expect(norm(rollup)).toEqual([...raw].map(([k, n]) => `${k} ${n}`).sort());
  });

  it('gives the funnel per day, by section, its stories and print to web as the events counted one by one', () => {
    const inPeriod = events.filter((e) => dayOf(e.at) >= month.from && dayOf(e.at) <= month.to);
    const count = (pred: (e: FunnelEvent) => boolean) => inPeriod.filter(pred).length;
    expect(month.from).toBe('2026-10-16');
    for (const d of month.funnel.days) {
      const on = (type: string) => count((e) => e.type === type && dayOf(e.at) === d.date);
      expect([d.date, d.reads, d.registrationWalls, d.paywalls, d.checkouts]).toEqual([
        d.date,
        on('article_counted'),
        on('registration_wall_shown'),
        on('paywall_shown'),
        on('checkout_started'),
      ]);
    }
    for (const d of month.print.days) {
      const on = (type: string) => count((e) => e.type === type && dayOf(e.at) === d.date);
      expect(d).toEqual({
        date: d.date,
        storyScans: on('print_scan'),
        reads: on('print_read'),
        subscribeScans: on('print_subscribe_scan'),
        checkouts: on('print_checkout_started'),
      });
    }
    for (const s of month.funnel.sections) {
      const of = (type: string) => count((e) => e.type === type && e.sectionId === s.sectionId);
      expect([s.sectionId, s.reads, s.registrationWalls, s.paywalls]).toEqual([
        s.sectionId,
        of('article_counted'),
        of('registration_wall_shown'),
        of('paywall_shown'),
      ]);
    }
    const byStory = STORIES.map((st) => ({
      id: st.id,
      paywalls: count((e) => e.type === 'paywall_shown' && e.articleId === st.id),
      walls: count((e) => e.type === 'registration_wall_shown' && e.articleId === st.id),
      reads: count((e) => e.type === 'article_counted' && e.articleId === st.id),
    }))
      .filter((s) => s.paywalls + s.walls + s.reads > 0)
      .sort((a, b) => b.paywalls - a.paywalls || b.walls - a.walls || b.reads - a.reads || (a.id < b.id ? -1 : 1))
      .slice(0, 10);
    expect(month.funnel.stories.map((s) => [s.articleId, s.paywalls, s.registrationWalls, s.reads])).toEqual(
      byStory.map((s) => [s.id, s.paywalls, s.walls, s.reads]),
    );
  });

  it('counts started, cancelled and lapsed per day as the rows’ instants on the paper’s calendar', async () => {
    const rows = await h.db.selectFrom('subscriptions').selectAll().execute();
    const until = NOW;
    const tally = (instants: Date[]) => {
      const m = new Map<string, number>();
      for (const at of instants) m.set(dayOf(at), (m.get(dayOf(at)) ?? 0) + 1);
      return m;
    };
    const started = tally(rows.filter((r) => r.status !== 'incomplete').map((r) => r.created_at));
    const cancelled = tally(rows.flatMap((r) => (r.canceled_at ? [r.canceled_at] : [])));
    // Access that ended and did not go on, by the rules the dashboard states (dashboard-repository.ts).
    const lapses: Date[] = [];
    for (const r of rows) {
      if (r.status === 'past_due' && r.grace_until_at && r.grace_until_at < until) lapses.push(r.grace_until_at);
      if (!r.canceled_at || r.canceled_at >= until) continue;
      if (r.status === 'active' || (r.status === 'canceled' && r.grace_until_at === null)) {
        if (r.current_period_end_at && r.current_period_end_at < until) lapses.push(r.current_period_end_at);
      } else if (r.status === 'trialing') {
        const end = r.trial_end_at ?? r.current_period_end_at;
        if (end && end < until) lapses.push(end);
      }
    }
    const lapsed = tally(lapses);
    expect(month.changes).toHaveLength(30);
    expect(month.changes).toEqual(
      month.changes.map((c) => ({
        date: c.date,
        started: started.get(c.date) ?? 0,
        cancelled: cancelled.get(c.date) ?? 0,
        lapsed: lapsed.get(c.date) ?? 0,
      })),
    );
    // Not a vacuous comparison: the month saw each kind of change.
    const sum = (k: 'started' | 'cancelled' | 'lapsed') => month.changes.reduce((n, c) => n + c[k], 0);
    expect(sum('started')).toBeGreaterThan(50);
    expect(sum('cancelled')).toBeGreaterThan(10);
    expect(sum('lapsed')).toBeGreaterThan(10);
  });
});
