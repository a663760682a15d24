/**
 * Test support for the meter: published articles of each access level, signed-in readers and
 * paying subscribers, and a reader's-eye view of a page (the counter's numbers, walled or not).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { expect } from 'vitest';
import { signUpConfirmed, TestBrowser } from '../accounts/account-test-support.js';
import { buildApp } from '../app.js';
import type { AccessLevel } from '../articles/article.js';
import { createLocalContentEvents } from '../cache/content-events.js';
import { loadConfig } from '../config.js';
import { openPostgres } from '../db/connect.js';
import type { DbHandle } from '../db/database.js';
import { openServerPostgres } from '../db/test-databases.js';
import { seedDemoPlans } from '../subscriptions/index.js';
import type { PaymentChange, PaymentEvent, SubscriptionSnapshot } from '../subscriptions/payments-gateway.js';
import type { TestApp } from '../test-support/test-app.js';

export const PASSWORD = 'correct horse battery';

/** The sentence that closes every test article's body: behind the wall, it must never leak. */
export const WALLED_SENTENCE = 'The walled sentence is zebra-quartz-lantern.';

export function bodyOf(n: number): string {
  return [
    `Lead paragraph of story ${n}, which anyone may read.`,
    `Second paragraph of story ${n}, still in the lead-in.`,
    `Third paragraph of story ${n}, behind the wall.`,
    '## Later',
    // Most of a story is behind its wall: the lead-in is capped at a share of the text (lead-in.ts).
    `More of story ${n} behind the wall. ${'The council met again and said much the same as before. '.repeat(10)}`,
    WALLED_SENTENCE,
  ].join('\n\n');
}

export interface TestStory {
  id: string;
  path: string;
}

let stories = 0;

/** Publishes `count` stories of an access level in the `news` section (seedBasics first). */
export async function publishStories(t: TestApp, count: number, access: AccessLevel = 'metered'): Promise<TestStory[]> {
  const out: TestStory[] = [];
  for (let i = 0; i < count; i++) {
    stories++;
    const a = await t.services.articles.create(
      {
        headline: `Story number ${stories} (${access})`,
        dek: `The dek of story ${stories}.`,
        section: 'news',
        authors: ['mara-quint'],
        status: 'published',
        access,
        publishedAt: new Date('2026-11-20T08:00:00Z'),
        body: bodyOf(stories),
      },
      'test',
    );
    out.push({ id: a.id, path: `/news/2026/11/20/${a.slug}` });
  }
  return out;
}

let readers = 0;

/** A reader who signed up, confirmed the address and signed in, in their own browser. */
export async function signedInReader(t: TestApp, b = new TestBrowser(t.app)): Promise<{ b: TestBrowser; email: string; id: string }> {
  readers++;
  const email = `meter-${readers}-${Math.random().toString(36).slice(2, 6)}@example.com`;
  await signUpConfirmed(t, email, PASSWORD, b);
  const reader = await t.services.accounts.findReaderByEmail(email);
  if (!reader) throw new Error('no reader');
  return { b, email, id: reader.id };
}

let events = 0;

/** Makes a reader a subscriber to the demo "Digital" plan (web and the daily email), through the payment events. */
export async function subscribeReader(t: TestApp, readerId: string): Promise<void> {
  await seedDemoPlans(t.services.db, () => t.clock.now);
  const plan = (await t.services.plans.listActive()).find((p) => p.slug === 'digital-monthly');
  if (!plan) throw new Error('no demo plan');
  events++;
  const snapshot: SubscriptionSnapshot = {
    providerSubscriptionId: `sub_meter_${events}`,
    providerCustomerId: `cus_meter_${events}`,
    status: 'active',
    currentPeriodEnd: new Date(t.clock.now.getTime() + 30 * 86_400_000),
    cancelAtPeriodEnd: false,
    trialEnd: null,
    readerId,
    planId: plan.id,
    priceId: null,
    version: Math.floor(t.clock.now.getTime() / 1000),
  };
  const change: PaymentChange = {
    kind: 'checkout_completed',
    readerId,
    planId: plan.id,
    providerCustomerId: snapshot.providerCustomerId,
    providerSubscriptionId: snapshot.providerSubscriptionId,
    snapshot,
    paid: true,
  };
  const event: PaymentEvent = { provider: 'demo', eventId: `evt_meter_${events}`, type: 'test', created: snapshot.version, change };
  expect(await t.services.subscriptions.processEvent(event)).toBe('applied');
}

/** What a page shows of the meter: the counter's numbers, and whether the body was walled. */
export function meterOf(r: LightMyRequestResponse): { used: number; allowance: number } | 'walled' | 'none' {
  if (r.body.includes('class="paywall"')) {
    expect(r.body).not.toContain(WALLED_SENTENCE);
    return 'walled';
  }
  const used = /class="meter-used">(\d+)</.exec(r.body);
  const allowance = /class="meter-allowance">(\d+)</.exec(r.body);
  if (used?.[1] && allowance?.[1]) return { used: Number(used[1]), allowance: Number(allowance[1]) };
  return 'none';
}

/**
 * Two apps ("processes") on one database of the real PostgreSQL server, each with its own pool,
 * page cache and in-process meter memory, sharing the signing keys and one clock.
 */
export async function twoProcessesOnServer(): Promise<{ a: TestApp; b: TestApp; close(): Promise<void> }> {
  const server = await openServerPostgres();
  const second = openPostgres(server.databaseUrl, 4);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-meter-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    MASTHEAD_DATA_DIR: dataDir,
    PUBLIC_URL: 'https://paper.test',
    MASTHEAD_SECRET_KEYS: 'a meter test key that is long enough to sign',
  });
  const clock = {
    now: new Date('2026-12-06T10:00:00Z'),
    set(d: Date) {
      clock.now = d;
    },
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  const build = async (handle: DbHandle): Promise<TestApp> => {
    const { app, services } = await buildApp({
      config,
      handle,
      log: pino({ level: 'silent' }),
      events: createLocalContentEvents(),
      clock: () => clock.now,
    });
    await app.ready();
    return { app, services, handle, config, clock, close: async () => app.close() };
  };
  const a = await build(server);
  const b = await build(second);
  return {
    a,
    b,
    async close() {
      await a.close();
      await b.close();
      await second.close();
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
