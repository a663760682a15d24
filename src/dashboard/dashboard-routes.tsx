/**
 * GET /admin/dashboard (business and owner): the period's numbers and their charts. `?days=` is
 * 7, 30 or 90 (30 when absent); anything else is a 400 with the form naming the problem.
 * GET /admin/dashboard/csv/:table?days=: one table's numbers as CSV, the same period (streamed;
 * an unknown table is a 404, a bad period a 400, both naming the problem).
 */
import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { adminRoute, BUSINESS, sendAdminPage, staffOf } from '../admin/index.js';
import { AppError } from '../http/app-error.js';
import type { Csrf } from '../http/csrf.js';
import { FUNNEL_STEPS, parsePeriod, STEP_LABELS } from './dashboard.js';
import { changesChart, funnelChart, funnelDaysChart, printChart, subscribersChart } from './dashboard-charts.js';
import { CSV_TABLES, csvFileName, csvLines, parseCsvTable } from './dashboard-csv.js';
import type { Dashboard, DashboardService } from './dashboard-service.js';
import { type DashboardCharts, DashboardPage, DashboardProblemPage } from './views/dashboard-page.js';

export interface DashboardRouteDeps {
  dashboard: DashboardService;
  csrf: Pick<Csrf, 'token'>;
}

const Query = Type.Object({ days: Type.Optional(Type.String({ maxLength: 200 })) });
const CsvParams = Type.Object({ table: Type.String({ maxLength: 40 }) });

const list = (xs: readonly string[]) => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/** The charts of a dashboard, each with a one-sentence description of what it shows. */
export async function drawCharts(d: Dashboard): Promise<DashboardCharts> {
  const plans = d.subscribers.plans;
  const totals = d.funnel.totals;
  const sum = (k: 'started' | 'cancelled' | 'lapsed') => d.changes.reduce((n, c) => n + c[k], 0);
  const pr = d.print.totals;
  const [subscribers, changes, funnel, funnelDays, print] = await Promise.all([
    // No plan with a subscriber: nothing to draw (the page says so).
    plans.length === 0
      ? ''
      : subscribersChart(plans, {
          id: 'svg-plans',
          title: 'Subscribers now, by plan',
          description: `Bar chart: ${list(plans.map((p) => `${p.planName} ${p.total.toLocaleString('en-GB')}`))}.`,
        }),
    changesChart(d.changes, {
      id: 'svg-changes',
      title: 'Subscriptions started, cancelled and lapsed per day',
      description: `Three rows of bars, one bar a day from ${d.from} to ${d.to}: ${sum('started')} started, ${sum('cancelled')} cancelled, ${sum('lapsed')} lapsed in all.`,
    }),
    funnelChart(totals, {
      id: 'svg-funnel',
      title: 'The funnel over the period',
      description: `Bar chart on a log scale: ${list(FUNNEL_STEPS.map((s) => `${STEP_LABELS[s]} ${totals[s].toLocaleString('en-GB')}`))}.`,
    }),
    funnelDaysChart(d.funnel.days, {
      id: 'svg-funnel-days',
      title: 'The funnel per day',
      description: `One line per step on a log scale, a symbol a day from ${d.from} to ${d.to}; the table below holds every number.`,
    }),
    printChart(d.print.days, {
      id: 'svg-print',
      title: 'The magazine’s codes scanned, and checkouts after a scan, per day',
      description: `Three rows of bars, one bar a day from ${d.from} to ${d.to}: ${pr.storyScans.toLocaleString('en-GB')} story codes scanned, ${pr.subscribeScans.toLocaleString('en-GB')} subscription codes scanned, ${pr.checkouts.toLocaleString('en-GB')} checkouts after a scan in all.`,
    }),
  ]);
  return { subscribers, changes, funnel, funnelDays, print };
}

export function registerDashboardRoutes(scope: FastifyInstance, deps: DashboardRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/admin/dashboard',
    { config: adminRoute(BUSINESS), attachValidation: true, schema: { querystring: Query } },
    async (request, reply) => {
      const csrf = await deps.csrf.token(request, reply);
      const staff = staffOf(request);
      const raw = request.validationError ? 'too long' : request.query.days;
      const period = parsePeriod(raw);
      if ('problem' in period) {
        const problems = [{ field: 'days', message: period.problem }];
        return sendAdminPage(reply, <DashboardProblemPage staff={staff} csrf={csrf} days="30" problems={problems} />, 400);
      }
      const dashboard = await deps.dashboard.load(period.days);
      const charts = await drawCharts(dashboard);
      return sendAdminPage(reply, <DashboardPage staff={staff} csrf={csrf} dashboard={dashboard} charts={charts} />);
    },
  );

  app.get(
    '/admin/dashboard/csv/:table',
    { config: adminRoute(BUSINESS), schema: { params: CsvParams, querystring: Query } },
    async (request, reply) => {
      const table = parseCsvTable(request.params.table);
      if (!table)
        throw new AppError('NOT_FOUND', 404, `The dashboard has no table "${request.params.table.slice(0, 40)}".`, [
          { field: 'table', message: `is not one of ${Object.keys(CSV_TABLES).join(', ')}` },
        ]);
      const period = parsePeriod(request.query.days);
      if ('problem' in period) throw new AppError('BAD_REQUEST', 400, period.problem, [{ field: 'days', message: period.problem }]);
      const dashboard = await deps.dashboard.load(period.days);
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${csvFileName(table, dashboard)}"`)
        .type('text/csv; charset=utf-8')
        .send(Readable.from(csvLines(table, dashboard), { objectMode: false }));
    },
  );
}
