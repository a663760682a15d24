/**
 * The one entitlement service: given a reader (or an anonymous request with its client address)
 * and a time, which entitlements hold and why. The meter, the newsletter and the print edition
 * all ask it; it is the only reader of subscription rows outside the webhook processor.
 */
import type { Db, Dialect } from '../db/database.js';
import { createRangeMatcher } from '../net/cidr.js';
import type { Clock } from '../platform.js';
import { decideEntitlements, type EntitlementDecision, type EntitlementTerm, entitlementTerm, type OrgMatch } from './entitlements.js';
import { listGiftRecipientsOnPlans, listRedeemedGifts, listRedeemedGiftsOfReaders } from './gift-repository.js';
import { emailDomain, licenceEndsAt, type Organisation } from './group-licence.js';
import { claimSeat, listActiveOrganisations, seatUsage } from './organisation-repository.js';
import type { Entitlement } from './plan.js';
import { listPlans } from './plan-repository.js';
import { listReaderIdsOnPlans, listReaderSubscriptions, listSubscriptionsOfReaders } from './subscription-repository.js';

export interface EntitlementQuery {
  readerId?: string | undefined;
  readerEmail?: string | undefined;
  /** Only a verified address counts for a group licence by email domain. */
  emailVerified?: boolean | undefined;
  /** `request.ip`: the socket's address, or the forwarded one when the peer is a trusted proxy. */
  clientIp: string;
  at: Date;
}

export interface EntitlementServiceDeps {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  /** The paper's time zone: a licence's last day ends at midnight there. */
  timeZone: string;
}

export type EntitlementService = ReturnType<typeof createEntitlementService>;

/** Organisations change rarely and are asked about on every page view: keep them this long. */
const ORGANISATION_TTL_MS = 30_000;

/** A loaded organisation: its range matcher, and the instant its term ends (ms; Infinity: no end), worked out once. */
type CachedOrganisation = Organisation & { matchesIp: (ip: string) => boolean; endsAt: number };

const inForce = (o: CachedOrganisation, at: Date) => at.getTime() < o.endsAt;

