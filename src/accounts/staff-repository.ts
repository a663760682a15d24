/** All SQL about staff accounts. */
import { PostgresAdapter, type Selectable } from 'kysely';
import type { Db, StaffTable } from '../db/database.js';
import { isStaffRole, type StaffMember, type StaffRole } from './staff.js';

type StaffRow = Selectable<StaffTable>;

export function staffFromRow(row: StaffRow): StaffMember {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    // A role outside the list (edited by hand) gets the least power.
    role: isStaffRole(row.role) ? row.role : 'writer',
    hasPassword: row.password_hash !== null,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  };
}

export interface StaffWithPassword {
  staff: StaffMember;
  passwordHash: string | null;
}

export async function insertStaff(
  db: Db,
  s: { id: string; email: string; name: string; role: StaffRole; passwordHash: string | null; at: Date },
): Promise<void> {
  await db
    .insertInto('staff')
    .values({ id: s.id, email: s.email, name: s.name, role: s.role, password_hash: s.passwordHash, created_at: s.at, disabled_at: null })
    .execute();
}

/** Active staff only: a disabled account cannot sign in. */
export async function findActiveStaffByEmail(db: Db, email: string): Promise<StaffWithPassword | undefined> {
  const row = await db.selectFrom('staff').selectAll().where('email', '=', email).where('disabled_at', 'is', null).executeTakeFirst();
  return row ? { staff: staffFromRow(row), passwordHash: row.password_hash } : undefined;
}

export async function findActiveStaffById(db: Db, id: string): Promise<StaffMember | undefined> {
  const row = await db.selectFrom('staff').selectAll().where('id', '=', id).where('disabled_at', 'is', null).executeTakeFirst();
  return row ? staffFromRow(row) : undefined;
}

export async function setStaffPassword(db: Db, id: string, passwordHash: string): Promise<void> {
  await db.updateTable('staff').set({ password_hash: passwordHash }).where('id', '=', id).execute();
}

/** Every staff account, active ones first, then by name. */
export async function listAllStaff(db: Db): Promise<StaffMember[]> {
  const rows = await db.selectFrom('staff').selectAll().orderBy('name').orderBy('id').execute();
  const all = rows.map(staffFromRow);
  return [...all.filter((s) => !s.disabledAt), ...all.filter((s) => s.disabledAt)];
}

/** A staff account, active or not. */
export async function findStaffById(db: Db, id: string): Promise<StaffMember | undefined> {
  const row = await db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? staffFromRow(row) : undefined;
}

/** Names of staff accounts by id (for records that name people: revisions, the audit trail). */
export async function findStaffNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('staff')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * The ids of the active owners, locked until the transaction ends on PostgreSQL (`FOR UPDATE`),
 * so two owners demoting each other at once cannot both succeed. SQLite runs one write
 * transaction at a time.
 */
export async function lockActiveOwnerIds(db: Db): Promise<string[]> {
  let q = db.selectFrom('staff').select('id').where('role', '=', 'owner').where('disabled_at', 'is', null);
  if (db.getExecutor().adapter instanceof PostgresAdapter) q = q.forUpdate();
  return (await q.execute()).map((r) => r.id);
}

export async function updateStaffRole(db: Db, id: string, role: StaffRole): Promise<void> {
  await db.updateTable('staff').set({ role }).where('id', '=', id).execute();
}

export async function updateStaffDisabled(db: Db, id: string, at: Date | null): Promise<void> {
  await db.updateTable('staff').set({ disabled_at: at }).where('id', '=', id).execute();
}
