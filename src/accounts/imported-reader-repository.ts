/**
 * The SQL of readers moved in from a list (`masthead readers import`): found many at a time by
 * address, made confirmed and marked as imported, or updated field by field. What an import may
 * change is decided outside (src/reader-import); nothing here touches a password or the
 * confirmed state of an existing reader.
 */
import type { Db } from '../db/database.js';
import type { EmailPreferences, PostalAddress, Reader } from './reader.js';
import { readerFromRow } from './reader-repository.js';

/** Open accounts by (normalised) address; closed ones are never found (their address is a placeholder). */
export async function findOpenReadersByEmails(db: Db, emails: readonly string[]): Promise<Map<string, Reader>> {
  const found = new Map<string, Reader>();
  if (emails.length === 0) return found;
  const rows = await db.selectFrom('readers').selectAll().where('email', 'in', emails).where('closed_at', 'is', null).execute();
  for (const row of rows) found.set(row.email, readerFromRow(row));
  return found;
}

export interface ImportedReaderInput {
  id: string;
  email: string;
  name: string;
  company: string | null;
  address: PostalAddress | null;
  preferences: EmailPreferences;
  /** `csv:<file>` or `ghost:<file>`. */
  source: string;
  at: Date;
}

const orNull = (s: string | undefined) => (s === undefined || s === '' ? null : s);

function addressColumns(a: PostalAddress | null) {
  return {
    address_line1: orNull(a?.line1),
    address_line2: orNull(a?.line2),
    address_city: orNull(a?.city),
    address_region: orNull(a?.region),
    address_postcode: orNull(a?.postcode),
    address_country: orNull(a?.country),
  };
}

/** A new reader from a list: confirmed now (the consent came with the list), no password, marked imported. */
export async function insertImportedReader(db: Db, r: ImportedReaderInput): Promise<void> {
  await db
    .insertInto('readers')
    .values({
      id: r.id,
      email: r.email,
      email_verified_at: r.at,
      password_hash: null,
      name: r.name,
      company: r.company,
      ...addressColumns(r.address),
      email_preferences: JSON.stringify(r.preferences),
      imported_at: r.at,
      import_source: r.source,
      created_at: r.at,
      updated_at: r.at,
    })
    .execute();
}

export interface ImportedReaderChanges {
  name?: string;
  company?: string;
  /** The whole address: every field, the empty ones cleared. */
  address?: PostalAddress;
  preferences?: EmailPreferences;
}

/** Sets only the fields given; never the password, the address's confirmation or the import mark. */
export async function updateImportedReader(db: Db, id: string, c: ImportedReaderChanges, at: Date): Promise<void> {
  await db
    .updateTable('readers')
    .set({
      ...(c.name !== undefined ? { name: c.name } : {}),
      ...(c.company !== undefined ? { company: c.company } : {}),
      ...(c.address !== undefined ? addressColumns(c.address) : {}),
      ...(c.preferences !== undefined ? { email_preferences: JSON.stringify(c.preferences) } : {}),
      updated_at: at,
    })
    .where('id', '=', id)
    .where('closed_at', 'is', null)
    .execute();
}
