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
  type PrintToWeb,
  periodDates,
  planCountsOf,
  printToWeb,
  revenueRowsOf,
  type SectionFunnel,
  type StepCounts,
  type StoryFunnel,
  subscribersByPlan,
  topStories,
  trialConversion,
} from './dashboard.js';
import {
  allPlans,
  changeCounts,
  funnelByDay,
  funnelBySectionRows,
  liveRows,
  liveSubscriberCount,
  offeredRows,
  topStoryRows,
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
  print: PrintToWeb;
}

export interface DashboardService {
  load(days: PeriodDays): Promise<Dashboard>;
}

/**
 * Each load reads the database afresh: the funnel per day and section from its daily rollup
 * (days × types × sections rows, kept by the funnel in the same transaction as its counters, so
 * today and late events are always in), the stories from the counters' index, the changes counted
 * per day in SQL. No cache of earlier loads: nothing can go stale.
 */
export function createDashboardService(deps: DashboardDeps): DashboardService {
  return {
    async load(days) {
      const now = deps.clock();
      const tz = deps.timeZone;
      const dates = periodDates(localDateKey(now, tz), days);
      const from = dates[0] ?? localDateKey(now, tz);
      const to = dates[dates.length - 1] ?? from;
      // The instant each day of the period begins in the paper's zone, and the one after the last.
      const bounds = [...dates, nextDay(to)].map((day) => startOf(day, tz));
      const start = bounds[0] ?? now;
      const end = bounds[bounds.length - 1] ?? now;
      const [plans, live, readers, offered, counts, trials, byDay, bySection, storyRows, sections] = await Promise.all([
        allPlans(deps.db),
        liveRows(deps.db, now),
        liveSubscriberCount(deps.db, now),
        offeredRows(deps.db, now),
        changeCounts(deps.db, { bounds, now }),
        trialsEnded(deps.db, start, new Date(Math.min(end.getTime(), now.getTime()))),
        funnelByDay(deps.db, from, to),
        funnelBySectionRows(deps.db, from, to),
        topStoryRows(deps.db, { from, to, limit: TOP_STORIES }),
        deps.sections(),
      ]);
      const changes = changesPerDay(dates, counts);
      const started = new Map(changes.map((c) => [c.date, c.started]));
      const funnelDays = funnelPerDay(dates, byDay, started);
      const totals = funnelTotals(funnelDays);
      const ranked = topStories(storyRows, [], TOP_STORIES);
      const found = new Map((await deps.articleSummaries(ranked.map((s) => s.articleId))).map((a) => [a.id, a]));
      return {
        days,
        from,
        to,
        timeZone: tz,
        now,
        subscribers: { readers, plans: subscribersByPlan(planCountsOf(live, plans)) },
        changes,
        revenue: monthlyRevenue(revenueRowsOf(live, plans), offered, now),
        trials: trialConversion(trials),
        funnel: {
          days: funnelDays,
          totals,
          rates: funnelRates(totals),
          sections: funnelBySection(bySection, sections),
          stories: ranked.map((s) => ({
            ...s,
            headline: found.get(s.articleId)?.headline ?? null,
            slug: found.get(s.articleId)?.slug ?? null,
          })),
        },
        print: printToWeb(dates, byDay),
      };
    },
  };
}

const DAY_MS = 86_400_000;
const localDateKey = (at: Date, tz: string) => new Date(localDayNumber(at, tz) * DAY_MS).toISOString().slice(0, 10);
const startOf = (day: string, tz: string) => dayToMidnight(Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000), tz);
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
