/** The dashboard's CSV files, pure: every table has a file, its lines are RFC 4180, formula-like text is kept as text. */
import { describe, expect, it } from 'vitest';
import { CSV_TABLES, csvFileName, csvLines, parseCsvTable } from './dashboard-csv.js';
import type { Dashboard } from './dashboard-service.js';

const steps = { reads: 10, registrationWalls: 1, paywalls: 4, checkouts: 1, subscriptions: 1 };
const dashboard: Dashboard = {
  days: 7,
  from: '2026-12-02',
  to: '2026-12-08',
  timeZone: 'UTC',
  now: new Date('2026-12-08T12:00:00Z'),
  subscribers: { readers: 1, plans: [{ planId: 'p', planName: 'All Access, monthly', paying: 1, trial: 0, comp: 0, total: 1 }] },
  changes: [{ date: '2026-12-08', started: 1, cancelled: 0, lapsed: 0 }],
  revenue: [{ currency: 'usd', mrrCents: 850, listCents: 900, subscriptions: 1 }],
  trials: { ended: 0, converted: 0, rate: null },
  funnel: {
    days: [{ date: '2026-12-08', ...steps, paywallToSubscription: 0.25 }],
    totals: steps,
    rates: [{ step: 'paywalls', count: 4, of: 'reads', rate: 0.4 }],
    sections: [{ sectionId: 's', name: '+News', reads: 10, registrationWalls: 1, paywalls: 4, paywallRate: 0.4, registrationRate: 0.1 }],
    stories: [
      {
        articleId: 'a',
        headline: '=HYPERLINK("http://x.test","click")',
        slug: 'a',
        reads: 10,
        registrationWalls: 1,
        paywalls: 4,
        paywallRate: 0.4,
        registrationRate: 0.1,
      },
    ],
  },
  print: {
    days: [{ date: '2026-12-08', storyScans: 3, reads: 2, subscribeScans: 1, checkouts: 1 }],
    totals: { storyScans: 3, reads: 2, subscribeScans: 1, checkouts: 1 },
    scans: 4,
    conversion: 0.25,
  },
};

describe('the dashboard’s CSV', () => {
  it('knows its tables and nothing else', () => {
    expect(parseCsvTable('print')).toBe('print');
    expect(parseCsvTable('funnel-days')).toBe('funnel-days');
    for (const bad of ['readers', 'toString', '__proto__', '']) expect(parseCsvTable(bad)).toBeUndefined();
  });

  it('writes every table with a byte-order mark, CRLF lines, quoted commas, and formulas kept as text', () => {
    for (const table of Object.keys(CSV_TABLES)) {
      const t = parseCsvTable(table);
      if (!t) throw new Error(table);
      const lines = [...csvLines(t, dashboard)];
      expect(lines[0]?.startsWith('\uFEFF')).toBe(true);
      expect(lines.every((l) => l.endsWith('\r\n'))).toBe(true);
      expect(lines.length).toBeGreaterThan(1);
    }
    expect([...csvLines('stories', dashboard)][1]).toBe(`"'=HYPERLINK(""http://x.test"",""click"")",a,4,1,10,0.4\r\n`);
    expect([...csvLines('sections', dashboard)][1]).toBe(`'+News,10,1,4,0.1,0.4\r\n`);
    expect([...csvLines('plans', dashboard)][1]).toBe(`"All Access, monthly",1,0,0,1\r\n`);
    expect([...csvLines('revenue', dashboard)][1]).toBe('USD,1,9,8.5\r\n');
    expect([...csvLines('print', dashboard)][1]).toBe('2026-12-08,3,2,1,1\r\n');
    expect(csvFileName('print', dashboard)).toBe('dashboard-print-2026-12-02-to-2026-12-08.csv');
  });
});
