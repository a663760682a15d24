/**
 * Making staff accounts (the CLI's `staff create`). A new staff member either gets a password
 * now or a one-time link to choose one: a reset link valid for 72 hours, used on /reset/confirm.
 */
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { AppError, type FieldProblem, invalid } from '../http/app-error.js';
import type { Clock } from '../platform.js';
import { TOKEN_TTL_MS } from './auth-service.js';
import { hashPassword, hashToken, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, newToken } from './credentials.js';
import { insertEmailToken } from './email-token-repository.js';
import { isEmail, normalizeEmail } from './reader.js';
import { isStaffRole, STAFF_ROLES, type StaffMember, type StaffRole } from './staff.js';
import { findActiveStaffById, insertStaff } from './staff-repository.js';

export interface NewStaffMember {
  email: string;
  name: string;
  role: StaffRole;
  /** Absent: the result carries a link to choose one. */
  password?: string | undefined;
}

export async function createStaffMember(
  deps: { db: Db; clock: Clock; publicUrl: string },
  input: NewStaffMember,
): Promise<{ staff: StaffMember; setPasswordUrl: string | null }> {
  const email = normalizeEmail(input.email);
  const name = input.name.trim();
  const problems: FieldProblem[] = [];
  if (!isEmail(email)) problems.push({ field: 'email', message: 'must be an email address' });
  if (name === '' || name.length > 100) problems.push({ field: 'name', message: 'must be 1 to 100 characters' });
  if (!isStaffRole(input.role)) problems.push({ field: 'role', message: `must be one of ${STAFF_ROLES.join(', ')}` });
  if (input.password !== undefined && (input.password.length < MIN_PASSWORD_LENGTH || input.password.length > MAX_PASSWORD_LENGTH)) {
    problems.push({ field: 'password', message: `must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters` });
  }
  if (problems.length > 0) throw invalid(problems);

  const id = uuidv7();
  const now = deps.clock();
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const token = passwordHash ? null : newToken();
  try {
    await deps.db.transaction().execute(async (tx) => {
      await insertStaff(tx, { id, email, name, role: input.role, passwordHash, at: now });
      if (token) {
        await insertEmailToken(tx, {
          id: uuidv7(),
          tokenHash: hashToken(token),
          purpose: 'reset',
          principal: { kind: 'staff', id },
          email,
          at: now,
          expiresAt: new Date(now.getTime() + TOKEN_TTL_MS['staff-setup']),
        });
      }
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('STAFF_EXISTS', 409, `A staff account for ${email} already exists.`);
    throw err;
  }
  const staff = await findActiveStaffById(deps.db, id);
  if (!staff) throw new Error('staff member vanished after insert');
  return { staff, setPasswordUrl: token ? `${deps.publicUrl}/reset/confirm?token=${token}` : null };
}
