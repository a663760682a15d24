// The migration set, in order. Both dialects run the same list.
import type { Migration } from 'kysely';
import * as publishingCore from './2026_11_25_0900_publishing_core.js';
import * as accounts from './2026_11_25_1200_accounts.js';
import * as subscriptions from './2026_11_25_1300_subscriptions.js';
import * as articleCreatedBy from './2026_11_25_1400_article_created_by.js';

export const migrations: Record<string, Migration> = {
  '2026_11_25_0900_publishing_core': publishingCore,
  '2026_11_25_1200_accounts': accounts,
  '2026_11_25_1300_subscriptions': subscriptions,
  '2026_11_25_1400_article_created_by': articleCreatedBy,
};
