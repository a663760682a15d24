/** Emails per recipient address and window (src/accounts/email-send-limit.ts). */
import type { Db } from '../db/database.js';

/**
 * Counts one more request to email `recipientHash` in `windowKey` and returns the count, this one
 * included. One statement (insert or increment), so concurrent requests each get their own number.
 */
export async function addEmailSend(db: Db, p: { recipientHash: string; windowKey: string; windowEndsAt: Date }): Promise<number> {
  const row = await db
    .insertInto('email_sends')
    .values({ recipient_hash: p.recipientHash, window_key: p.windowKey, sends: 1, window_ends_at: p.windowEndsAt })
    .onConflict((oc) => oc.columns(['recipient_hash', 'window_key']).doUpdateSet((eb) => ({ sends: eb('email_sends.sends', '+', 1) })))
    .returning('sends')
    .executeTakeFirstOrThrow();
  return row.sends;
}

/** Deletes the windows that ended before `before` (the hourly clean-up); returns how many. */
export async function deleteEndedEmailSends(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('email_sends').where('window_ends_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
