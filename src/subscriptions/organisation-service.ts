/**
 * Group licences as the business office runs them: list, read, create, change, deactivate. Every
 * input is checked by `checkOrganisationInput` (a 400 naming each field); every committed change
 * fires the change event, which empties the entitlement service's cached organisations in this
 * process and, on PostgreSQL, in every other (src/services.ts).
 */
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/database.js';
import { invalid, notFound } from '../http/app-error.js';
import type { Clock } from '../platform.js';
import { checkOrganisationInput, type OrganisationInput, type OrganisationSummary } from './group-licence.js';
import { findOrganisation, insertOrganisation, listMembers, listOrganisations, updateOrganisation } from './organisation-repository.js';

export type OrganisationService = ReturnType<typeof createOrganisationService>;

/** The most members an organisation's page lists. */
export const MEMBERS_SHOWN = 500;

export function createOrganisationService(deps: { db: Db; clock: Clock; changed: () => void }) {
  const { db, clock, changed } = deps;

  const checked = (input: OrganisationInput): OrganisationInput => {
    const r = checkOrganisationInput(input);
    if (!r.ok) throw invalid(r.problems);
    return r.value;
  };

  async function get(id: string): Promise<OrganisationSummary> {
    const o = await findOrganisation(db, id);
    if (!o) throw notFound('organisation');
    return o;
  }

  return {
    list: (): Promise<OrganisationSummary[]> => listOrganisations(db),
    get,
    /** The organisation, or undefined (an id from a URL that names none). */
    find: (id: string): Promise<OrganisationSummary | undefined> => findOrganisation(db, id),
    members: (id: string) => listMembers(db, id, MEMBERS_SHOWN),

    async create(input: OrganisationInput): Promise<OrganisationSummary> {
      const value = checked(input);
      const id = uuidv7();
      await insertOrganisation(db, { id, ...value }, clock());
      changed();
      return get(id);
    },

    /** Changes the fields given; the rest stay as they were. The whole result is checked again. */
    async update(id: string, changes: Partial<OrganisationInput>): Promise<OrganisationSummary> {
      const current = await get(id);
      const value = checked({
        name: changes.name ?? current.name,
        ipRanges: changes.ipRanges ?? current.ipRanges,
        emailDomains: changes.emailDomains ?? current.emailDomains,
        seatLimit: changes.seatLimit !== undefined ? changes.seatLimit : current.seatLimit,
        validUntil: changes.validUntil !== undefined ? changes.validUntil : current.validUntil,
        contactName: changes.contactName ?? current.contactName,
        contactEmail: changes.contactEmail ?? current.contactEmail,
        active: changes.active ?? current.active,
      });
      if (!(await updateOrganisation(db, id, value, clock()))) throw notFound('organisation');
      changed();
      return get(id);
    },

    /** Stops the licence granting anything; members keep their rows (a reactivated licence has them back). */
    async deactivate(id: string): Promise<OrganisationSummary> {
      const current = await get(id);
      if (!current.active) return current;
      await updateOrganisation(db, id, { ...current, active: false }, clock());
      changed();
      return get(id);
    },
  };
}
