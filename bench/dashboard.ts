/**
 * The dashboard's part of the bench: a database with a million readers, a tenth of them with a
 * subscription in every state, and a year of funnel counters; then /admin/dashboard for 7, 30 and
 * 90 days, timed through the whole app in this process (`app.inject`: routing, guard, queries,
 * charts, render), as a signed-in business staff member.
 *
 *   node --import tsx bench/dashboard.ts [--readers 1000000] [--pg postgres://…/postgres] [--tries 5]
 *
 * `npm run bench` runs it after the article sizes (`--dashboard-readers`, 0 to skip).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type Insertable, sql } from 'kysely';
import pino from 'pino';
import { createStaffMember } from '../src/accounts/staff-service.js';
import { buildApp } from '../src/app.js';
import { createLocalContentEvents } from '../src/cache/content-events.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/connect.js';
import type { Db, ReaderTable, SubscriptionTable } from '../src/db/database.js';
import { addFunnelCounts } from '../src/funnel/funnel-repository.js';
import { type LiveKind, liveKeyOf, recountLive } from '../src/subscriptions/index.js';
import { seededRandom } from './generated-text.js';
import type { DashboardResult } from './report.js';
import { seedBenchDatabase } from './seed-bench-db.js';

const DAY = 86_400_000;
const BATCH = 1_000;
export const DASHBOARD_PERIODS = [7, 30, 90] as const;

/**
 * Readers (a million by default), one in ten with a subscription spread over a year — most
 * active, some in a trial, cancelled, lapsed or late — and a year of funnel counters: each day
 * ~300 stories read, with counted reads, walls, last-free notices and gift reads per story,
 * checkouts, and the magazine's codes (a dozen stories scanned, the subscription code, checkouts
 * after a scan). Plans are the demo's four.
 */
