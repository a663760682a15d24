/**
 * The numbers behind each of the dashboard's charts and tables as CSV: the same period and rows as
 * the page, one file per table. Pure: the rows come from a loaded `Dashboard`; cells go through
 * `csvLine` (src/http/csv.ts, as the reader office's exports do): RFC 4180, and an apostrophe
 * before a cell a spreadsheet would take for a formula (a headline starting with "=").
 */
import { csvLine } from '../http/csv.js';
import { FUNNEL_STEPS, PRINT_COLUMNS, PRINT_LABELS, STEP_LABELS } from './dashboard.js';
import type { Dashboard } from './dashboard-service.js';

/** The tables a CSV can be had of, in the page's order, with the words of their download links. */
export const CSV_TABLES = {
  plans: 'Subscribers now, by plan',
  changes: 'Started, cancelled and lapsed per day',
  revenue: 'Monthly recurring revenue',
  funnel: 'The funnel over the period',
  'funnel-days': 'The funnel per day',
  sections: 'The funnel by section',
  stories: 'The stories that met the paywall most',
  print: 'Print to web per day',
} as const;
export type CsvTable = keyof typeof CSV_TABLES;

export function parseCsvTable(raw: string): CsvTable | undefined {
  return Object.hasOwn(CSV_TABLES, raw) ? (raw as CsvTable) : undefined;
}

type Cell = string | number | null;

/** A ratio as a decimal (0.125), empty when there was nothing to divide by. */
const ratio = (r: number | null) => (r === null ? null : Number(r.toFixed(6)));

/** The header and rows of one table of the dashboard. */
export function csvRows(table: CsvTable, d: Dashboard): { head: string[]; rows: Cell[][] } {
  const f = d.funnel;
  switch (table) {
    case 'plans':
      return {
        head: ['plan', 'paying', 'trial', 'complimentary', 'total'],
        rows: d.subscribers.plans.map((p) => [p.planName, p.paying, p.trial, p.comp, p.total]),
      };
    case 'changes':
      return { head: ['date', 'started', 'cancelled', 'lapsed'], rows: d.changes.map((c) => [c.date, c.started, c.cancelled, c.lapsed]) };
    case 'revenue':
      return {
        head: ['currency', 'paying_subscriptions', 'mrr_full_price', 'mrr_with_offers'],
        rows: d.revenue.map((r) => [r.currency.toUpperCase(), r.subscriptions, r.listCents / 100, r.mrrCents / 100]),
      };
    case 'funnel':
      return {
        head: ['step', 'count', 'rate', 'rate_of'],
        rows: f.rates.map((r) => [STEP_LABELS[r.step], r.count, ratio(r.rate), r.of === null ? null : STEP_LABELS[r.of]]),
      };
    case 'funnel-days':
      return {
        head: ['date', ...FUNNEL_STEPS.map((s) => STEP_LABELS[s]), 'Paywall to subscription'],
        rows: f.days.map((day) => [day.date, ...FUNNEL_STEPS.map((s) => day[s]), ratio(day.paywallToSubscription)]),
      };
    case 'sections':
      return {
        head: ['section', 'counted_reads', 'registration_walls', 'paywalls_shown', 'walls_per_read', 'paywalls_per_read'],
        rows: f.sections.map((s) => [s.name, s.reads, s.registrationWalls, s.paywalls, ratio(s.registrationRate), ratio(s.paywallRate)]),
      };
    case 'stories':
      return {
        head: ['story', 'article_id', 'paywalls_shown', 'registration_walls', 'counted_reads', 'paywalls_per_read'],
        rows: f.stories.map((s) => [s.headline, s.articleId, s.paywalls, s.registrationWalls, s.reads, ratio(s.paywallRate)]),
      };
    case 'print':
      return {
        head: ['date', ...PRINT_COLUMNS.map((c) => PRINT_LABELS[c])],
        rows: d.print.days.map((day) => [day.date, ...PRINT_COLUMNS.map((c) => day[c])]),
      };
  }
}

/** The file's lines, one at a time (a UTF-8 byte-order mark first, so spreadsheets read the accents). */
export function* csvLines(table: CsvTable, d: Dashboard): Generator<string> {
  const { head, rows } = csvRows(table, d);
  yield `\uFEFF${csvLine(head)}`;
  for (const r of rows) yield csvLine(r);
}

/** The download's file name: the table, the period's first and last day. */
export const csvFileName = (table: CsvTable, d: Dashboard) => `dashboard-${table}-${d.from}-to-${d.to}.csv`;
