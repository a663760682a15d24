/** All SQL about readers. */
import type { Selectable } from 'kysely';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { type Db, parseJsonColumn, type ReaderTable } from '../db/database.js';
import { closedEmailFor, DEFAULT_EMAIL_PREFERENCES, type EmailPreferences, type PostalAddress, type Reader } from './reader.js';

type ReaderRow = Selectable<ReaderTable>;

const EmailPreferencesSchema = Type.Object({ dailyEmail: Type.Boolean(), offers: Type.Boolean() });

function preferencesFrom(value: unknown): EmailPreferences {
  let parsed: unknown;
  try {
    parsed = parseJsonColumn(value);
  } catch {
    return { ...DEFAULT_EMAIL_PREFERENCES };
  }
  return Value.Check(EmailPreferencesSchema, parsed)
    ? { dailyEmail: parsed.dailyEmail, offers: parsed.offers }
    : { ...DEFAULT_EMAIL_PREFERENCES };
}

/** A reader as the rest of the app sees one (for other repositories of this feature too). */
export function readerFromRow(row: ReaderRow): Reader {
  const hasAddress = [
    row.address_line1,
    row.address_line2,
    row.address_city,
    row.address_region,
    row.address_postcode,
    row.address_country,
  ].some((v) => v !== null && v !== '');
  return {
    id: row.id,
    email: row.email,
    emailVerifiedAt: row.email_verified_at,
    hasPassword: row.password_hash !== null,
    name: row.name,
    address: hasAddress
      ? {
          line1: row.address_line1 ?? '',
          line2: row.address_line2 ?? '',
          city: row.address_city ?? '',
          region: row.address_region ?? '',
          postcode: row.address_postcode ?? '',
          country: row.address_country ?? '',
        }
      : null,
    emailPreferences: preferencesFrom(row.email_preferences),
    company: row.company,
    importedAt: row.imported_at,
    closedAt: row.closed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface ReaderWithPassword {
  reader: Reader;
  passwordHash: string | null;
}

export async function insertReader(db: Db, r: { id: string; email: string; passwordHash: string | null; at: Date }): Promise<void> {
  await db
    .insertInto('readers')
    .values({
      id: r.id,
      email: r.email,
      email_verified_at: null,
      password_hash: r.passwordHash,
      email_preferences: JSON.stringify(DEFAULT_EMAIL_PREFERENCES),
      created_at: r.at,
      updated_at: r.at,
    })
    .execute();
}

export async function findReaderRowById(db: Db, id: string): Promise<ReaderWithPassword | undefined> {
  const row = await db.selectFrom('readers').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { reader: readerFromRow(row), passwordHash: row.password_hash } : undefined;
}

/** By (normalised) address; closed accounts are never found (their address is a placeholder). */
export async function findReaderRowByEmail(db: Db, email: string): Promise<ReaderWithPassword | undefined> {
  const row = await db.selectFrom('readers').selectAll().where('email', '=', email).where('closed_at', 'is', null).executeTakeFirst();
  return row ? { reader: readerFromRow(row), passwordHash: row.password_hash } : undefined;
}

/** Many readers by id, closed accounts included (in no particular order; unknown ids left out). */
export async function findReadersByIds(db: Db, ids: readonly string[]): Promise<Reader[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('readers').selectAll().where('id', 'in', ids).execute();
  return rows.map(readerFromRow);
}

export async function countReaders(db: Db): Promise<number> {
  const row = await db
    .selectFrom('readers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function setReaderPassword(db: Db, id: string, passwordHash: string | null, at: Date): Promise<void> {
  await db.updateTable('readers').set({ password_hash: passwordHash, updated_at: at }).where('id', '=', id).execute();
}

/** Marks the address verified (keeping an earlier time), if it is still the one the link was sent to. */
export async function markReaderVerified(db: Db, id: string, email: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('readers')
    .set((eb) => ({ email_verified_at: eb.fn.coalesce('email_verified_at', eb.val(at)), updated_at: at }))
    .where('id', '=', id)
    .where('email', '=', email)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function updateReaderEmail(db: Db, id: string, email: string, at: Date): Promise<void> {
  await db.updateTable('readers').set({ email, email_verified_at: at, updated_at: at }).where('id', '=', id).execute();
}

export async function updateReaderProfile(db: Db, id: string, p: { name: string; address: PostalAddress | null }, at: Date): Promise<void> {
  const a = p.address;
  const v = (s: string | undefined) => (s === undefined || s === '' ? null : s);
  await db
    .updateTable('readers')
    .set({
      name: p.name,
      address_line1: v(a?.line1),
      address_line2: v(a?.line2),
      address_city: v(a?.city),
      address_region: v(a?.region),
      address_postcode: v(a?.postcode),
      address_country: v(a?.country),
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
}

export async function updateReaderPreferences(db: Db, id: string, prefs: EmailPreferences, at: Date): Promise<void> {
  await db
    .updateTable('readers')
    .set({ email_preferences: JSON.stringify(prefs), updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** Erases every personal field; the row stays, as a tombstone billing records can point at. */
export async function anonymiseReader(db: Db, id: string, at: Date): Promise<void> {
  await db
    .updateTable('readers')
    .set({
      email: closedEmailFor(id),
      email_verified_at: null,
      password_hash: null,
      name: '',
      company: null,
      address_line1: null,
      address_line2: null,
      address_city: null,
      address_region: null,
      address_postcode: null,
      address_country: null,
      email_preferences: JSON.stringify(DEFAULT_EMAIL_PREFERENCES),
      closed_at: at,
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Deletes readers who signed up before `createdBefore` and never confirmed their address, and
 * who have nothing else here: no subscription, group membership or gift. Such a reader never
 * proved the address was theirs and could never sign in (a sign-in link confirms it). Their
 * links go with them (foreign key, on delete cascade); no session can exist. Returns how many.
 */
export async function deleteNeverConfirmedReaders(db: Db, createdBefore: Date): Promise<number> {
  const result = await db
    .deleteFrom('readers')
    .where('email_verified_at', 'is', null)
    .where('closed_at', 'is', null)
    .where('created_at', '<', createdBefore)
    .where(({ not, exists, selectFrom, or, eb }) =>
      not(
        or([
          exists(selectFrom('subscriptions').select('id').whereRef('subscriptions.reader_id', '=', 'readers.id')),
          exists(selectFrom('organisation_members').select('reader_id').whereRef('organisation_members.reader_id', '=', 'readers.id')),
          exists(
            selectFrom('gifts')
              .select('id')
              .where((g) =>
                g.or([g('gifts.redeemed_by', '=', eb.ref('readers.id')), g('gifts.purchaser_reader_id', '=', eb.ref('readers.id'))]),
              ),
          ),
        ]),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
