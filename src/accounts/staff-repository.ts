/** All SQL about staff accounts. */
import type { Selectable } from 'kysely';
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
