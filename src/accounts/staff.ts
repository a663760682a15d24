/**
 * Staff: the newsroom and business people who sign in on the same page as readers but hold a
 * role. owner (everything), editor (publishes), writer (drafts own stories), business (plans,
 * offers, meter settings, reader data).
 */
export const STAFF_ROLES = ['owner', 'editor', 'writer', 'business'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}

export interface StaffMember {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  hasPassword: boolean;
  createdAt: Date;
  disabledAt: Date | null;
}

/**
 * How a staff member is named where the app records who did something (a revision's
 * `saved_by`, an article's `created_by`): `staff:<id>`, whether they used the admin or their
 * own API key, so the record names the person.
 */
export function staffActor(staffId: string): string {
  return `staff:${staffId}`;
}

/** The staff id in a `staff:<id>` record, if it is one. */
export function staffIdOfActor(actor: string): string | undefined {
  return actor.startsWith('staff:') ? actor.slice('staff:'.length) : undefined;
}
