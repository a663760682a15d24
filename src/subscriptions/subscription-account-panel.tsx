/**
 * The subscription's panel on /account, with the gifts the reader has received and given. The
 * composition root (src/services.ts) adds it to the account page.
 */
import type { ComponentChild } from 'preact';
import type { Clock } from '../platform.js';
import { pauseInForce } from './subscription.js';
import type { SubscriptionService } from './subscription-service.js';
import { subscriptionState } from './subscription-state.js';
import { GiftPanel } from './views/gift-panel.js';
import { SubscriptionPanel } from './views/subscription-panel.js';

export interface SubscriptionAccountPanelDeps {
  subscriptions: Pick<SubscriptionService, 'currentFor' | 'gifts'>;
  timeZone: string;
  clock: Clock;
}

export function subscriptionAccountPanel(
  deps: SubscriptionAccountPanelDeps,
): (reader: { id: string }, page: { csrf: string }) => Promise<ComponentChild> {
  const { subscriptions: subs, timeZone } = deps;
  return async (reader, page) => {
    const [found, received, given] = await Promise.all([
      subs.currentFor(reader.id),
      subs.gifts.receivedBy(reader.id),
      subs.gifts.boughtBy(reader.id),
    ]);
    const now = deps.clock();
    const current = found && { ...found, state: subscriptionState(found.subscription, now), pause: pauseInForce(found.subscription, now) };
    // A reader reading on a gift is not told "you have no subscription".
    const onGift = received.some((g) => g.active);
    return (
      <>
        {current || !onGift ? <SubscriptionPanel current={current} timeZone={timeZone} csrf={page.csrf} /> : null}
        {received.length > 0 || given.length > 0 ? (
          <GiftPanel received={received} given={given} subscribed={current !== undefined} timeZone={timeZone} csrf={page.csrf} />
        ) : null}
      </>
    );
  };
}
