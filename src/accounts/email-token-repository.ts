/** All SQL about the single-use tokens sent by email. */
import type { Selectable } from 'kysely';
import type { Db, EmailTokenTable } from '../db/database.js';
import type { Principal } from './reader.js';

/**
 * verify: confirms an address; signin: signs in (and confirms); reset: sets a password;
 * change-email: moves the account to the address it was sent to; change-email-ask: an email-only
 * reader's go-ahead, from the current address, for a change to `target_email`; close: closes an
 * email-only reader's account.
 */
export type EmailTokenPurpose = 'verify' | 'signin' | 'reset' | 'change-email' | 'change-email-ask' | 'close';
export type EmailTokenRow = Selectable<EmailTokenTable>;

export async function insertEmailToken(
  db: Db,
  t: {
    id: string;
    tokenHash: string;
    purpose: EmailTokenPurpose;
    principal: Principal;
    email: string;
    targetEmail?: string | undefined;
    at: Date;
    expiresAt: Date;
  },
): Promise<void> {
  await db
    .insertInto('email_tokens')
    .values({
      id: t.id,
      token_hash: t.tokenHash,
      purpose: t.purpose,
      reader_id: t.principal.kind === 'reader' ? t.principal.id : null,
      staff_id: t.principal.kind === 'staff' ? t.principal.id : null,
      email: t.email,
      target_email: t.targetEmail ?? null,
      expires_at: t.expiresAt,
      used_at: null,
      created_at: t.at,
    })
    .execute();
}

/** The token if it is unused and unexpired, without using it (to show a confirmation form). */
export async function findUsableToken(
  db: Db,
  tokenHash: string,
  purpose: EmailTokenPurpose,
  now: Date,
): Promise<EmailTokenRow | undefined> {
  return db
    .selectFrom('email_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/**
 * Uses a token: one conditional UPDATE, so of two requests racing with the same link exactly
 * one gets the row back.
 */
export async function consumeToken(db: Db, tokenHash: string, purpose: EmailTokenPurpose, now: Date): Promise<EmailTokenRow | undefined> {
  return db
    .updateTable('email_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}

/** Withdraws a principal's outstanding links (all, or of the given purposes). */
export async function deleteUnusedTokens(db: Db, p: Principal, purposes?: EmailTokenPurpose[]): Promise<void> {
  let q = db
    .deleteFrom('email_tokens')
    .where(p.kind === 'reader' ? 'reader_id' : 'staff_id', '=', p.id)
    .where('used_at', 'is', null);
  if (purposes) q = q.where('purpose', 'in', purposes);
  await q.execute();
}

export async function deleteAllTokensOf(db: Db, p: Principal): Promise<void> {
  await db
    .deleteFrom('email_tokens')
    .where(p.kind === 'reader' ? 'reader_id' : 'staff_id', '=', p.id)
    .execute();
}

export function principalOfToken(row: EmailTokenRow): Principal | undefined {
  if (row.reader_id) return { kind: 'reader', id: row.reader_id };
  if (row.staff_id) return { kind: 'staff', id: row.staff_id };
  return undefined;
}

/** Every link past its expiry, used or not (the periodic clean-up). */
export async function deleteExpiredTokens(db: Db, now: Date): Promise<number> {
  const r = await db.deleteFrom('email_tokens').where('expires_at', '<', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** A principal's links still waiting to be used (for "download my data"). */
export async function listPendingTokensOf(db: Db, p: Principal, now: Date): Promise<EmailTokenRow[]> {
  return db
    .selectFrom('email_tokens')
    .selectAll()
    .where(p.kind === 'reader' ? 'reader_id' : 'staff_id', '=', p.id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'asc')
    .execute();
}