export function createEntitlementService(deps: EntitlementServiceDeps) {
  const { db, dialect, clock, timeZone } = deps;
  let cache: { loadedAt: number; orgs: Promise<CachedOrganisation[]>; loaded?: CachedOrganisation[] } | undefined;

  function organisations(): Promise<CachedOrganisation[]> {
    const now = clock().getTime();
    if (!cache || now - cache.loadedAt > ORGANISATION_TTL_MS || now < cache.loadedAt) {
      const orgs = listActiveOrganisations(db).then((list) =>
        list.map((o) => ({
          ...o,
          matchesIp: createRangeMatcher(o.ipRanges),
          endsAt: o.validUntil === null ? Number.POSITIVE_INFINITY : licenceEndsAt(o.validUntil, timeZone).getTime(),
        })),
      );
      const entry: NonNullable<typeof cache> = { loadedAt: now, orgs };
      cache = entry;
      orgs.then(
        (list) => {
          entry.loaded = list;
        },
        () => {
          if (cache === entry) cache = undefined;
        },
      );
    }
    return cache.orgs;
  }

  /** The organisations, synchronously when they are loaded and fresh (the hot path of anonymous pages). */
  function organisationsNow(): CachedOrganisation[] | Promise<CachedOrganisation[]> {
    const pending = organisations();
    return cache?.loaded ?? pending;
  }

  async function groupMatches(q: EntitlementQuery): Promise<OrgMatch[]> {
    // Only active organisations are loaded; a licence whose last day is over grants nothing.
    const orgs = (await organisations()).filter((o) => inForce(o, q.at));
    const matches: OrgMatch[] = [];
    const byIp = new Set<string>();
    for (const o of orgs) {
      if (o.matchesIp(q.clientIp)) {
        byIp.add(o.id);
        matches.push({ organisationId: o.id, name: o.name, via: 'ip', seatLimit: o.seatLimit, seatsUsed: 0, isMember: false });
      }
    }
    const domain = q.readerId && q.readerEmail && q.emailVerified ? emailDomain(q.readerEmail) : null;
    if (!q.readerId || domain === null) return matches;
    const byDomain = orgs.filter((o) => !byIp.has(o.id) && o.emailDomains.includes(domain));
    if (byDomain.length === 0) return matches;
    const usage = await seatUsage(
      db,
      byDomain.map((o) => o.id),
      q.readerId,
    );
    for (const o of byDomain) {
      const u = usage.get(o.id) ?? { used: 0, isMember: false };
      let isMember = u.isMember;
      // A reader who qualifies and finds a free seat takes it, so the limit counts people, not requests.
      if (!isMember && (o.seatLimit === null || u.used < o.seatLimit)) {
        const readerId = q.readerId;
        isMember = await db.transaction().execute((tx) => claimSeat(tx, o, readerId, q.at, dialect === 'postgres'));
      }
      matches.push({ organisationId: o.id, name: o.name, via: 'email_domain', seatLimit: o.seatLimit, seatsUsed: u.used, isMember });
    }
    return matches;
  }

  return {
    async entitlementsFor(q: EntitlementQuery): Promise<EntitlementDecision> {
      const [orgMatches, subscriptions, gifts] = await Promise.all([
        groupMatches(q),
        q.readerId ? listReaderSubscriptions(db, q.readerId) : Promise.resolve([]),
        q.readerId ? listRedeemedGifts(db, q.readerId) : Promise.resolve([]),
      ]);
      return decideEntitlements({ subscriptions, orgMatches, gifts, now: q.at });
    },

    /**
     * Which of these readers hold `entitlement` at `at` through a subscription or a redeemed
     * gift: the same decision as `entitlementsFor`, for a page of readers in two queries. Group
     * licences are left out: they grant reading to whoever is inside a network or a domain, and
     * no plan of theirs promises the daily email.
     */
    async readersEntitledTo(entitlement: Entitlement, readerIds: readonly string[], at: Date): Promise<Set<string>> {
      const [subscriptions, gifts] = await Promise.all([
        listSubscriptionsOfReaders(db, readerIds),
        listRedeemedGiftsOfReaders(db, readerIds),
      ]);
      const byReader = new Map<string, { subscriptions: typeof subscriptions; gifts: typeof gifts }>();
      const of = (id: string) => {
        const known = byReader.get(id);
        if (known) return known;
        const e = { subscriptions: [] as typeof subscriptions, gifts: [] as typeof gifts };
        byReader.set(id, e);
        return e;
      };
      for (const s of subscriptions) of(s.readerId).subscriptions.push(s);
      for (const g of gifts) of(g.readerId).gifts.push(g);
      const out = new Set<string>();
      for (const [id, facts] of byReader)
        if (decideEntitlements({ ...facts, orgMatches: [], now: at }).entitlements.includes(entitlement)) out.add(id);
      return out;
    },

    /**
     * Every reader who has ever had `entitlement` through a subscription or a redeemed gift, a
     * page at a time in id order, each with the term it holds at `at` (`entitlementTerm`: until
     * when, or why not). The print edition's mailing list walks its audience with it, holding
     * one page in memory. Group licences are left out, as in `readersEntitledTo`.
     */
    async *termsOfReaders(
      entitlement: Entitlement,
      at: Date,
      pageSize = 500,
    ): AsyncGenerator<{ readerId: string; term: EntitlementTerm }[]> {
      const planIds = (await listPlans(db, { activeOnly: false })).filter((p) => p.entitlements.includes(entitlement)).map((p) => p.id);
      if (planIds.length === 0) return;
      let after = '';
      for (;;) {
        const [subscribed, gifted] = await Promise.all([
          listReaderIdsOnPlans(db, planIds, after, pageSize),
          listGiftRecipientsOnPlans(db, planIds, after, pageSize),
        ]);
        // Two keyset lists merged: past the last id of a full page, the other list may hold ids
        // this page has not seen yet, so the page stops at the smaller of the full pages' last ids.
        const bounds = [subscribed, gifted].filter((l) => l.length === pageSize).map((l) => l[l.length - 1] as string);
        const bound = bounds.sort()[0];
        const ids = [...new Set([...subscribed, ...gifted])].filter((id) => bound === undefined || id <= bound).sort();
        if (ids.length === 0) return;
        const [subscriptions, gifts] = await Promise.all([listSubscriptionsOfReaders(db, ids), listRedeemedGiftsOfReaders(db, ids)]);
        const page = ids.map((readerId) => ({
          readerId,
          term: entitlementTerm(
            { subscriptions: subscriptions.filter((s) => s.readerId === readerId), gifts: gifts.filter((g) => g.readerId === readerId) },
            entitlement,
            at,
          ),
        }));
        yield page;
        after = ids[ids.length - 1] as string;
      }
    },

    /**
     * Whether an anonymous request holds `web` by its address (a group licence's ranges): the
     * same answer as `entitlementsFor({ clientIp, at })`, synchronous once the organisations are
     * loaded, so an anonymous article page awaits nothing here.
     */
    webByAddress(clientIp: string): boolean | Promise<boolean> {
      const orgs = organisationsNow();
      const at = clock();
      const match = (list: CachedOrganisation[]) => list.some((o) => o.matchesIp(clientIp) && inForce(o, at));
      return Array.isArray(orgs) ? match(orgs) : orgs.then(match);
    },

    /** Forget the cached organisations (after an admin change: src/services.ts calls it on every change event). */
    invalidateOrganisations(): void {
      cache = undefined;
    },
  };
}
