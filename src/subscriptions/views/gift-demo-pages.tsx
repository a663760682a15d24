/**
 * The demo gateway's gift checkout (/gift/demo/:session) and its decline page: each says plainly
 * that it is a demo. Pure.
 */
import type { PageChrome } from '../../views/layout.js';
import { monthsLabel } from '../gift.js';
import type { Plan } from '../plan.js';
import { DemoNotice, GiftLayout, planLabel } from './gift-pages.js';

export interface DemoGiftCheckoutProps {
  chrome: PageChrome;
  label: string;
  sessionId: string;
  plan: Plan;
  months: number;
  amount: string;
  recipientEmail: string;
  purchaserEmail: string;
  csrf: string;
}

export function DemoGiftCheckoutPage(p: DemoGiftCheckoutProps) {
  return (
    <GiftLayout chrome={p.chrome} title="Demo checkout: a gift">
      <DemoNotice label={p.label} />
      <p>
        This paper has no payment provider configured, so this page stands in for one. Choose what the payment should do; the rest of the
        paper treats the result exactly as it would a real one.
      </p>
      <dl>
        <dt>Gift</dt>
        <dd>
          {planLabel(p.plan)}, {monthsLabel(p.months)}
        </dd>
        <dt>Price, paid once</dt>
        <dd>{p.amount}</dd>
        <dt>For</dt>
        <dd>{p.recipientEmail}</dd>
        <dt>Account</dt>
        <dd>{p.purchaserEmail}</dd>
      </dl>
      <form method="post" action={`/gift/demo/${p.sessionId}/complete`}>
        <input type="hidden" name="_csrf" value={p.csrf} />
        <button type="submit" class="button">
          Complete the payment (demo)
        </button>
      </form>
      <form method="post" action={`/gift/demo/${p.sessionId}/fail`}>
        <input type="hidden" name="_csrf" value={p.csrf} />
        <button type="submit" class="button">
          Decline the payment (demo)
        </button>
      </form>
      <p>
        <a href="/gift/cancel">Cancel and go back</a>
      </p>
    </GiftLayout>
  );
}

export function DemoGiftDeclinedPage({ chrome, label }: { chrome: PageChrome; label: string }) {
  return (
    <GiftLayout chrome={chrome} title="Payment declined">
      <DemoNotice label={label} />
      <p>The demo payment was declined, as you asked. Nothing was charged and no gift was sent.</p>
      <p>
        <a href="/gift">Back to gifts</a>
      </p>
    </GiftLayout>
  );
}
