/**
 * The funnel report: counts of every meter decision per local day, the subscriptions and
 * registrations of those days (asked of their own features: nothing here reads their rows), and
 * the conversions between them. Sections and articles are asked of the content features through
 * the ports in `FunnelReportDeps`, which the composition root (src/services.ts) fills.
 */
import { countReadersRegisteredByDay } from '../accounts/index.js';
import type { Db } from '../db/database.js';
import { AppError, invalid } from '../http/app-error.js';
import { countSubscriptionsStartedByDay } from '../subscriptions/index.js';
import { addDays, datesBetween, FUNNEL_EVENTS, type FunnelEventType, localDayFn, rangeProblems, rate, startOfLocalDay } from './funnel.js';
import { createFunnelRecorder, type FunnelRecorder, type FunnelRecorderDeps } from './funnel-recorder.js';
import { countsByDay, countsBySection, topArticles } from './funnel-repository.js';
import type { FunnelQuery, FunnelReportJson } from './funnel-schemas.js';

const TOP_ARTICLES = 10;

export interface FunnelReportDeps {
  db: Db;
  /** The paper's time zone: dates are its calendar days. */
  timeZone: string;
  /** A section by its slug (the sections feature). */
  sectionBySlug(slug: string): Promise<{ id: string } | undefined>;
  /** Every section, for their names and the paper's order (the sections feature). */
  sections(): Promise<readonly { id: string; slug: string; name: string; position: number }[]>;
  /** Published articles by id, for the top articles' slugs and headlines (the articles feature). */
  articleSummaries(ids: readonly string[]): Promise<readonly { id: string; slug: string; headline: string }[]>;
}

export interface FunnelReports {
  /** The report for a range of the paper's dates (400 for a bad range, 404 for an unknown section). */
  report(q: FunnelQuery): Promise<FunnelReportJson>;
}

export function createFunnelReports(deps: FunnelReportDeps): FunnelReports {
  return { report: (q) => funnelReport(deps, q) };
}

/** The funnel as the app holds it: the recorder the meter writes to, and the report the Admin API reads. */
export type FunnelService = FunnelRecorder & FunnelReports;
export type FunnelServiceDeps = FunnelRecorderDeps & FunnelReportDeps;

export function createFunnelService(deps: FunnelServiceDeps): FunnelService {
  return { ...createFunnelRecorder(deps), ...createFunnelReports(deps) };
}

/** An unknown filter is refused by name, as on every Admin API query. */
function unknownSection(slug: string): AppError {
  return new AppError('NOT_FOUND', 404, `No section "${slug}".`, [{ field: 'querystring.section', message: `no section "${slug}"` }]);
}

type EventCounts = Record<FunnelEventType, number>;

function zeroCounts(): EventCounts {
  return {
    article_counted: 0,
    last_free_shown: 0,
    registration_wall_shown: 0,
    paywall_shown: 0,
    gift_read: 0,
    crawler_served: 0,
    checkout_started: 0,
    print_scan: 0,
    print_read: 0,
    print_subscribe_scan: 0,
    print_checkout_started: 0,
  };
}

function isEventType(t: string): t is FunnelEventType {
  return (FUNNEL_EVENTS as readonly string[]).includes(t);
}

/** Sums rows of (key, type, n) into event counts per key, in first-seen order. */
function countsPer<R extends { type: string; n: number }, K>(rows: readonly R[], keyOf: (row: R) => K): Map<K, EventCounts> {
  const out = new Map<K, EventCounts>();
  for (const r of rows) {
    if (!isEventType(r.type)) continue;
    const key = keyOf(r);
    let c = out.get(key);
    if (!c) {
      c = zeroCounts();
      out.set(key, c);
    }
    c[r.type] += r.n;
  }
  return out;
}

async function funnelReport(deps: FunnelReportDeps, q: FunnelQuery): Promise<FunnelReportJson> {
  const { db, timeZone } = deps;
  const problems = rangeProblems(q.from, q.to);
  if (problems.length > 0) throw invalid(problems);
  let sectionId: string | undefined;
  if (q.section !== undefined) {
    const section = await deps.sectionBySlug(q.section);
    if (!section) throw unknownSection(q.section);
    sectionId = section.id;
  }
  const range = { from: q.from, to: q.to, sectionId };
  const window = { from: startOfLocalDay(q.from, timeZone), to: startOfLocalDay(addDays(q.to, 1), timeZone), dayOf: localDayFn(timeZone) };

  const [byDayRows, bySectionRows, topRows, subscriptions, registrations, sections] = await Promise.all([
    countsByDay(db, range),
    countsBySection(db, range),
    topArticles(db, { ...range, limit: TOP_ARTICLES }),
    countSubscriptionsStartedByDay(db, window),
    countReadersRegisteredByDay(db, window),
    deps.sections(),
  ]);

  const byDay = countsPer(byDayRows, (r) => r.day);
  const totals = { ...zeroCounts(), subscriptions_started: 0, readers_registered: 0 };
  const days = datesBetween(q.from, q.to).map((date) => {
    const day = {
      date,
      ...(byDay.get(date) ?? zeroCounts()),
      subscriptions_started: subscriptions.get(date) ?? 0,
      readers_registered: registrations.get(date) ?? 0,
    };
    for (const t of FUNNEL_EVENTS) totals[t] += day[t];
    totals.subscriptions_started += day.subscriptions_started;
    totals.readers_registered += day.readers_registered;
    return day;
  });

  const sectionById = new Map(sections.map((s) => [s.id, s]));
  const perSection = [...countsPer(bySectionRows, (r) => r.sectionId)].map(([id, counts]) => {
    const s = sectionById.get(id);
    return { id: id === '' ? null : id, slug: s?.slug ?? null, name: s?.name ?? null, ...counts };
  });
  // Sections in the paper's order; events without a section last.
  const position = (id: string | null) =>
    id === null ? Number.MAX_SAFE_INTEGER : (sectionById.get(id)?.position ?? Number.MAX_SAFE_INTEGER - 1);
  perSection.sort((a, b) => position(a.id) - position(b.id));

  const perArticle = [...countsPer(topRows, (r) => r.articleId)];
  // The same order as the query that picked them.
  perArticle.sort(([a, x], [b, y]) => y.paywall_shown - x.paywall_shown || y.article_counted - x.article_counted || (a < b ? -1 : 1));
  const found = await deps.articleSummaries(perArticle.map(([id]) => id));
  const summaries = new Map(found.map((a) => [a.id, a]));
  const top = perArticle.map(([id, counts]) => ({
    id,
    slug: summaries.get(id)?.slug ?? null,
    headline: summaries.get(id)?.headline ?? null,
    ...counts,
  }));

  const siteWide = sectionId === undefined;
  return {
    from: q.from,
    to: q.to,
    time_zone: timeZone,
    section: q.section ?? null,
    days,
    totals,
    conversion: {
      paywall_to_subscription: siteWide ? rate(totals.subscriptions_started, totals.paywall_shown) : null,
      registration_wall_to_registration: siteWide ? rate(totals.readers_registered, totals.registration_wall_shown) : null,
    },
    sections: perSection,
    top_articles: top,
  };
}
