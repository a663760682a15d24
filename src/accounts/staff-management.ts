/**
 * The owner's work on the staff (the admin's Staff page): list them, invite one (an account
 * without a password, and an email whose link chooses it: the staff-setup token, 72 hours),
 * send a fresh invitation, change a role, disable and enable. The paper always keeps an active
 * owner: nobody can demote or disable the last one (`refuseStaffChange`, checked with the
 * owners locked). A disabled member's sessions end and their own API keys are revoked in the
 * same transaction; a role change carries over to their keys (the `keys` port, which the root
 * connects to the API keys).
 */
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/database.js';
import { AppError, notFound } from '../http/app-error.js';
import { type MailTransport, staffInvitationEmail } from '../mail/index.js';
import type { Clock } from '../platform.js';
import { hashToken, newToken } from './credentials.js';
import { TOKEN_TTL_MS } from './email-links.js';
import { deleteUnusedTokens, insertEmailToken } from './email-token-repository.js';
import { withReturn } from './reader.js';
import { deleteSessionsOf } from './session-repository.js';
import type { StaffMember, StaffRole } from './staff.js';
import {
  findStaffById,
  findStaffNames,
  listAllStaff,
  lockActiveOwnerIds,
  updateStaffDisabled,
  updateStaffRole,
} from './staff-repository.js';
import { createStaffMember } from './staff-service.js';

/** What a change to a staff member does to their API keys, in the change's transaction. */
export interface StaffKeyPort {
  staffRoleChanged(tx: Db, staffId: string, role: StaffRole): Promise<void>;
  staffDisabled(tx: Db, staffId: string, at: Date): Promise<void>;
}

export interface StaffManagementDeps {
  db: Db;
  clock: Clock;
  publicUrl: string;
  mailer: MailTransport;
  siteName(): Promise<string>;
  keys: StaffKeyPort;
}

export type StaffChange = { kind: 'role'; role: StaffRole } | { kind: 'disable' } | { kind: 'enable' };

const ROLE_WORDS: Record<StaffRole, string> = { owner: 'owner', editor: 'editor', writer: 'writer', business: 'business' };

/**
 * Why a change may not be made, or undefined when it may. Pure: the active owners' ids and who
 * asks are arguments.
 */
export function refuseStaffChange(
  target: Pick<StaffMember, 'id' | 'name' | 'role' | 'disabledAt'>,
  change: StaffChange,
  activeOwnerIds: readonly string[],
  actorId: string,
): string | undefined {
  if (change.kind === 'disable' && target.id === actorId) return 'You cannot disable your own account.';
  const isActiveOwner = target.role === 'owner' && target.disabledAt === null;
  const losesOwner = change.kind === 'disable' || (change.kind === 'role' && change.role !== 'owner');
  if (isActiveOwner && losesOwner && activeOwnerIds.filter((id) => id !== target.id).length === 0) {
    return `${target.name} is the paper's last active owner. Make someone else an owner first.`;
  }
  return undefined;
}

export function createStaffManagement(deps: StaffManagementDeps) {
  const { db, clock } = deps;

  async function mustFind(id: string): Promise<StaffMember> {
    const staff = await findStaffById(db, id);
    if (!staff) throw notFound('staff member');
    return staff;
  }

  async function sendInvitation(staff: StaffMember, link: string, invitedBy: StaffMember): Promise<void> {
    const content = staffInvitationEmail({
      siteName: await deps.siteName(),
      link,
      role: ROLE_WORDS[staff.role],
      invitedBy: invitedBy.name,
    });
    try {
      await deps.mailer.send({ to: staff.email, ...content });
    } catch {
      throw new AppError(
        'MAIL_FAILED',
        503,
        `The account for ${staff.email} is made, but the invitation could not be sent just now. Use "Send a new invitation" on the Staff page in a few minutes.`,
      );
    }
  }

  /** Applies a change in one transaction with the owners locked; refused changes change nothing. */
  async function change(id: string, what: StaffChange, actor: StaffMember): Promise<StaffMember> {
    await db.transaction().execute(async (tx) => {
      const owners = await lockActiveOwnerIds(tx);
      const target = await findStaffById(tx, id);
      if (!target) throw notFound('staff member');
      const refusal = refuseStaffChange(target, what, owners, actor.id);
      if (refusal) throw new AppError('CONFLICT', 409, refusal);
      const now = clock();
      if (what.kind === 'role') {
        await updateStaffRole(tx, id, what.role);
        await deps.keys.staffRoleChanged(tx, id, what.role);
      } else if (what.kind === 'disable') {
        if (target.disabledAt) return;
        await updateStaffDisabled(tx, id, now);
        await deleteSessionsOf(tx, { kind: 'staff', id });
        await deps.keys.staffDisabled(tx, id, now);
      } else {
        await updateStaffDisabled(tx, id, null);
      }
    });
    return mustFind(id);
  }

  return {
    list: () => listAllStaff(db),
    find: (id: string) => findStaffById(db, id),
    /** Names by staff id, for records that name people. */
    names: (ids: readonly string[]) => findStaffNames(db, ids),

    /** Makes the account and emails its invitation; the link brings them to the admin once they chose a password. */
    async invite(input: { name: string; email: string; role: StaffRole }, invitedBy: StaffMember): Promise<StaffMember> {
      const { staff, setPasswordUrl } = await createStaffMember({ db, clock, publicUrl: deps.publicUrl }, input);
      if (setPasswordUrl) await sendInvitation(staff, withReturn(setPasswordUrl, '/admin'), invitedBy);
      return staff;
    },

    /** A new invitation link (the old ones stop working), for an active member who has not chosen a password. */
    async resendInvitation(id: string, invitedBy: StaffMember): Promise<StaffMember> {
      const staff = await mustFind(id);
      if (staff.disabledAt || staff.hasPassword) {
        throw new AppError('CONFLICT', 409, `${staff.name} ${staff.disabledAt ? 'is disabled' : 'has already chosen a password'}.`);
      }
      const token = newToken();
      const now = clock();
      await db.transaction().execute(async (tx) => {
        await deleteUnusedTokens(tx, { kind: 'staff', id }, ['reset']);
        await insertEmailToken(tx, {
          id: uuidv7(),
          tokenHash: hashToken(token),
          purpose: 'reset',
          principal: { kind: 'staff', id },
          email: staff.email,
          at: now,
          expiresAt: new Date(now.getTime() + TOKEN_TTL_MS['staff-setup']),
        });
      });
      await sendInvitation(staff, withReturn(`${deps.publicUrl}/reset/confirm?token=${token}`, '/admin'), invitedBy);
      return staff;
    },

    changeRole: (id: string, role: StaffRole, actor: StaffMember) => change(id, { kind: 'role', role }, actor),
    disable: (id: string, actor: StaffMember) => change(id, { kind: 'disable' }, actor),
    enable: (id: string, actor: StaffMember) => change(id, { kind: 'enable' }, actor),
  };
}

export type StaffManagement = ReturnType<typeof createStaffManagement>;
