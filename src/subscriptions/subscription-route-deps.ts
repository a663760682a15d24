/**
 * What the money pages need of the rest of the app: the feature's own services and narrow ports
 * (the composition root passes them). Apart from the route modules so that they import it, not each other.
 */
import type { FastifyRequest } from 'fastify';
import type { PostalAddress, Reader } from '../accounts/index.js';
import type { Csrf } from '../http/csrf.js';
import type { PageChrome } from '../views/layout.js';
import type { PlanService } from './plan-service.js';
import type { SubscriptionService } from './subscription-service.js';

/** Who is signed in, their address, and the CSRF helper every form uses (the accounts feature provides them). */
export interface ReaderAccounts {
  readerFromRequest(request: FastifyRequest): Promise<Reader | undefined>;
  csrf: Pick<Csrf, 'token' | 'guard'>;
  /** Saves the reader's name and postal address: the account page's own call (src/accounts). */
  updateProfile(reader: Reader, profile: { name: string; address: PostalAddress }): Promise<void>;
}

/** What the money pages need: the feature's own services and the ports below (the app's services have all of it). */
export interface SubscriptionRouteDeps {
  subscriptions: SubscriptionService;
  plans: PlanService;
  accounts: ReaderAccounts;
  chrome(): Promise<PageChrome>;
  /** The funnel: checkouts started, against paywalls shown (src/funnel). */
  funnel: {
    record(e: {
      type: 'checkout_started' | 'print_checkout_started';
      articleId: null;
      sectionId: null;
      period: string;
      at: Date;
      arm?: { experimentId: string; arm: 'A' | 'B' } | undefined;
    }): void;
  };
  /** The running experiment (src/experiments): a signed-in reader's checkout counts for their arm. */
  experiments: { armOfReader(readerId: string): { experimentId: string; arm: 'A' | 'B' } | null };
  clock: () => Date;
  config: { timezone: string };
}