export async function seedDashboardData(
  db: Db,
  opts: { readers: number; now: Date; seed?: number; log?: (l: string) => void },
): Promise<void> {
  const log = opts.log ?? (() => {});
  const rnd = seededRandom(opts.seed ?? 16);
  const now = opts.now.getTime();
  const year = 365;
  const plans = await db.selectFrom('plans').select(['id', 'interval', 'price_cents', 'currency']).execute();
  if (plans.length === 0) throw new Error('no plans to subscribe to (seed the demo plans first)');
  const offers = ['bench-offer-20', 'bench-offer-50'];
  await db
    .insertInto('offers')
    .values(
      offers.map((id, i) => ({
        id,
        code: id.toUpperCase(),
        kind: 'percent',
        value: i === 0 ? 20 : 50,
        months: 3,
        plan_id: null,
        active: true,
        expires_at: null,
        created_at: new Date(now - year * DAY),
      })),
    )
    .execute();

  for (let start = 0; start < opts.readers; start += BATCH) {
    const readers: Insertable<ReaderTable>[] = [];
    const subs: Insertable<SubscriptionTable>[] = [];
    for (let i = start; i < Math.min(opts.readers, start + BATCH); i++) {
      const created = new Date(now - Math.floor(rnd() * year * 3) * DAY - Math.floor(rnd() * DAY));
      const id = `bench-reader-${i}`;
      readers.push({
        id,
        email: `reader${i}@bench.test`,
        email_verified_at: created,
        password_hash: null,
        address_line1: null,
        address_line2: null,
        address_city: null,
        address_region: null,
        address_postcode: null,
        address_country: null,
        email_preferences: '{}',
        closed_at: null,
        created_at: created,
        updated_at: created,
        imported_at: null,
      });
      if (i % 10 !== 0) continue;
      const plan = plans[i % plans.length];
      if (!plan) continue;
      const started = new Date(now - Math.floor(rnd() * year) * DAY - Math.floor(rnd() * DAY));
      const periodDays = plan.interval === 'year' ? 365 : 30;
      let periodEnd = started.getTime() + periodDays * DAY;
      while (periodEnd < now) periodEnd += periodDays * DAY;
      const roll = rnd();
      const trial = roll < 0.08;
      const cancelled = roll >= 0.08 && roll < 0.2;
      const lapsed = roll >= 0.2 && roll < 0.3;
      const late = roll >= 0.3 && roll < 0.33;
      const status = trial ? 'trialing' : lapsed ? 'canceled' : late ? 'past_due' : 'active';
      const end = lapsed ? new Date(now - Math.floor(rnd() * 300) * DAY) : new Date(periodEnd);
      const changed = cancelled || lapsed ? new Date(Math.max(started.getTime(), end.getTime() - Math.floor(rnd() * 25) * DAY)) : started;
      const trialEnd = trial ? new Date(started.getTime() + 14 * DAY) : null;
      const graceUntil = late ? new Date(now + Math.floor(rnd() * 7 - 3) * DAY) : null;
      subs.push({
        id: `bench-sub-${i}`,
        reader_id: id,
        plan_id: plan.id,
        status,
        current_period_end_at: end,
        cancel_at_period_end: cancelled,
        trial_end_at: trialEnd,
        grace_until_at: graceUntil,
        provider: 'demo',
        provider_subscription_id: `bench-${i}`,
        provider_customer_id: null,
        provider_version: 0,
        created_at: started,
        updated_at: changed,
        access_end_notified_at: null,
        offer_id: i % 50 === 0 ? (offers[i % 2] ?? null) : null,
        price_cents: plan.price_cents,
        first_payment_cents: plan.price_cents,
        currency: plan.currency,
        canceled_at: cancelled || lapsed ? changed : null,
        ...liveColumns({
          planId: plan.id,
          status,
          provider: 'demo',
          currentPeriodEnd: end,
          cancelAtPeriodEnd: cancelled,
          trialEnd,
          graceUntil,
          refundedToPeriodEnd: false,
        }),
      });
    }
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('readers').values(readers).execute();
      for (let j = 0; j < subs.length; j += 200)
        await tx
          .insertInto('subscriptions')
          .values(subs.slice(j, j + 200))
          .execute();
    });
    if (start % 100_000 === 0) log(`dashboard seed: ${start.toLocaleString('en')} readers`);
  }

  // The live counts the subscriptions' own writes keep (the rows above went around them): each
  // row's key was written with it, the counts are summed here.
  await recountLive(db);
  log('dashboard seed: live subscriptions counted');

  const articles = await db.selectFrom('articles').select(['id', 'section_id']).limit(5_000).execute();
  const types: [string, number][] = [
    ['article_counted', 1],
    ['registration_wall_shown', 0.12],
    ['paywall_shown', 0.2],
    ['last_free_shown', 0.08],
    ['gift_read', 0.03],
  ];
  for (let day = 0; day < year; day++) {
    const date = new Date(now - day * DAY).toISOString().slice(0, 10);
    const rows = [];
    for (let k = 0; k < 300 && articles.length > 0; k++) {
      const a = articles[Math.floor(rnd() * articles.length)];
      if (!a) continue;
      const reads = 5 + Math.floor(rnd() * rnd() * 2_000);
      for (const [type, share] of types) {
        const n = Math.round(reads * share);
        if (n > 0) rows.push({ day, date, type, section_id: a.section_id ?? '', article_id: a.id, count: n });
      }
    }
    rows.push({ day, date, type: 'checkout_started', section_id: '', article_id: '', count: 20 + Math.floor(rnd() * 60) });
    // The magazine's codes: a dozen stories scanned a day, reads through them, the back page's code, checkouts after a scan.
    for (let k = 0; k < 12 && articles.length > 0; k++) {
      const a = articles[Math.floor(rnd() * articles.length)];
      if (!a) continue;
      const scans = 1 + Math.floor(rnd() * 40);
      rows.push({ day, date, type: 'print_scan', section_id: a.section_id ?? '', article_id: a.id, count: scans });
      rows.push({ day, date, type: 'print_read', section_id: a.section_id ?? '', article_id: a.id, count: Math.ceil(scans * 0.8) });
    }
    rows.push({ day, date, type: 'print_subscribe_scan', section_id: '', article_id: '', count: 5 + Math.floor(rnd() * 30) });
    rows.push({ day, date, type: 'print_checkout_started', section_id: '', article_id: '', count: Math.floor(rnd() * 8) });
    // One row per key (a story drawn twice in a day is summed), as the funnel's own writes keep it.
    const merged = new Map<string, (typeof rows)[number]>();
    for (const r of rows) {
      const key = `${r.type}\n${r.section_id}\n${r.article_id}`;
      const had = merged.get(key);
      if (had) had.count += r.count;
      else merged.set(key, { ...r });
    }
    const values = [...merged.values()].map((r) => ({
      day: r.date,
      type: r.type,
      period: r.date.slice(0, 7),
      sectionId: r.section_id,
      articleId: r.article_id,
      count: r.count,
    }));
    // Through the funnel's own writer: counters and their daily rollup in one transaction.
    await db.transaction().execute((tx) => addFunnelCounts(tx, values));
  }
  log('dashboard seed: a year of funnel counters');
}

