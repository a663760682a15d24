/**
 * /admin/dashboard: the business office's numbers for a period — subscribers, subscription
 * changes, revenue, trials, the funnel by day, section and story. Each chart is an SVG drawn on the
 * server (role="img", title, description) with a table of its numbers under it. A GET form picks
 * the period; nothing needs JavaScript.
 */
import type { StaffMember } from '../../accounts/index.js';
import { AdminLayout, SelectField } from '../../admin/index.js';
import type { FieldProblem } from '../../http/app-error.js';
import { FUNNEL_STEPS, PERIOD_DAYS, PRINT_COLUMNS, PRINT_LABELS, STEP_LABELS } from '../dashboard.js';
import { CSV_TABLES, type CsvTable } from '../dashboard-csv.js';
import type { Dashboard } from '../dashboard-service.js';

export interface DashboardCharts {
  subscribers: string;
  changes: string;
  funnel: string;
  funnelDays: string;
  print: string;
}

const count = (n: number) => n.toLocaleString('en-GB');
const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(r < 0.01 && r > 0 ? 2 : 1)} %`);
const money = (cents: number, currency: string) => {
  try {
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency.toUpperCase()}`;
  }
};
const shortDate = (d: string) =>
  new Date(`${d}T00:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

/** The period form: GET, so the address names the period and can be shared. */
function PeriodForm({ days, problems }: { days: string; problems: readonly FieldProblem[] }) {
  return (
    <form method="get" action="/admin/dashboard" class="filters" aria-label="Choose the period">
      <SelectField
        name="days"
        label="Period"
        value={days}
        problems={problems}
        options={PERIOD_DAYS.map((d) => ({ value: String(d), label: `The last ${d} days` }))}
      />
      <p class="actions">
        <button type="submit" class="button">
          Show
        </button>
      </p>
    </form>
  );
}

/** A chart with its heading, the SVG, and the table of its numbers. */
function Chart(p: { id: string; heading: string; svg: string; children: preact.ComponentChildren }) {
  return (
    <section class="dash-card" aria-labelledby={`${p.id}-h`}>
      <h2 id={`${p.id}-h`}>{p.heading}</h2>
      {/* The SVG is our own server-side drawing of the numbers in the table below (dashboard-charts.ts). */}
      {p.svg === '' ? null : <div class="dash-chart" dangerouslySetInnerHTML={{ __html: p.svg }} />}
      {p.children}
    </section>
  );
}

/** The link to one table's numbers as CSV, for the page's period (the table's name read out after the visible words). */
function CsvLink({ table, days }: { table: CsvTable; days: number }) {
  return (
    <p class="dash-csv">
      <a href={`/admin/dashboard/csv/${table}?days=${days}`} download>
        Download CSV<span class="visually-hidden">: {CSV_TABLES[table]}</span>
      </a>
    </p>
  );
}

/** A table of one row a day, folded away under its chart until asked for (no script: the browser's own disclosure). */
function PerDay({ children }: { children: preact.ComponentChildren }) {
  return (
    <details class="dash-per-day">
      <summary>The numbers for each day</summary>
      {children}
    </details>
  );
}

/** A table scrolls sideways on a phone: its box takes the keyboard's focus so it can be scrolled without a mouse. */
function Table(p: { caption: string; head: readonly string[]; rows: readonly (readonly (string | number)[])[] }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1; axe scrollable-region-focusable)
    <div class="table-wrap" role="region" aria-label={p.caption} tabIndex={0}>
      <table class="admin-table dash-table">
        <caption>{p.caption}</caption>
        <thead>
          <tr>
            {p.head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) =>
                j === 0 ? (
                  <th key={j} scope="row">
                    {c}
                  </th>
                ) : (
                  <td key={j} class="num">
                    {typeof c === 'number' ? count(c) : c}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DashboardProblemPage(p: { staff: StaffMember; csrf: string; days: string; problems: readonly FieldProblem[] }) {
  return (
    <AdminLayout title="Dashboard" staff={p.staff} csrf={p.csrf} nav="dashboard">
      <h1>Dashboard</h1>
      <PeriodForm days={p.days} problems={p.problems} />
    </AdminLayout>
  );
}

export function DashboardPage(p: { staff: StaffMember; csrf: string; dashboard: Dashboard; charts: DashboardCharts }) {
  const d = p.dashboard;
  const f = d.funnel;
  const plans = d.subscribers.plans;
  return (
    <AdminLayout title="Dashboard" staff={p.staff} csrf={p.csrf} nav="dashboard">
      <h1>Dashboard</h1>
      <p class="lede">
        The last {d.days} days, {shortDate(d.from)} to {shortDate(d.to)} ({d.timeZone}). Subscribers and revenue are as they stand now.
      </p>
      <PeriodForm days={String(d.days)} problems={[]} />

      <section class="dash-figures" aria-labelledby="figures-h">
        <h2 id="figures-h" class="visually-hidden">
          Key figures
        </h2>
        <dl class="dash-stats">
          <div>
            <dt>Subscribers now</dt>
            <dd>{count(d.subscribers.readers)}</dd>
          </div>
          {d.revenue.length === 0 ? (
            <div>
              <dt>Monthly recurring revenue</dt>
              <dd>None yet</dd>
            </div>
          ) : (
            d.revenue.map((r) => (
              <div key={r.currency}>
                <dt>Monthly recurring revenue, {r.currency.toUpperCase()}</dt>
                <dd>{money(r.mrrCents, r.currency)}</dd>
              </div>
            ))
          )}
          <div>
            <dt>Trials converted to paid</dt>
            <dd>
              {percent(d.trials.rate)}{' '}
              <span class="dash-of">
                ({count(d.trials.converted)} of {count(d.trials.ended)} ended)
              </span>
            </dd>
          </div>
          <div>
            <dt>Paywall to subscription</dt>
            <dd>{percent(f.totals.paywalls > 0 ? f.totals.subscriptions / f.totals.paywalls : null)}</dd>
          </div>
        </dl>
      </section>

      <div class="dash-grid">
        <Chart id="chart-plans" heading="Subscribers now, by plan" svg={p.charts.subscribers}>
          {plans.length === 0 ? (
            <p>No subscribers yet.</p>
          ) : (
            <Table
              caption="Subscribers now, by plan"
              head={['Plan', 'Paying', 'In a trial', 'Complimentary', 'All']}
              rows={plans.map((pl) => [pl.planName, pl.paying, pl.trial, pl.comp, pl.total])}
            />
          )}
          {plans.length === 0 ? null : <CsvLink table="plans" days={d.days} />}
        </Chart>

        <Chart id="chart-changes" heading="Started, cancelled and lapsed per day" svg={p.charts.changes}>
          <PerDay>
            <Table
              caption="Subscriptions started, cancelled and lapsed per day"
              head={['Date', 'Started', 'Cancelled', 'Lapsed']}
              rows={d.changes.map((c) => [shortDate(c.date), c.started, c.cancelled, c.lapsed])}
            />
          </PerDay>
          <CsvLink table="changes" days={d.days} />
        </Chart>

        <section class="dash-card" aria-labelledby="revenue-h">
          <h2 id="revenue-h">Monthly recurring revenue</h2>
          {d.revenue.length === 0 ? (
            <p>No paying subscribers yet.</p>
          ) : (
            <Table
              caption="Monthly recurring revenue per currency"
              head={['Currency', 'Paying subscriptions', 'At full price', 'With offers']}
              rows={d.revenue.map((r) => [
                r.currency.toUpperCase(),
                r.subscriptions,
                money(r.listCents, r.currency),
                money(r.mrrCents, r.currency),
              ])}
            />
          )}
          {d.revenue.length === 0 ? null : <CsvLink table="revenue" days={d.days} />}
          <p class="hint">
            Each paying subscription's agreed price a month (a yearly price over 12), less what a running offer takes off. Trials and
            complimentary subscriptions pay nothing; a cancelled subscription counts until its paid period ends, unless its payment was
            refunded (it will not renew).
          </p>
          <h3>Trials</h3>
          <p>
            {d.trials.ended === 0
              ? 'No trial ended in these days.'
              : `Of the ${count(d.trials.ended)} ${d.trials.ended === 1 ? 'trial' : 'trials'} that ended in these days, ${count(d.trials.converted)} went on to pay (${percent(d.trials.rate)}).`}
          </p>
        </section>

        <Chart id="chart-funnel" heading="The funnel over the period" svg={p.charts.funnel}>
          <Table
            caption="The funnel over the period, each step as a share of the step it follows"
            head={['Step', 'Count', 'Rate']}
            rows={f.rates.map((r) => [
              STEP_LABELS[r.step],
              r.count,
              r.of === null ? '—' : `${percent(r.rate)} of ${STEP_LABELS[r.of].toLowerCase()}`,
            ])}
          />
          <CsvLink table="funnel" days={d.days} />
        </Chart>
      </div>

      <Chart id="chart-funnel-days" heading="The funnel per day" svg={p.charts.funnelDays}>
        <ul class="dash-legend" aria-label="Symbols in the chart">
          {FUNNEL_STEPS.map((s, i) => (
            <li key={s}>
              <span aria-hidden="true">{['○', '□', '△', '◇', '✚'][i]}</span> {STEP_LABELS[s]}
            </li>
          ))}
        </ul>
        <PerDay>
          <Table
            caption="The funnel per day"
            head={['Date', ...FUNNEL_STEPS.map((s) => STEP_LABELS[s]), 'Paywall to subscription']}
            rows={f.days.map((day) => [shortDate(day.date), ...FUNNEL_STEPS.map((s) => day[s]), percent(day.paywallToSubscription)])}
          />
        </PerDay>
        <CsvLink table="funnel-days" days={d.days} />
      </Chart>

      <section class="dash-card" aria-labelledby="sections-h">
        <h2 id="sections-h">By section</h2>
        <p class="hint">
          The meter records counted reads and walls with their story and section. Checkouts and subscriptions are not yet traced to a story,
          so they appear only in the totals above.
        </p>
        {f.sections.length === 0 ? (
          <p>Nothing recorded in these days.</p>
        ) : (
          <Table
            caption="The funnel by section"
            head={['Section', 'Counted reads', 'Registration walls', 'Paywalls shown', 'Walls per read', 'Paywalls per read']}
            rows={f.sections.map((s) => [
              s.name,
              s.reads,
              s.registrationWalls,
              s.paywalls,
              percent(s.registrationRate),
              percent(s.paywallRate),
            ])}
          />
        )}
        {f.sections.length === 0 ? null : <CsvLink table="sections" days={d.days} />}
      </section>

      <section class="dash-card" aria-labelledby="stories-h">
        <h2 id="stories-h">Stories that brought most readers to the paywall</h2>
        {f.stories.length === 0 ? (
          <p>Nothing recorded in these days.</p>
        ) : (
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
          <div class="table-wrap" role="region" aria-label="The stories that met the paywall most" tabIndex={0}>
            <table class="admin-table dash-table">
              <caption>The stories that met the paywall most, with their funnel</caption>
              <thead>
                <tr>
                  <th scope="col">Story</th>
                  <th scope="col">Paywalls shown</th>
                  <th scope="col">Registration walls</th>
                  <th scope="col">Counted reads</th>
                  <th scope="col">Paywalls per read</th>
                </tr>
              </thead>
              <tbody>
                {f.stories.map((s) => (
                  <tr key={s.articleId}>
                    <th scope="row">{s.headline ?? `A story no longer published (${s.articleId})`}</th>
                    <td class="num">{count(s.paywalls)}</td>
                    <td class="num">{count(s.registrationWalls)}</td>
                    <td class="num">{count(s.reads)}</td>
                    <td class="num">{percent(s.paywallRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {f.stories.length === 0 ? null : <CsvLink table="stories" days={d.days} />}
      </section>

      <Chart id="chart-print" heading="Print to web" svg={p.charts.print}>
        <p class="hint">
          The weekly magazine's codes: a story's code opens the story on the web, the back page's code the subscription page. A checkout
          counts here when the browser had scanned one of the magazine's codes; the payment that may follow is not traced to print.
        </p>
        <dl class="dash-stats">
          <div>
            <dt>Codes scanned</dt>
            <dd>{count(d.print.scans)}</dd>
          </div>
          <div>
            <dt>Stories read from print</dt>
            <dd>{count(d.print.totals.reads)}</dd>
          </div>
          <div>
            <dt>Checkouts after a scan</dt>
            <dd>
              {count(d.print.totals.checkouts)} <span class="dash-of">({percent(d.print.conversion)} of scans)</span>
            </dd>
          </div>
        </dl>
        <PerDay>
          <Table
            caption="Print to web per day"
            head={['Date', ...PRINT_COLUMNS.map((c) => PRINT_LABELS[c])]}
            rows={d.print.days.map((day) => [shortDate(day.date), ...PRINT_COLUMNS.map((c) => day[c])])}
          />
        </PerDay>
        <CsvLink table="print" days={d.days} />
      </Chart>
    </AdminLayout>
  );
}
