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
