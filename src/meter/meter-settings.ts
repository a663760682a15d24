/**
 * The meter's policy and paywall copy as the running app holds them: the policy synchronously
 * (the content-read service consults it on every read), the copy loaded on demand. Both are
 * read again after any content change, which every process hears (LISTEN/NOTIFY on PostgreSQL).
 */
import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import { DEFAULT_METER_POLICY, type MeterPolicy } from './meter-policy.js';
import { readMeterPolicy, readPaywallCopy, writeMeterPolicy, writePaywallCopy } from './meter-settings-repository.js';
import type { PaywallCopy } from './paywall-copy.js';

export interface MeterSettingsDeps {
  db: Db;
  log: Pick<Logger, 'error'>;
  /** Announces a change to every process (their page caches empty and they reload these). */
  changed(): void;
}

export function createMeterSettings(deps: MeterSettingsDeps) {
  let policy: MeterPolicy = DEFAULT_METER_POLICY;
  let copy: Promise<PaywallCopy> | undefined;
  let generation = 0;
  let inflight: Promise<void> = Promise.resolve();

  function reload(): Promise<void> {
    const mine = ++generation;
    copy = undefined;
    const pending = readMeterPolicy(deps.db).then(
      (p) => {
        if (mine === generation) policy = p;
      },
      (e: unknown) => deps.log.error({ err: e }, 'reading the meter policy failed; keeping the one in memory'),
    );
    inflight = Promise.all([inflight, pending]).then(() => undefined);
    return pending;
  }

  return {
    /** The policy now (defaults until `reload` has run once). */
    policy: (): MeterPolicy => policy,
    reload,
    /** Resolves when no reload is under way (the app waits for it before the database closes). */
    settled: (): Promise<void> => inflight,
    /** Saves a new policy (already parsed) and applies it here at once, elsewhere on the change event. */
    async savePolicy(p: MeterPolicy, at: Date): Promise<void> {
      await writeMeterPolicy(deps.db, p, at);
      policy = p;
      deps.changed();
    },
    async saveCopy(c: PaywallCopy, at: Date): Promise<void> {
      await writePaywallCopy(deps.db, c, at);
      copy = Promise.resolve(c);
      deps.changed();
    },
    /**
     * Saves the policy and the copy together, in one transaction (the business office's form
     * edits both: a failure leaves neither changed), applies both here and announces the change once.
     * `also` writes more of the same change inside that transaction.
     */
    async saveAll(p: MeterPolicy, c: PaywallCopy, at: Date, also?: (tx: Db) => Promise<void>): Promise<void> {
      // `also`: more writes of the same change, in the same transaction (an experiment rolled out, its audit entry).
      await deps.db.transaction().execute(async (tx) => {
        await writeMeterPolicy(tx, p, at);
        await writePaywallCopy(tx, c, at);
        if (also) await also(tx);
      });
      policy = p;
      copy = Promise.resolve(c);
      deps.changed();
    },
    copy(): Promise<PaywallCopy> {
      if (!copy) {
        const pending = readPaywallCopy(deps.db);
        copy = pending;
        pending.catch(() => {
          if (copy === pending) copy = undefined;
        });
      }
      return copy;
    },
  };
}

export type MeterSettings = ReturnType<typeof createMeterSettings>;
