/**
 * All SQL of the funnel (table `funnel_counts`: counters per local day; see its migration; and
 * `experiment_counts`: an experiment's counters per arm, written by the same recorder).
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { type ArmCount, type FunnelCount, rollUpDaily } from './funnel.js';

/**
 * Rows per statement: 6 parameters a row stays far below SQLite's 32,766 and PostgreSQL's 65,535
 * bound parameters, and PostgreSQL refuses one statement that updates a row twice, which cannot
 * happen here because the rows are already summed per key.
 */
const ROWS_PER_STATEMENT = 500;

/**
 * Adds counts to the counters and to their daily rollup (`funnel_daily`, per day, type and
 * section), creating the rows that do not exist yet. Call inside a transaction: the rollup then
 * always equals the counters' sums, whatever day an event arrives for (a late event raises its own
 * day in both).
 */
export async function addFunnelCounts(db: Db, rows: readonly FunnelCount[]): Promise<void> {
  await addCounters(db, rows);
  const daily = rollUpDaily(rows);
  for (let i = 0; i < daily.length; i += ROWS_PER_STATEMENT) {
    const values = daily
      .slice(i, i + ROWS_PER_STATEMENT)
      .map((r) => ({ day: r.day, type: r.type, section_id: r.sectionId, count: r.count }));
    await db
      .insertInto('funnel_daily')
      .values(values)
      .onConflict((oc) =>
        oc
          .columns(['day', 'type', 'section_id'])
          .doUpdateSet({ count: sql<number>`${sql.ref('funnel_daily.count')} + ${sql.ref('excluded.count')}` }),
      )
      .execute();
  }
}

async function addCounters(db: Db, rows: readonly FunnelCount[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const values = rows.slice(i, i + ROWS_PER_STATEMENT).map((r) => ({
      day: r.day,
      type: r.type,
      period: r.period,
      section_id: r.sectionId,
      article_id: r.articleId,
      count: r.count,
    }));
    await db
      .insertInto('funnel_counts')
      .values(values)
      .onConflict((oc) =>
        oc
          .columns(['day', 'type', 'period', 'section_id', 'article_id'])
          .doUpdateSet({ count: sql<number>`${sql.ref('funnel_counts.count')} + ${sql.ref('excluded.count')}` }),
      )
      .execute();
  }
}

/** Adds an experiment's per-arm counts (summed per experiment, arm and type) to the stored ones. */
export async function addArmCounts(db: Db, rows: readonly ArmCount[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const values = rows
      .slice(i, i + ROWS_PER_STATEMENT)
      .map((r) => ({ experiment_id: r.experimentId, arm: r.arm, type: r.type, count: r.count }));
    await db
      .insertInto('experiment_counts')
      .values(values)
      .onConflict((oc) =>
        oc
          .columns(['experiment_id', 'arm', 'type'])
          .doUpdateSet({ count: sql<number>`${sql.ref('experiment_counts.count')} + ${sql.ref('excluded.count')}` }),
      )
      .execute();
  }
}

/** An experiment's counts per arm and event type, as stored. */
export async function countsByArm(db: Db, experimentId: string): Promise<ArmCount[]> {
  const rows = await db
    .selectFrom('experiment_counts')
    .select(['arm', 'type', 'count'])
    .where('experiment_id', '=', experimentId)
    .execute();
  return rows.map((r) => ({ experimentId, arm: r.arm, type: r.type, count: Number(r.count) }));
}

export interface CountRange {
  /** First and last local date, both included (yyyy-mm-dd). */
  from: string;
  to: string;
  /** Only events of this section. */
  sectionId?: string | undefined;
}

function inRange(db: Db, q: CountRange) {
  let query = db.selectFrom('funnel_counts').where('day', '>=', q.from).where('day', '<=', q.to);
  if (q.sectionId !== undefined) query = query.where('section_id', '=', q.sectionId);
  return query;
}

/** Counts per local day and event type. */
export async function countsByDay(db: Db, q: CountRange): Promise<{ day: string; type: string; n: number }[]> {
  const rows = await inRange(db, q)
    .select(['day', 'type', (eb) => eb.fn.sum<number | string>('count').as('n')])
    .groupBy(['day', 'type'])
    .execute();
  return rows.map((r) => ({ day: r.day, type: r.type, n: Number(r.n) }));
}

/** Counts per section ('' for events without one) and event type. */
export async function countsBySection(db: Db, q: CountRange): Promise<{ sectionId: string; type: string; n: number }[]> {
  const rows = await inRange(db, q)
    .select(['section_id', 'type', (eb) => eb.fn.sum<number | string>('count').as('n')])
    .groupBy(['section_id', 'type'])
    .execute();
  return rows.map((r) => ({ sectionId: r.section_id, type: r.type, n: Number(r.n) }));
}

/** The articles that met the paywall most often (then those counted most often), with their counts by type. */
export async function topArticles(db: Db, q: CountRange & { limit: number }): Promise<{ articleId: string; type: string; n: number }[]> {
  const sumOf = (type: string) => sql<number | string>`sum(case when ${sql.ref('type')} = ${type} then ${sql.ref('count')} else 0 end)`;
  const top = await inRange(db, q)
    .select('article_id')
    .where('article_id', '<>', '')
    .groupBy('article_id')
    .orderBy(sumOf('paywall_shown'), 'desc')
    .orderBy(sumOf('article_counted'), 'desc')
    .orderBy('article_id')
    .limit(q.limit)
    .execute();
  if (top.length === 0) return [];
  const rows = await inRange(db, q)
    .select(['article_id', 'type', (eb) => eb.fn.sum<number | string>('count').as('n')])
    .where(
      'article_id',
      'in',
      top.map((t) => t.article_id),
    )
    .groupBy(['article_id', 'type'])
    .execute();
  return rows.map((r) => ({ articleId: r.article_id, type: r.type, n: Number(r.n) }));
}

/**
 * Reads per article over a range of local dates: articles the meter counted, gift-link and magazine-code reads
 * (the funnel records nothing for readers who hold `web`, so these are the metered reads).
 */
export async function readsByArticle(db: Db, q: CountRange): Promise<Map<string, number>> {
  const rows = await inRange(db, q)
    .select(['article_id', (eb) => eb.fn.sum<number | string>('count').as('n')])
    .where('article_id', '<>', '')
    .where('type', 'in', ['article_counted', 'gift_read', 'print_read'])
    .groupBy('article_id')
    .execute();
  return new Map(rows.map((r) => [r.article_id, Number(r.n)]));
}
