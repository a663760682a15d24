// The migration set, in order. Both dialects run the same list.
import type { Migration } from 'kysely';
import * as publishingCore from './2026_11_25_0900_publishing_core.js';

export const migrations: Record<string, Migration> = {
  '2026_11_25_0900_publishing_core': publishingCore,
};
