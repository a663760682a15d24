/**
 * What the account pages need of the app, and nothing more: their own feature's service, the
 * page shell, the clock (a limited request's Retry-After) and the paper's time zone (times on
 * the pages). The root hands it to `registerAccountRoutes`.
 */
import type { Config } from '../config.js';
import type { Clock } from '../platform.js';
import type { PageChrome } from '../views/layout.js';
import type { AccountService } from './account-service.js';

export interface AccountRouteDeps {
  /** Readers, staff, sessions, CSRF tokens and the account flows. */
  accounts: AccountService;
  /** Site name, sections and URL for the page shell. */
  chrome(): Promise<PageChrome>;
  clock: Clock;
  config: Pick<Config, 'timezone'>;
}
