/** All SQL about sessions. */
import type { Selectable } from 'kysely';
import type { Db, SessionTable } from '../db/database.js';
import type { Principal } from './reader.js';

export type SessionRow = Selectable<SessionTable>;

export async function insertSession(
  db: Db,
  s: { id: string; tokenHash: string; principal: Principal; at: Date; expiresAt: Date; userAgent: string | null },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: s.id,
      token_hash: s.tokenHash,
      principal_kind: s.principal.kind,
      principal_id: s.principal.id,
      created_at: s.at,
      last_seen_at: s.at,
      expires_at: s.expiresAt,
      user_agent: s.userAgent,
    })
    .execute();
}

/** One indexed lookup (the unique index on token_hash). */
export async function findLiveSession(db: Db, tokenHash: string, now: Date): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).where('expires_at', '>', now).executeTakeFirst();
}

export async function slideSession(db: Db, id: string, now: Date, expiresAt: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Deletes every session of a principal, except `keepId` when given. */
export async function deleteSessionsOf(db: Db, p: Principal, keepId?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('principal_kind', '=', p.kind).where('principal_id', '=', p.id);
  if (keepId) q = q.where('id', '!=', keepId);
  await q.execute();
}

export async function listSessionsOf(db: Db, p: Principal): Promise<SessionRow[]> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('principal_kind', '=', p.kind)
    .where('principal_id', '=', p.id)
    .orderBy('created_at', 'asc')
    .execute();
}

/** Expired sessions are useless; a principal's are cleared each time it signs in. */
export async function deleteExpiredSessionsOf(db: Db, p: Principal, now: Date): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('principal_kind', '=', p.kind)
    .where('principal_id', '=', p.id)
    .where('expires_at', '<=', now)
    .execute();
}

/** Every expired session, whoever it belonged to (the periodic clean-up). */
export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const r = await db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
