/**
 * Tests' paused subscriber: a reader and a Stripe subscription to `plan` whose payment collection
 * is paused (or not, `pause` null), made through the payment processor as the webhook's
 * `customer.subscription.updated` makes it, at the test clock's time.
 */
import { expect } from 'vitest';
import { insertReader } from '../accounts/reader-repository.js';
import type { Plan } from '../subscriptions/index.js';
import type { TestApp } from '../test-support/test-app.js';

export async function pausedSubscriber(
  t: TestApp,
  id: string,
  plan: Plan,
  pause: { behavior: string; resumesAt: Date | null } | null,
  name = '',
): Promise<void> {
  await insertReader(t.services.db, { id, email: `${id}@example.org`, passwordHash: null, at: t.clock.now });
  if (name) await t.services.db.updateTable('readers').set({ name, email_verified_at: t.clock.now }).where('id', '=', id).execute();
  const version = Math.floor(t.clock.now.getTime() / 1000);
  const snapshot = {
    providerSubscriptionId: `sub_${id}`,
    providerCustomerId: `cus_${id}`,
    status: 'active' as const,
    currentPeriodEnd: new Date('2027-01-25T09:00:00Z'),
    cancelAtPeriodEnd: false,
    trialEnd: null,
    readerId: id,
    planId: plan.id,
    priceId: null,
    version,
    pause,
  };
  const outcome = await t.services.subscriptions.processEvent({
    provider: 'stripe',
    eventId: `evt_${id}`,
    type: 'customer.subscription.updated',
    created: version,
    change: { kind: 'subscription_changed', snapshot },
  });
  expect(outcome).toBe('applied');
}