/** The key a row is counted under (src/subscriptions/live-count.ts), written with the row. */
function liveColumns(s: Parameters<typeof liveKeyOf>[0]): {
  live_until_at: Date | null;
  live_kind: LiveKind | null;
  live_plan_id: string | null;
} {
  const key = liveKeyOf(s);
  return { live_until_at: key?.until ?? null, live_kind: key?.kind ?? null, live_plan_id: key?.planId ?? null };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Seeds a fresh database (a few articles for the stories' names), then times each dashboard page `tries` times after one warm-up. */
export async function benchDashboard(opts: {
  readers: number;
  pgUrl?: string | undefined;
  tries?: number;
  log?: (line: string) => void;
}): Promise<DashboardResult> {
  const log = opts.log ?? (() => {});
  const tries = opts.tries ?? 5;
  const seeded = await seedBenchDatabase({ articles: 1_000, pgUrl: opts.pgUrl, log });
  const env = {
    NODE_ENV: 'test',
    MASTHEAD_DATA_DIR: seeded.dataDir,
    PUBLIC_URL: 'http://127.0.0.1',
    LOG_LEVEL: 'silent',
    ...(seeded.databaseUrl ? { DATABASE_URL: seeded.databaseUrl } : {}),
  };
  const config = loadConfig(env);
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const { seedDemoPlans } = await import('../src/subscriptions/index.js');
    const now = new Date();
    await seedDemoPlans(handle.db, () => now);
    const t0 = performance.now();
    await seedDashboardData(handle.db, { readers: opts.readers, now, log });
    // Fresh statistics for the tables just filled (seedBenchDatabase analysed them empty), as a
    // database that has been running would have; on PostgreSQL a vacuum too, so index-only scans
    // can skip the heap as they would once autovacuum has passed.
    await sql.raw(seeded.databaseUrl ? 'vacuum analyze' : 'analyze').execute(handle.db);
    const seedSeconds = (performance.now() - t0) / 1000;
    const { app } = await buildApp({
      config,
      handle,
      log: pino({ level: 'silent' }),
      events: createLocalContentEvents(),
      clock: () => new Date(),
    });
    const password = 'bench dashboard password';
    const { staff } = await createStaffMember(
      { db: handle.db, clock: () => new Date(), publicUrl: config.publicUrl },
      { email: 'business@bench.test', name: 'Bench', role: 'business', password },
    );
    const cookie = await signIn(app, staff.email, password);
    const pages: DashboardResult['pages'] = [];
    for (const days of DASHBOARD_PERIODS) {
      const url = `/admin/dashboard?days=${days}`;
      const ms: number[] = [];
      for (let i = 0; i <= tries; i++) {
        const start = performance.now();
        const r = await app.inject({ method: 'GET', url, headers: { cookie } });
        const took = performance.now() - start;
        if (r.statusCode !== 200) throw new Error(`${url} answered ${r.statusCode}`);
        if (i > 0) ms.push(took);
      }
      log(`dashboard ${url}: ${ms.map((x) => x.toFixed(0)).join(', ')} ms`);
      pages.push({ days, medianMs: median(ms), maxMs: Math.max(...ms) });
    }
    await app.close();
    return { readers: opts.readers, dialect: seeded.databaseUrl ? 'postgres' : 'sqlite', seedSeconds, tries, pages };
  } finally {
    await handle.close().catch(() => {});
    await seeded.destroy();
  }
}

/** Signs in through /admin/sign-in as a browser does (CSRF cookie and field), returning the Cookie header. */
async function signIn(app: Awaited<ReturnType<typeof buildApp>>['app'], email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (setCookie: string | string[] | undefined) => {
    for (const c of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair] = c.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair && eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const form = await app.inject({ method: 'GET', url: '/admin/sign-in' });
  keep(form.headers['set-cookie']);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  const r = await app.inject({
    method: 'POST',
    url: '/admin/sign-in',
    headers: { cookie: header(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, email, password, return: '/admin' }).toString(),
  });
  if (r.statusCode !== 303) throw new Error(`staff sign-in answered ${r.statusCode}`);
  keep(r.headers['set-cookie']);
  return header();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: { readers: { type: 'string', default: '1000000' }, pg: { type: 'string' }, tries: { type: 'string', default: '5' } },
    strict: true,
  });
  const log = (l: string) => process.stderr.write(`${l}\n`);
  fs.mkdirSync(path.join(os.tmpdir(), 'masthead-bench'), { recursive: true });
  benchDashboard({ readers: Number(values.readers), pgUrl: values.pg, tries: Number(values.tries), log }).then(
    async (r) => {
      const { formatDashboard } = await import('./report.js');
      process.stdout.write(`${formatDashboard(r)}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      log(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exit(1);
    },
  );
}
