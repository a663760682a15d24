/**
 * Test support: a stand-in for the accounts feature's reader in route tests that mount the
 * subscription routes on their own Fastify (accounts are tested on their own): a whole `Reader`,
 * and an `updateProfile` that keeps the address it is given, as the accounts feature would.
 */
import pino from 'pino';
import type { PostalAddress, Reader } from '../accounts/index.js';
import { startJobRunner } from '../jobs/job-queue.js';
import type { TestApp } from '../test-support/test-app.js';
import { accessEndedJobHandlers, scheduleAccessEndedNotices } from './access-ended-jobs.js';
import type { ReaderAccounts } from './subscription-route-deps.js';

export const QUAY_STREET: PostalAddress = {
  line1: '1 Quay St',
  line2: '',
  city: 'Ellery',
  region: '',
  postcode: 'EL1 1AA',
  country: 'New Zealand',
};

export function standInReader(over: Partial<Reader> & { id: string; email: string }): Reader {
  const at = new Date('2026-11-01T00:00:00Z');
  return {
    emailVerifiedAt: at,
    hasPassword: true,
    name: '',
    address: QUAY_STREET,
    emailPreferences: { dailyEmail: false, offers: false },
    closedAt: null,
    createdAt: at,
    updatedAt: at,
    ...over,
  };
}

/** Accounts for a stand-in app: whoever `current()` answers is signed in; every form token is "ok". */
export function standInAccounts(current: () => Reader | undefined): ReaderAccounts {
  return {
    readerFromRequest: async () => current(),
    csrf: { token: async () => 'ok', guard: async () => {} },
    async updateProfile(reader, p) {
      Object.assign(reader, { name: p.name, address: p.address });
    },
  };
}

/**
 * Runs the subscriptions feature's jobs as a freshly started worker would: scheduled as at the
 * process start (src/main.ts), then every due one (the subscriber's emails among them).
 */
export async function runMoneyJobs(t: TestApp): Promise<void> {
  await scheduleAccessEndedNotices(t.services, t.clock.now);
  await runDueMoneyJobs(t);
}

/** The subscriptions feature's jobs due now, as the worker would run them (nothing scheduled by the test). */
export async function runDueMoneyJobs(t: TestApp): Promise<void> {
  const runner = startJobRunner({
    db: t.services.db,
    dialect: t.services.dialect,
    clock: t.services.clock,
    log: pino({ level: 'silent' }),
    handlers: accessEndedJobHandlers(t.services),
    pollMs: 3_600_000,
  });
  await runner.runDue();
  await runner.stop();
}
