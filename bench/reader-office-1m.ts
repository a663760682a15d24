/**
 * Measures the business office's reader list at 1,000,000 readers, once, by hand (not part of
 * `npm run bench`): `npx tsx bench/reader-office-1m.ts sqlite|postgres`. Seeds readers (one in
 * ten with a subscription: paid, trial, lapsed or comp; some gift recipients, group members and
 * imported readers) with set-based SQL, then times each list query (first page, a page deep in
 * the list by cursor, address and name prefix searches, every filter) as the median of 5 runs,
 * and prints the plan of the searches. PostgreSQL: a fresh database on TEST_DATABASE_URL or the
 * local server, dropped afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openSqlite } from '../src/db/connect.js';
import type { DbHandle } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { openServerPostgres } from '../src/db/test-databases.js';
import { type ReaderListQuery, type ReaderShow, readerListStatement } from '../src/reader-admin/index.js';
import { seedDemoPlans } from '../src/subscriptions/plan-service.js';

const N = Number(process.env.READERS ?? 1_000_000);
const dialect = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
const NOW = new Date('2026-12-01T12:00:00Z');

async function open(): Promise<{ h: DbHandle; fresh: boolean; done: () => Promise<void> }> {
  if (dialect === 'postgres') {
    const h = await openServerPostgres();
    return { h, fresh: true, done: () => h.close() };
  }
  // DB_FILE keeps the seeded database for another run (seeding a million readers takes minutes).
  const kept = process.env.DB_FILE;
  if (kept) {
    const fresh = !fs.existsSync(kept);
    const h = openSqlite(kept);
    await migrateToLatest(h.db);
    return { h, fresh, done: () => h.close() };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reader-office-1m-'));
  const h = openSqlite(path.join(dir, 'db.sqlite'));
  await migrateToLatest(h.db);
  return {
    h,
    fresh: true,
    done: async () => {
      await h.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function seed(h: DbHandle, planIds: string[]) {
  const t0 = performance.now();
  const [p0, p1] = planIds as [string, string];
  const iso = (ms: string) =>
    dialect === 'postgres'
      ? sql.raw(`to_timestamp(${ms} / 1000.0)`)
      : sql.raw(`strftime('%Y-%m-%dT%H:%M:%fZ', ${ms} / 1000.0, 'unixepoch')`);
  const base = NOW.getTime() - N * 60_000;
  const series =
    dialect === 'postgres'
      ? sql.raw(`generate_series(1, ${N}) as s(i)`)
      : sql.raw(`(with recursive s(i) as (select 1 union all select i + 1 from s where i < ${N}) select i from s) as s`);
  const created = iso(`(${base} + i * 60000.0)`);
  const names =
    "(case i % 7 when 0 then 'Ada' when 1 then 'Bo' when 2 then 'Cara' when 3 then 'Dmitri' when 4 then 'Elif' when 5 then 'Femi' else 'Gus' end)";
  const cat = (a: string, b: string) => (dialect === 'postgres' ? `${a} || ${b}` : `${a} || ${b}`);
  await sql`insert into readers (id, email, email_verified_at, password_hash, name, email_preferences, closed_at, created_at, updated_at, imported_at, import_source)
    select ${sql.raw(cat("'r'", 'lpad_i'))}, ${sql.raw(cat("'reader'", "i_text || '@example.org'"))}, ${created}, null,
      ${sql.raw(cat(names, "' Reader ' || i_text"))}, '{"dailyEmail":false,"offers":false}', null, ${created}, ${created},
      case when i % 50 = 0 then ${created} else null end, case when i % 50 = 0 then 'csv:list.csv' else null end
    from (select i, ${sql.raw(dialect === 'postgres' ? "lpad(i::text, 8, '0') as lpad_i, i::text as i_text" : "substr('00000000' || i, -8) as lpad_i, cast(i as text) as i_text")} from ${series}) as q`.execute(
    h.db,
  );
  // One reader in ten subscribes: kinds by i % 40 (paid monthly, paid other plan, trial, lapsed, comp).
  const future = iso(String(NOW.getTime() + 20 * 86_400_000));
  const past = iso(String(NOW.getTime() - 20 * 86_400_000));
  const bool = (b: boolean) => (dialect === 'postgres' ? sql.raw(b ? 'true' : 'false') : sql.raw(b ? '1' : '0'));
  await sql`insert into subscriptions (id, reader_id, plan_id, status, current_period_end_at, cancel_at_period_end, trial_end_at, grace_until_at, provider, provider_subscription_id, provider_customer_id, provider_version, created_at, updated_at)
    select 's' || id, id, case when n % 40 = 10 then ${p1} else ${p0} end,
      case when n % 40 = 20 then 'trialing' when n % 40 = 30 then 'canceled' else 'active' end,
      case when n % 40 = 30 then ${past} when n % 40 = 0 then null else ${future} end, ${bool(false)},
      case when n % 40 = 20 then ${future} else null end, null,
      case when n % 40 = 0 then 'comp' else 'demo' end, 'p' || id, null, 0, created_at, created_at
    from (select id, created_at, cast(substr(id, 2) as integer) as n from readers) as r where n % 10 = 0`.execute(h.db);
  await sql`insert into organisations (id, name, ip_ranges, email_domains, seat_limit, active, created_at, updated_at) values ('org', 'Library', '[]', '["example.org"]', 100000, ${bool(true)}, ${iso(String(NOW.getTime()))}, ${iso(String(NOW.getTime()))})`.execute(
    h.db,
  );
  await sql`insert into organisation_members (organisation_id, reader_id, joined_at) select 'org', id, created_at from readers where cast(substr(id, 2) as integer) % 997 = 0`.execute(
    h.db,
  );
  await sql`insert into gifts (id, code_hash, purchaser_email, recipient_email, plan_id, months, redeemed_by, redeemed_at, expires_at, created_at, status)
    select 'g' || id, 'h' || id, 'giver@example.org', email, ${p0}, 3, id, created_at, created_at, created_at, 'paid' from readers where cast(substr(id, 2) as integer) % 1013 = 0`.execute(
    h.db,
  );
  if (dialect === 'postgres') await sql`analyze`.execute(h.db);
  else await sql`analyze`.execute(h.db);
  return performance.now() - t0;
}

async function main() {
  const { h, fresh, done } = await open();
  try {
    await seedDemoPlans(h.db, () => NOW);
    const plans = await h.db.selectFrom('plans').select('id').orderBy('position').execute();
    if (fresh) {
      const seedMs = await seed(
        h,
        plans.map((p) => p.id),
      );
      console.log(`${dialect}: seeded ${N.toLocaleString('en-GB')} readers in ${(seedMs / 1000).toFixed(1)} s`);
    }
    const deep = await h.db
      .selectFrom('readers')
      .select(['created_at', 'id'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .offset(Math.floor(N * 0.9))
      .limit(1)
      .executeTakeFirstOrThrow();
    const cases: [string, ReaderShow, string, ReaderListQuery['after']][] = [
      ['first page', { kind: 'all' }, '', undefined],
      ['page at 90% by cursor', { kind: 'all' }, '', { createdAt: deep.created_at, id: deep.id }],
      ['search: address prefix "reader12345"', { kind: 'all' }, 'reader12345', undefined],
      ['search: full address', { kind: 'all' }, 'reader777777@example.org', undefined],
      ['search: name prefix "dmitri reader 4242"', { kind: 'all' }, 'dmitri reader 4242', undefined],
      ['search: common name "ada"', { kind: 'all' }, 'ada', undefined],
      ['filter: subscribers', { kind: 'subscriber' }, '', undefined],
      ['filter: subscribers of plan 2', { kind: 'plan', planId: plans[1]?.id ?? '' }, '', undefined],
      ['filter: trial', { kind: 'trial' }, '', undefined],
      ['filter: lapsed', { kind: 'lapsed' }, '', undefined],
      ['filter: comp', { kind: 'comp' }, '', undefined],
      ['filter: gift', { kind: 'gift' }, '', undefined],
      ['filter: group', { kind: 'group' }, '', undefined],
      ['filter: imported', { kind: 'imported' }, '', undefined],
      ['filter: registered', { kind: 'registered' }, '', undefined],
      ['filter: comp + search "reader9"', { kind: 'comp' }, 'reader9', undefined],
    ];
    for (const [label, show, search, after] of cases) {
      const q: ReaderListQuery = { show, search, after, limit: 51 };
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        rows = (await readerListStatement(h.db, h.dialect, q, NOW).execute()).length;
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      console.log(`${label.padEnd(44)} ${String(rows).padStart(3)} rows  median ${times[2]?.toFixed(1)} ms  (max ${times[4]?.toFixed(1)})`);
      if (label.startsWith('search')) {
        const c = readerListStatement(h.db, h.dialect, q, NOW).compile();
        const plan = await h.db.executeQuery({
          ...c,
          sql: `${dialect === 'sqlite' ? 'explain query plan' : 'explain'} ${c.sql}`,
        } as typeof c);
        console.log(
          `  plan: ${plan.rows
            .map((r) => Object.values(r as object).join(' '))
            .join(' | ')
            .slice(0, 400)}`,
        );
      }
    }
  } finally {
    await done();
  }
}

await main();
