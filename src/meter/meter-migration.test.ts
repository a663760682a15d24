/**
 * Migration 2026_12_07_0100 (the anonymous meter on the server) on both dialects: a stored meter
 * policy keeps its lead-in under the new name, and the migration goes down and up again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as anonymousMeter from '../../migrations/2026_12_07_0100_anonymous_meter.js';
import type { DbHandle } from '../db/database.js';
import { DIALECTS, openTestDatabase } from '../db/test-databases.js';
import { DEFAULT_METER_POLICY } from './meter-policy.js';
import { readMeterPolicy } from './meter-settings-repository.js';

describe.each(DIALECTS)('the anonymous meter migration on %s', (dialect) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDatabase(dialect);
  });
  afterAll(async () => {
    await h.close();
  });

  it('renames a stored policy’s leadInParagraphs to leadInBlocks, keeping the rest', async () => {
    const { leadInBlocks: _b, leadInChars: _c, leadInShare: _s, networkCountedReads: _n, ...before } = DEFAULT_METER_POLICY;
    const stored = { ...before, anonymousFree: 5, leadInParagraphs: 4 };
    await anonymousMeter.down(h.db);
    await h.db
      .insertInto('settings')
      .values({ key: 'meter_policy', value: JSON.stringify(stored), updated_at: new Date('2026-12-01T00:00:00Z') })
      .execute();
    // The old shape no longer parses: without the migration the paper would fall back to defaults.
    expect((await readMeterPolicy(h.db)).anonymousFree).toBe(DEFAULT_METER_POLICY.anonymousFree);
    await anonymousMeter.up(h.db);
    const policy = await readMeterPolicy(h.db);
    expect(policy).toEqual({ ...DEFAULT_METER_POLICY, anonymousFree: 5, leadInBlocks: 4 });
    expect(policy).not.toHaveProperty('leadInParagraphs');
    // The new tables are back and usable.
    const at = new Date('2026-12-06T10:00:00Z');
    await h.db
      .insertInto('meter_anonymous')
      .values({ meter_hash: 'h', period_key: '2026-12', period_ends_at: at, used: 0, created_at: at, updated_at: at })
      .execute();
    const row = await h.db.selectFrom('meter_anonymous').select('period_ends_at').executeTakeFirstOrThrow();
    expect(row.period_ends_at.toISOString()).toBe(at.toISOString());
  });
});
