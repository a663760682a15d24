/**
 * Admin API for reader data (the business role): search readers by address, a page at a time,
 * and one reader's account, postal address, preferences, subscriptions and entitlements. Read
 * only. Subscriptions and their refunds come from the subscriptions feature (`historyFor`,
 * `refunds.refundsOf`) and entitlements from the entitlement service: nothing here reads
 * subscription rows.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import type { AccountService, ReaderSearch } from '../accounts/index.js';
import { notFound } from '../http/app-error.js';
import type { Clock } from '../platform.js';
import { type EntitlementService, pauseInForce, type SubscriptionService } from '../subscriptions/index.js';
import { ReaderJson, ReaderListJson, ReaderListQuery, RecordIdParams } from './admin-business-schemas.js';
import { adminRoute, BEARER_SECURITY } from './api-auth.js';
import { errors, listMeta } from './api-schemas.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** What the reader routes read: the reader search and record (accounts), their subscriptions and entitlements. */
export interface AdminReaderRouteDeps {
  readerSearch: ReaderSearch;
  accounts: Pick<AccountService, 'findReaderById'>;
  subscriptions: Pick<SubscriptionService, 'historyFor'> & { refunds: Pick<SubscriptionService['refunds'], 'refundsOf'> };
  entitlements: Pick<EntitlementService, 'entitlementsFor'>;
  clock: Clock;
}

export async function registerAdminReaderRoutes(scope: FastifyInstance, s: AdminReaderRouteDeps): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const common = { tags: ['admin'], security: BEARER_SECURITY };
  const readers = '/api/v1/admin/readers';

  app.get(
    readers,
    {
      config: adminRoute('readers.read'),
      schema: {
        ...common,
        summary: 'Search readers by email address, newest first',
        querystring: ReaderListQuery,
        response: { 200: ReaderListJson, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { email, page = 1, per_page: perPage = 20 } = request.query;
      const found = await s.readerSearch.search({ email, page, perPage });
      return {
        readers: found.rows.map((r) => ({
          id: r.id,
          email: r.email,
          name: r.name,
          email_verified: r.emailVerifiedAt !== null,
          created_at: r.createdAt.toISOString(),
          closed_at: iso(r.closedAt),
        })),
        meta: listMeta(page, perPage, found.total),
      };
    },
  );

  app.get(
    `${readers}/:id`,
    {
      config: adminRoute('readers.read'),
      schema: {
        ...common,
        summary: 'One reader: account, address, subscriptions, refunds and what they may read now',
        params: RecordIdParams,
        response: { 200: ReaderJson, ...errors(400, 401, 403, 404) },
      },
    },
    async (request): Promise<Static<typeof ReaderJson>> => {
      const reader = await s.accounts.findReaderById(request.params.id);
      if (!reader) throw notFound('reader');
      // No client address and no email: group licences are left out, so looking takes no seat on the reader's behalf.
      const now = s.clock();
      const [history, refunds, decision] = await Promise.all([
        s.subscriptions.historyFor(reader.id),
        s.subscriptions.refunds.refundsOf(reader.id),
        s.entitlements.entitlementsFor({ readerId: reader.id, clientIp: '', at: now }),
      ]);
      return {
        id: reader.id,
        email: reader.email,
        name: reader.name,
        email_verified: reader.emailVerifiedAt !== null,
        email_verified_at: iso(reader.emailVerifiedAt),
        has_password: reader.hasPassword,
        created_at: reader.createdAt.toISOString(),
        updated_at: reader.updatedAt.toISOString(),
        closed_at: iso(reader.closedAt),
        address: reader.address ? { ...reader.address } : null,
        email_preferences: { daily_email: reader.emailPreferences.dailyEmail, offers: reader.emailPreferences.offers },
        entitlements: {
          held: [...decision.entitlements],
          reasons: decision.reasons.map((r) => ({ ...r })),
          withheld: decision.withheld.map((w) => ({
            entitlement: w.entitlement,
            subscription_id: w.subscriptionId,
            plan_name: w.planName,
          })),
        },
        subscriptions: history.map(({ subscription: sub, planName, state }) => ({
          id: sub.id,
          plan_id: sub.planId,
          plan_name: planName,
          status: sub.status,
          state: state.kind,
          current_period_end: iso(sub.currentPeriodEnd),
          cancel_at_period_end: sub.cancelAtPeriodEnd,
          trial_end: iso(sub.trialEnd),
          grace_until: iso(sub.graceUntil),
          pause: sub.pause
            ? {
                behavior: sub.pause.behavior,
                since: sub.pause.since.toISOString(),
                resumes_at: iso(sub.pause.resumesAt),
                in_force: pauseInForce(sub, now) !== null,
              }
            : null,
          provider: sub.provider,
          created_at: sub.createdAt.toISOString(),
        })),
        refunds: refunds.map((r) => ({
          id: r.id,
          subscription_id: r.subscriptionId,
          amount_cents: r.amountCents,
          currency: r.currency,
          status: r.status,
          access: r.access,
          made_by: r.staffId === null ? null : { staff_id: r.staffId, name: r.staffName ?? '' },
          created_at: r.createdAt.toISOString(),
          updated_at: r.updatedAt.toISOString(),
        })),
      };
    },
  );
}
