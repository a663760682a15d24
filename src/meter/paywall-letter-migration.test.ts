/**
 * The paywall-letter migration on both dialects: a letter saved before the openings existed, with
 * the shipped "free articles used" paragraph in it, gets `{opening}` in that paragraph's place and
 * keeps the paragraph as the free-used opening; a letter an editor wrote otherwise is left alone;
 * down puts the paragraph back.
 */
import { type Migration, Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import type { Db } from '../db/database.js';
import { DIALECTS, openEmptyTestDatabase } from '../db/test-databases.js';
import { readPaywallCopy } from './meter-settings-repository.js';
import { DEFAULT_PAYWALL_COPY } from './paywall-copy.js';

const BEFORE = '2026_12_07_0400_gift_link_reads';
const THIS = '2026_12_07_0410_paywall_letter_opening';
const upToThis: Record<string, Migration> = Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= THIS));
const OLD_PARAGRAPH = 'You have reached the end of your free articles for now, which tells me you came back more than once. Thank you.';
const OLD_LETTER = ['Dear reader,', '', OLD_PARAGRAPH, '', 'A newsroom is expensive.', '', 'I hope you will join us.'].join('\n');

describe.each(DIALECTS)('the paywall letter migration on %s', (dialect) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
  });

  async function savedBefore(letter: string): Promise<{ db: Db; migrator: Migrator }> {
    const h = await openEmptyTestDatabase(dialect);
    close = h.close;
    const db = h.db;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => upToThis } });
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    const value = JSON.stringify({ heading: 'Keep reading', letterTitle: 'From the editor', letter, signature: 'The Editor' });
    await db.insertInto('settings').values({ key: 'paywall_copy', value, updated_at: new Date() }).execute();
    return { db, migrator };
  }

  it('puts {opening} where the shipped paragraph was and keeps its words for the free-used wall; down restores it', async () => {
    const { db, migrator } = await savedBefore(OLD_LETTER);
    expect((await migrator.migrateTo(THIS)).error).toBeUndefined();
    const copy = await readPaywallCopy(db);
    expect(copy.letter).toBe(['Dear reader,', '', '{opening}', '', 'A newsroom is expensive.', '', 'I hope you will join us.'].join('\n'));
    expect(copy.openingFreeUsed).toBe(OLD_PARAGRAPH);
    expect(copy.openingSubscribers).toBe(DEFAULT_PAYWALL_COPY.openingSubscribers);
    expect(copy.heading).toBe('Keep reading');

    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    const row = await db.selectFrom('settings').select('value').where('key', '=', 'paywall_copy').executeTakeFirstOrThrow();
    const back = typeof row.value === 'string' ? JSON.parse(row.value) : row.value;
    expect(back.letter).toBe(OLD_LETTER);
  });

  it('leaves a letter the editor wrote otherwise alone', async () => {
    const own = 'Dear reader,\n\nWe are a small paper and we need you.';
    const { db, migrator } = await savedBefore(own);
    expect((await migrator.migrateTo(THIS)).error).toBeUndefined();
    const copy = await readPaywallCopy(db);
    expect(copy.letter).toBe(own);
    expect(copy.openingFreeUsed).toBe(DEFAULT_PAYWALL_COPY.openingFreeUsed);
  });
});
