/**
 * All SQL of API keys (table `api_keys`). Plain functions taking the database first.
 */
import type { Selectable } from 'kysely';
import type { ApiKeyTable, Db } from '../db/database.js';
import { parseJsonColumn } from '../db/database.js';
import { type AdminRole, type ApiKey, isAdminRole, isApiKeyKind } from './api-key.js';

export type ApiKeyRow = Selectable<ApiKeyTable>;

/** A row's text columns, parsed: a kind or role this version does not know is a corrupt row. */
export function apiKeyFromRow(r: ApiKeyRow): ApiKey {
  const scopes = parseJsonColumn(r.scopes);
  if (!isApiKeyKind(r.kind)) throw new Error(`api_keys row ${r.id}: unknown kind "${r.kind}"`);
  const role: AdminRole | null = r.role === null ? null : isAdminRole(r.role) ? r.role : null;
  if (r.role !== null && role === null) throw new Error(`api_keys row ${r.id}: unknown role "${r.role}"`);
  return {
    id: r.id,
    kind: r.kind,
    role,
    scopes: Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : [],
    name: r.name,
    createdBy: r.created_by,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
    staffId: r.staff_id,
  };
}

export async function insertApiKey(db: Db, key: ApiKey, secretHash: string): Promise<void> {
  await db
    .insertInto('api_keys')
    .values({
      id: key.id,
      kind: key.kind,
      role: key.role,
      scopes: JSON.stringify(key.scopes),
      name: key.name,
      secret_hash: secretHash,
      created_by: key.createdBy,
      created_at: key.createdAt,
      last_used_at: null,
      revoked_at: null,
      staff_id: key.staffId,
    })
    .execute();
}

export async function findApiKeyRowById(db: Db, id: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Oldest first, so a list reads as a history. */
/** Keys by id (revoked ones too), for naming who saved something with one: id, name and maker. */
export async function findApiKeyNames(db: Db, ids: readonly string[]): Promise<{ id: string; name: string; createdBy: string }[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('api_keys')
    .select(['id', 'name', 'created_by'])
    .where('id', 'in', [...ids])
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdBy: r.created_by }));
}

export async function listApiKeyRows(db: Db): Promise<ApiKeyRow[]> {
  return db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id').execute();
}

/** Marks a key revoked unless it already is; returns whether a live key was revoked. */
export async function revokeApiKeyRow(db: Db, id: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records use, but only if the last record is older than `staleBefore` (one write a minute at most). */
export async function touchApiKey(db: Db, id: string, at: Date, staleBefore: Date): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
    .execute();
}

/** A staff member's own keys, newest first. */
export async function listApiKeyRowsOfStaff(db: Db, staffId: string): Promise<ApiKeyRow[]> {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('staff_id', '=', staffId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Revokes a staff member's own key; answers whether a live key of theirs was revoked. */
export async function revokeApiKeyRowOfStaff(db: Db, staffId: string, id: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('staff_id', '=', staffId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A staff member's keys follow their role. */
export async function setRoleOfStaffKeys(db: Db, staffId: string, role: AdminRole): Promise<void> {
  await db.updateTable('api_keys').set({ role }).where('staff_id', '=', staffId).where('kind', '=', 'admin').execute();
}

/** Revokes every live key of a staff member (their account was disabled). */
export async function revokeKeysOfStaff(db: Db, staffId: string, at: Date): Promise<void> {
  await db.updateTable('api_keys').set({ revoked_at: at }).where('staff_id', '=', staffId).where('revoked_at', 'is', null).execute();
}
