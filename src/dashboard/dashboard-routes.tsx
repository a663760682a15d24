/**
 * GET /admin/dashboard (business and owner): the period's numbers and their charts. `?days=` is
 * 7, 30 or 90 (30 when absent); anything else is a 400 with the form naming the problem.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { adminRoute, BUSINESS, sendAdminPage, staffOf } from '../admin/index.js';
import type { Csrf } from '../http/csrf.js';
import { FUNNEL_STEPS, parsePeriod, STEP_LABELS } from './dashboard.js';
import { changesChart, funnelChart, funnelDaysChart, subscribersChart } from './dashboard-charts.js';
import type { Dashboard, DashboardService } from './dashboard-service.js';
import { type DashboardCharts, DashboardPage, DashboardProblemPage } from './views/dashboard-page.js';

export interface DashboardRouteDeps {
  dashboard: DashboardService;
  csrf: Pick<Csrf, 'token'>;
}

const Query = Type.Object({ days: Type.Optional(Type.String({ maxLength: 200 })) });

const list = (xs: readonly string[]) => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/** The four charts of a dashboard, each with a one-sentence description of what it shows. */
export async function drawCharts(d: Dashboard): Promise<DashboardCharts> {
  const plans = d.subscribers.plans;
  const totals = d.funnel.totals;
  const sum = (k: 'started' | 'cancelled' | 'lapsed') => d.changes.reduce((n, c) => n + c[k], 0);
  const [subscribers, changes, funnel, funnelDays] = await Promise.all([
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
  ]);
  return { subscribers, changes, funnel, funnelDays };
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
}
