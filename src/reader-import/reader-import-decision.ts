/**
 * What one row of a list does to the reader it names: pure. A new address becomes a confirmed
 * reader marked as imported. An existing reader is the reader's own account first: a row fills
 * in or replaces what it gives (a non-empty name, company, a whole address) and may turn the
 * daily email off, never on (we cannot tell a reader who unsubscribed from one who never
 * subscribed, and a list must not undo either choice); it never changes the password, the
 * confirmed state, the other email preferences or the import mark.
 */
import type { EmailPreferences, PostalAddress, Reader } from '../accounts/index.js';
import { DEFAULT_EMAIL_PREFERENCES } from '../accounts/index.js';
import type { ReaderImportRow } from './reader-csv-format.js';

export interface NewReader {
  name: string;
  company: string | null;
  address: PostalAddress | null;
  preferences: EmailPreferences;
}

export interface ReaderChanges {
  name?: string;
  company?: string;
  address?: PostalAddress;
  preferences?: EmailPreferences;
}

export type ExistingReader = Pick<Reader, 'name' | 'address' | 'emailPreferences' | 'company'>;

/** A reader the list brings: the daily email only when the row says yes. */
export function newReaderFrom(row: ReaderImportRow): NewReader {
  return {
    name: row.name ?? '',
    company: row.company,
    address: row.address,
    preferences: { ...DEFAULT_EMAIL_PREFERENCES, dailyEmail: row.newsletter === true },
  };
}

/** What a row changes of an existing reader; empty when nothing. */
export function readerChanges(row: ReaderImportRow, existing: ExistingReader): ReaderChanges {
  const changes: ReaderChanges = {};
  if (row.name !== null && row.name !== existing.name) changes.name = row.name;
  if (row.company !== null && row.company !== (existing.company ?? null)) changes.company = row.company;
  if (row.address !== null && !sameAddress(row.address, existing.address)) changes.address = row.address;
  if (row.newsletter === false && existing.emailPreferences.dailyEmail) {
    changes.preferences = { ...existing.emailPreferences, dailyEmail: false };
  }
  return changes;
}

function sameAddress(a: PostalAddress, b: PostalAddress | null): boolean {
  if (b === null) return false;
  return (
    a.line1 === b.line1 &&
    a.line2 === b.line2 &&
    a.city === b.city &&
    a.region === b.region &&
    a.postcode === b.postcode &&
    a.country === b.country
  );
}
