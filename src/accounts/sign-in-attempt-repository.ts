/** Password sign-in attempts per account address and window (src/accounts/sign-in-throttle.ts). */
import type { Db } from '../db/database.js';

/**
 * Counts one more attempt on `accountHash` in `windowKey` and returns the count, this one
 * included. One statement (insert or increment), so concurrent attempts each get their own number.
 */
export async function addSignInAttempt(db: Db, p: { accountHash: string; windowKey: string; windowEndsAt: Date }): Promise<number> {
  const row = await db
    .insertInto('sign_in_attempts')
    .values({ account_hash: p.accountHash, window_key: p.windowKey, attempts: 1, window_ends_at: p.windowEndsAt })
    .onConflict((oc) =>
      oc.columns(['account_hash', 'window_key']).doUpdateSet((eb) => ({ attempts: eb('sign_in_attempts.attempts', '+', 1) })),
    )
    .returning('attempts')
    .executeTakeFirstOrThrow();
  return row.attempts;
}

/** Forgets the account's attempts (after a right password). */
export async function clearSignInAttempts(db: Db, accountHash: string): Promise<void> {
  await db.deleteFrom('sign_in_attempts').where('account_hash', '=', accountHash).execute();
}

/** Deletes the windows that ended before `before` (the hourly clean-up); returns how many. */
export async function deleteEndedSignInAttempts(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('sign_in_attempts').where('window_ends_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
