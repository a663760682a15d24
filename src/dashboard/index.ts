/**
 * The business office's dashboard at /admin/dashboard (business and owner): subscribers by plan,
 * subscriptions started, cancelled and lapsed per day, monthly recurring revenue per currency,
 * trial-to-paid conversion, and the funnel per day, by section and by story, over 7, 30 or 90
 * days. `createDashboardService` reads the money's and the funnel's tables (read-only aggregates,
 * dashboard-repository.ts); `registerDashboardRoutes` draws the charts as SVG on the server.
 */

export { type DashboardRouteDeps, registerDashboardRoutes } from './dashboard-routes.js';
export { createDashboardService, type Dashboard, type DashboardDeps, type DashboardService } from './dashboard-service.js';
