/**
 * The dashboard's use-case: one period's numbers, asked of the repository in parallel and turned
 * into series by the pure functions of dashboard.ts. Sections and story headlines come through
 * ports the composition root fills.
 */
import type { Db } from '../db/database.js';
import { dayToMidnight, localDayNumber } from '../time/local-time.js';
import {
  type ChangeDay,
  type CurrencyRevenue,
  changesPerDay,
  type FunnelDay,
  funnelBySection,
  funnelPerDay,
  funnelRates,
  funnelTotals,
  monthlyRevenue,
  type PeriodDays,
  type PlanSubscribers,
  periodDates,
  type SectionFunnel,
  type StepCounts,
  type StoryFunnel,
  subscribersByPlan,
  topStories,
  trialConversion,
} from './dashboard.js';
import {
  changeInstants,
  funnelByDay,
  funnelByStory,
  livePlanCounts,
  liveSubscriberCount,
  offeredRows,
  revenueRows,
  trialsEnded,
} from './dashboard-repository.js';

/** How many stories the dashboard ranks. */
export const TOP_STORIES = 10;

export interface DashboardDeps {
  db: Db;
  clock: () => Date;
  /** The paper's time zone: days are its calendar days. */
  timeZone: string;
  /** Every section, for names and the paper's order. */
  sections(): Promise<readonly { id: string; name: string; position: number }[]>;
  /** Stories by id, for headlines and addresses. */
  articleSummaries(ids: readonly string[]): Promise<readonly { id: string; slug: string; headline: string }[]>;
}

export interface Dashboard {
  days: PeriodDays;
  from: string;
  to: string;
  timeZone: string;
  now: Date;
  subscribers: { readers: number; plans: PlanSubscribers[] };
  changes: ChangeDay[];
  revenue: CurrencyRevenue[];
  trials: { ended: number; converted: number; rate: number | null };
  funnel: {
    days: FunnelDay[];
    totals: StepCounts;
    rates: ReturnType<typeof funnelRates>;
    sections: SectionFunnel[];
    stories: StoryFunnel[];
  };
}

export interface DashboardService {
  load(days: PeriodDays): Promise<Dashboard>;
}

type FunnelRows = { byDay: Awaited<ReturnType<typeof funnelByDay>>; byStory: Awaited<ReturnType<typeof funnelByStory>> };

export function createDashboardService(deps: DashboardDeps): DashboardService {
  /**
   * The funnel's sums over the period's finished days, per period, kept until the paper's date
   * changes: a finished day's counters no longer change (the funnel writes within about a second),
   * and summing 90 days of them is the page's one slow query (~0.4 s at a year of counters on
   * SQLite, bench/dashboard.ts). Today is summed afresh on every load. At most three entries.
   */
  const finished = new Map<string, Promise<FunnelRows>>();
  const funnelRows = async (from: string, today: string): Promise<FunnelRows> => {
    const yesterday = dayBefore(today);
    const key = `${from}|${yesterday}`;
    for (const k of finished.keys()) if (!k.endsWith(`|${yesterday}`)) finished.delete(k);
    let past = finished.get(key);
    if (!past) {
      past = from > yesterday ? Promise.resolve({ byDay: [], byStory: [] }) : sumFunnel(deps.db, from, yesterday);
      finished.set(key, past);
      past.catch(() => finished.delete(key));
    }
    const [old, now] = await Promise.all([past, sumFunnel(deps.db, today, today)]);
    return { byDay: [...old.byDay, ...now.byDay], byStory: [...old.byStory, ...now.byStory] };
  };
  return {
    async load(days) {
      const now = deps.clock();
      const tz = deps.timeZone;
      const dates = periodDates(localDateKey(now, tz), days);
      const from = dates[0] ?? localDateKey(now, tz);
      const to = dates[dates.length - 1] ?? from;
      const start = startOf(from, tz);
      const end = startOf(nextDay(to), tz);
      const dayOf = (at: Date) => localDateKey(at, tz);
      const [planRows, readers, revenue, offered, instants, trials, { byDay, byStory }, sections] = await Promise.all([
        livePlanCounts(deps.db, now),
        liveSubscriberCount(deps.db, now),
        revenueRows(deps.db, now),
        offeredRows(deps.db, now),
        changeInstants(deps.db, { from: start, to: end, now }),
        trialsEnded(deps.db, start, new Date(Math.min(end.getTime(), now.getTime()))),
        funnelRows(from, to),
        deps.sections(),
      ]);
      const changes = changesPerDay(dates, instants, dayOf);
      const started = new Map(changes.map((c) => [c.date, c.started]));
      const funnelDays = funnelPerDay(dates, byDay, started);
      const totals = funnelTotals(funnelDays);
      const ranked = topStories(
        byStory.filter((r) => r.articleId !== ''),
        [],
        TOP_STORIES,
      );
      const found = new Map((await deps.articleSummaries(ranked.map((s) => s.articleId))).map((a) => [a.id, a]));
      return {
        days,
        from,
        to,
        timeZone: tz,
        now,
        subscribers: { readers, plans: subscribersByPlan(planRows) },
        changes,
        revenue: monthlyRevenue(revenue, offered, now),
        trials: trialConversion(trials),
        funnel: {
          days: funnelDays,
          totals,
          rates: funnelRates(totals),
          sections: funnelBySection(byStory, sections),
          stories: ranked.map((s) => ({
            ...s,
            headline: found.get(s.articleId)?.headline ?? null,
            slug: found.get(s.articleId)?.slug ?? null,
          })),
        },
      };
    },
  };
}

const DAY_MS = 86_400_000;
const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);

async function sumFunnel(db: Db, from: string, to: string): Promise<FunnelRows> {
  const [byDay, byStory] = await Promise.all([funnelByDay(db, from, to), funnelByStory(db, from, to)]);
  return { byDay, byStory };
}
const localDateKey = (at: Date, tz: string) => new Date(localDayNumber(at, tz) * DAY_MS).toISOString().slice(0, 10);
const startOf = (day: string, tz: string) => dayToMidnight(Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000), tz);
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
