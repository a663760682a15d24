/**
 * The experiments' SQL on both dialects: a running experiment stored and read back (arm B's
 * change through its schema), at most one running (the partial unique index, even without the
 * service's check), stopping and rolling out once, and the per-arm counters the funnel adds to.
 */
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { DIALECTS, openTestDatabase } from '../db/test-databases.js';
import { addArmCounts, countsByArm } from '../funnel/funnel-repository.js';
import { DEFAULT_PAYWALL_COPY } from '../meter/index.js';
import type { Variant } from './experiment.js';
import {
  findExperiment,
  findRunningExperiment,
  insertExperiment,
  listExperiments,
  markRolledOut,
  stopExperiment,
} from './experiment-repository.js';

const AT = new Date('2026-12-07T10:00:00Z');
const allowance: Variant = { kind: 'allowance', allowance: { anonymousFree: 5, registeredExtra: 2 } };
const copy: Variant = { kind: 'copy', copy: { copy: { ...DEFAULT_PAYWALL_COPY, heading: 'Arm B' }, tagline: 'Another tagline' } };

describe.each(DIALECTS)('the experiment repository on %s', (dialect) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDatabase(dialect);
  });
  afterAll(async () => {
    await h.close();
  });

  it('stores a running experiment and reads it back, then stops it once', async () => {
    const id = uuidv7();
    await insertExperiment(h.db, { id, name: 'Five free', variant: allowance, shareB: 30, startedAt: AT, startedBy: 'Ruth' });
    const e = await findExperiment(h.db, id);
    expect(e).toMatchObject({ id, name: 'Five free', variant: allowance, shareB: 30, status: 'running', winner: null, startedBy: 'Ruth' });
    expect(e?.startedAt.toISOString()).toBe(AT.toISOString());
    expect((await findRunningExperiment(h.db))?.id).toBe(id);

    const later = new Date(AT.getTime() + 60_000);
    expect(await stopExperiment(h.db, { id, by: 'Ruth', at: later })).toBe(true);
    expect(await stopExperiment(h.db, { id, by: 'Ruth', at: later })).toBe(false);
    expect(await findRunningExperiment(h.db)).toBeUndefined();
    expect(await findExperiment(h.db, id)).toMatchObject({ status: 'stopped', stoppedBy: 'Ruth' });
  });

  it('refuses a second running experiment in the database itself', async () => {
    const first = uuidv7();
    await insertExperiment(h.db, { id: first, name: 'Words', variant: copy, shareB: 50, startedAt: AT, startedBy: 'Ruth' });
    let err: unknown;
    try {
      await insertExperiment(h.db, { id: uuidv7(), name: 'Another', variant: allowance, shareB: 50, startedAt: AT, startedBy: 'Ruth' });
    } catch (e) {
      err = e;
    }
    expect(isUniqueViolation(err)).toBe(true);
    expect((await findRunningExperiment(h.db))?.variant).toEqual(copy);

    // Rolling out stops it and records the winner once.
    expect(await markRolledOut(h.db, { id: first, winner: 'B', by: 'Ruth', at: AT })).toBe(true);
    expect(await markRolledOut(h.db, { id: first, winner: 'A', by: 'Ruth', at: AT })).toBe(false);
    expect(await findExperiment(h.db, first)).toMatchObject({ status: 'stopped', winner: 'B', rolledOutBy: 'Ruth' });
    expect(await findRunningExperiment(h.db)).toBeUndefined();
    const list = await listExperiments(h.db, 10);
    expect(list.map((e) => e.name)).toContain('Words');
  });

  it('adds to each arm’s counters', async () => {
    const id = uuidv7();
    await addArmCounts(h.db, [
      { experimentId: id, arm: 'A', type: 'paywall_shown', count: 3 },
      { experimentId: id, arm: 'B', type: 'paywall_shown', count: 1 },
    ]);
    await addArmCounts(h.db, [
      { experimentId: id, arm: 'A', type: 'paywall_shown', count: 2 },
      { experimentId: id, arm: 'B', type: 'checkout_started', count: 1 },
    ]);
    const counts = await countsByArm(h.db, id);
    const of = (arm: string, type: string) => counts.find((c) => c.arm === arm && c.type === type)?.count;
    expect(of('A', 'paywall_shown')).toBe(5);
    expect(of('B', 'paywall_shown')).toBe(1);
    expect(of('B', 'checkout_started')).toBe(1);
    expect(await countsByArm(h.db, uuidv7())).toEqual([]);
  });

  it('reads a row whose arm B no longer parses as nothing, not a crash', async () => {
    const id = uuidv7();
    await h.db
      .insertInto('experiments')
      .values({
        id,
        name: 'Broken',
        kind: 'allowance',
        share_b: 50,
        variant: '{"anonymousFree":"many"}',
        status: 'stopped',
        winner: null,
        started_at: AT,
        started_by: 'Ruth',
        stopped_at: AT,
        stopped_by: 'Ruth',
        rolled_out_at: null,
        rolled_out_by: null,
      })
      .execute();
    expect(await findExperiment(h.db, id)).toBeUndefined();
  });
});
