/**
 * The anonymous meter's memory in one process: a re-read it remembers needs no query, and when
 * the memory has expired, the requests that arrive together share one read of the database.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteHandleOf } from '../db/connect.js';
import type { DbHandle } from '../db/database.js';
import { openTestDatabase } from '../db/test-databases.js';
import { createContentReader } from '../reading/content-reader.js';
import { must } from '../test-support/must.js';
import { createAnonymousMeter, LOCAL_TTL_MS } from './anonymous-meter.js';
import { METER_COOKIE } from './meter-cookie.js';
import { createMeterSettings } from './meter-settings.js';

/** Counts the runs of statements that read the anonymous meter's tables (statements are cached per SQL). */
function countMeterQueries(h: DbHandle): { count: number } {
  const raw = must(sqliteHandleOf(h.db)).raw;
  const counter = { count: 0 };
  const prepare = raw.prepare.bind(raw);
  raw.prepare = ((source: string) => {
    const statement = prepare(source);
    if (/from\s+"?meter_anonymous/i.test(source)) {
      for (const method of ['all', 'get', 'iterate'] as const) {
        const run = statement[method].bind(statement) as (...args: unknown[]) => unknown;
        (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
          counter.count++;
          return run(...args);
        };
      }
    }
    return statement;
  }) as typeof raw.prepare;
  return counter;
}

const KEYS = ['a-test-key-of-thirty-two-characters!!'];
const article = (n: number) => ({ id: `00000000-0000-7000-8000-00000000000${n}`, access: 'metered' as const });
const viewer = { kind: 'anonymous' as const, entitled: false, gift: false };

describe('the anonymous meter in one process', () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDatabase('sqlite');
  });
  afterAll(async () => {
    await h.close();
  });

  it('reads an expired meter once for all the requests that need it at the same time', async () => {
    const queries = countMeterQueries(h);
    const db = h.db;
    const settings = createMeterSettings({ db, log: pino({ level: 'silent' }), changed: () => {} });
    const reader = createContentReader({ policy: () => settings.policy() });
    const meter = createAnonymousMeter({ db, timeZone: 'UTC', keys: KEYS, secure: false, settings, reader });
    const t0 = new Date('2026-12-07T10:00:00Z');
    const first = await meter.read({ clientIp: '198.51.100.7', meterCookie: undefined }, article(1), viewer, t0);
    const cookie = new RegExp(`${METER_COOKIE}=([^;]+)`).exec(first.setCookie ?? '')?.[1];
    expect(cookie).toBeDefined();
    const request = { clientIp: '198.51.100.7', meterCookie: cookie };

    // Remembered: a re-read is answered at once, without a query.
    queries.count = 0;
    const again = meter.read(request, article(1), viewer, new Date(t0.getTime() + 1000));
    expect(again).not.toBeInstanceOf(Promise);
    expect(queries.count).toBe(0);

    // Expired: fifty re-reads at once make one query between them, and all are re-reads.
    const later = new Date(t0.getTime() + LOCAL_TTL_MS + 1000);
    queries.count = 0;
    const reads = await Promise.all(Array.from({ length: 50 }, () => meter.read(request, article(1), viewer, later)));
    expect(queries.count).toBe(1);
    for (const r of reads) expect(r.access).toMatchObject({ allow: true, count: { used: 1 } });

    // And the memory is back: the next re-read needs no query either.
    queries.count = 0;
    expect(meter.read(request, article(1), viewer, new Date(later.getTime() + 1000))).not.toBeInstanceOf(Promise);
    expect(queries.count).toBe(0);

    // A new article among them is still counted exactly once, by the database.
    const later2 = new Date(later.getTime() + LOCAL_TTL_MS + 1000);
    const mixed = await Promise.all(
      Array.from({ length: 20 }, (_, i) => meter.read(request, article(i % 2 === 0 ? 1 : 2), viewer, later2)),
    );
    mixed.forEach((r, i) => {
      if (i % 2 === 0) expect(r.access).toMatchObject({ allow: true, reason: 'reread' });
      else expect(r.access).toMatchObject({ allow: true, count: { used: 2 } });
    });
    // Counted once: the next new article is the third.
    const third = await meter.read(request, article(3), viewer, new Date(later2.getTime() + 1000));
    expect(third.access).toMatchObject({ allow: true, count: { used: 3 } });
  });
});
