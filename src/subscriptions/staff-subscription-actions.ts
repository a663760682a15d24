/**
 * What the business office does to a reader's subscriptions from the admin (src/reader-admin):
 * give a comp of a plan until a date, and end a subscription at its period end or now. A comp
 * is written here with the audit entry in one transaction (`also`); ending a paid one asks the
 * payments gateway first and applies the state it answers, as the reader's own cancelling does.
 */
import type { Db } from '../db/database.js';
import { AppError, invalid, notFound } from '../http/app-error.js';
import type { Clock, JobQueue } from '../platform.js';
import { ACCESS_ENDED_JOB } from './access-ended-job-kind.js';
import { grantComplimentaryFor } from './complimentary.js';
import type { PaymentsGateway } from './payments-gateway.js';
import { findPlanById } from './plan-repository.js';
import { COMPLIMENTARY, type SubscriptionRecord } from './subscription.js';
import { endComplimentarySubscription, findSubscriptionById, listSubscriptionsOfReaders } from './subscription-repository.js';
import { type SubscriptionState, subscriptionState } from './subscription-state.js';
import type { createPaymentProcessor } from './webhook-processor.js';

export interface StaffSubscriptionDeps {
  db: Db;
  clock: Clock;
  gateway: PaymentsGateway;
  processor: Pick<ReturnType<typeof createPaymentProcessor>, 'applySnapshot'>;
  /** Absent: the hourly access-ended run tells the reader; present: it runs at once after a "now". */
  jobs?: JobQueue | undefined;
}

export type StaffCancelWhen = 'period-end' | 'now';

export function createStaffSubscriptionActions(deps: StaffSubscriptionDeps) {
  const { db, clock, gateway, processor } = deps;

  async function theirs(readerId: string, subscriptionId: string): Promise<SubscriptionRecord> {
    const sub = await findSubscriptionById(db, subscriptionId);
    if (!sub || sub.readerId !== readerId) throw notFound('subscription');
    return sub;
  }

  return {
    /**
     * The subscriptions of a page of readers in one query, each with its plan's name and where
     * it stands now, oldest first per reader (the subscribers' CSV export).
     */
    async historiesOf(
      readerIds: readonly string[],
    ): Promise<Map<string, { subscription: SubscriptionRecord; planName: string; state: SubscriptionState }[]>> {
      const now = clock();
      const out = new Map<string, { subscription: SubscriptionRecord; planName: string; state: SubscriptionState }[]>();
      const rows = (await listSubscriptionsOfReaders(db, readerIds)).sort(
        (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id),
      );
      for (const { planName, entitlements: _, ...subscription } of rows) {
        const list = out.get(subscription.readerId) ?? [];
        list.push({ subscription, planName, state: subscriptionState(subscription, now) });
        out.set(subscription.readerId, list);
      }
      return out;
    },

    /**
     * Gives `readerId` the plan, billed by nobody, until `until` (an instant, or null for no
     * end). 400 naming `plan` or `until` when they are not acceptable; 409 while the reader
     * holds a subscription to the plan that still gives access. `also` runs in the transaction
     * (the audit entry).
     */
    async comp(
      input: { readerId: string; planId: string; until: Date | null },
      also?: (tx: Db, subscription: SubscriptionRecord, planName: string) => Promise<void>,
    ): Promise<SubscriptionRecord> {
      const now = clock();
      const plan = await findPlanById(db, input.planId);
      if (!plan) throw invalid([{ field: 'plan', message: 'Choose a plan from the list.' }]);
      if (input.until && input.until <= now) throw invalid([{ field: 'until', message: 'The last day must be in the future.' }]);
      return db.transaction().execute(async (tx) => {
        const made = await grantComplimentaryFor(tx, { readerId: input.readerId, planId: plan.id, until: input.until, at: now });
        if (made === 'held')
          throw new AppError('CONFLICT', 409, `This reader already has ${plan.name}, which still gives access: nothing to comp.`, [
            { field: 'plan', message: `already held: ${plan.name}` },
          ]);
        if (also) await also(tx, made, plan.name);
        return made;
      });
    },

    /**
     * Ends one of the reader's subscriptions: at the period end (it renews no more), or now (no
     * more access, nothing more charged). A comp ends here; a paid one through the gateway,
     * whose answer is applied. 409 when it is billed by another provider or already ended.
     */
    async cancel(readerId: string, subscriptionId: string, when: StaffCancelWhen): Promise<SubscriptionRecord> {
      const sub = await theirs(readerId, subscriptionId);
      const now = clock();
      const state = subscriptionState(sub, now);
      if (state.kind === 'ended' || sub.status === 'canceled')
        throw new AppError('SUBSCRIPTION_ENDED', 409, 'This subscription has already ended.');
      if (sub.provider === COMPLIMENTARY) {
        if (when === 'now') await endComplimentarySubscription(db, sub.id, now);
        else if (!sub.cancelAtPeriodEnd && sub.currentPeriodEnd === null)
          throw new AppError('CONFLICT', 409, 'This comp has no end date: end it now instead.');
        return (await findSubscriptionById(db, sub.id)) ?? sub;
      }
      if (sub.provider !== gateway.provider)
        throw new AppError('PROVIDER_MISMATCH', 409, `This subscription is billed by ${sub.provider}, not ${gateway.provider}.`);
      if (when === 'period-end' && sub.cancelAtPeriodEnd) return sub;
      const snapshot = when === 'now' ? await gateway.cancelNow(sub) : await gateway.cancelAtPeriodEnd(sub);
      await processor.applySnapshot(gateway.provider, snapshot);
      // Access ended now: the "your access has ended" run (access-ended-jobs.ts) is moved to now,
      // so the reader hears of it at once rather than within the hour.
      if (when === 'now')
        await deps.jobs?.enqueue(db, { kind: ACCESS_ENDED_JOB, payload: {}, runAt: clock(), dedupeKey: ACCESS_ENDED_JOB });
      return (await findSubscriptionById(db, sub.id)) ?? sub;
    },
  };
}
export type StaffSubscriptionActions = ReturnType<typeof createStaffSubscriptionActions>;
