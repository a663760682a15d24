/**
 * The meter's policy and the paywall's words, kept in the settings table so the business side
 * can change them without a deploy. A stored value that no longer parses falls back to the
 * defaults rather than breaking reader pages.
 */
import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { Db } from '../db/database.js';
import { parseJsonColumn } from '../db/database.js';
import { DEFAULT_METER_POLICY, type MeterPolicy, MeterPolicySchema } from './meter-policy.js';
import { DEFAULT_PAYWALL_COPY, type PaywallCopy, PaywallCopySchema } from './paywall-copy.js';

const POLICY_KEY = 'meter_policy';
const COPY_KEY = 'paywall_copy';

/** The stored value over the defaults (a field added since it was saved takes its default), parsed by `schema`. */
async function readSetting<S extends TSchema>(db: Db, key: string, schema: S, fallback: Static<S>): Promise<Static<S>> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  if (!row) return fallback;
  const stored: unknown = parseJsonColumn(row.value);
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return fallback;
  const value: unknown = { ...fallback, ...stored };
  return Value.Check(schema, value) ? value : fallback;
}

async function writeSetting(db: Db, key: string, value: unknown, at: Date): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto('settings')
    .values({ key, value: json, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: at }))
    .execute();
}

export const readMeterPolicy = (db: Db): Promise<MeterPolicy> => readSetting(db, POLICY_KEY, MeterPolicySchema, DEFAULT_METER_POLICY);
export const writeMeterPolicy = (db: Db, p: MeterPolicy, at: Date): Promise<void> => writeSetting(db, POLICY_KEY, p, at);
export const readPaywallCopy = (db: Db): Promise<PaywallCopy> => readSetting(db, COPY_KEY, PaywallCopySchema, DEFAULT_PAYWALL_COPY);
export const writePaywallCopy = (db: Db, c: PaywallCopy, at: Date): Promise<void> => writeSetting(db, COPY_KEY, c, at);
