/**
 * Test support for gift links: a signed-in reader (with or without a subscription), a published
 * article, and a small probe app that calls `admit` as the article route will, so admission can
 * be tested through HTTP with real cookies before the article route uses it.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { expect } from 'vitest';
import { signUpConfirmed, TestBrowser } from '../accounts/account-test-support.js';
import type { Article } from '../articles/article.js';
import { type PaymentEvent, seedDemoPlans } from '../subscriptions/index.js';
import { SAMPLE_BODY, type TestApp } from '../test-support/test-app.js';
import type { GiftAdmission } from './gift-link.js';
import type { GiftLinkService } from './gift-link-service.js';

export const PASSWORD = 'correct horse battery';
let readers = 0;
let events = 0;
let articles = 0;

export interface TestReader {
  b: TestBrowser;
  email: string;
  id: string;
}

/** A reader who signed up, confirmed the address and signed in, in their own browser. */
export async function signedInReader(t: TestApp): Promise<TestReader> {
  readers += 1;
  const email = `gift-${readers}-${Date.now().toString(36)}@example.com`;
  const b = new TestBrowser(t.app);
  await signUpConfirmed(t, email, PASSWORD, b);
  const reader = await t.services.accounts.findReaderByEmail(email);
  if (!reader) throw new Error('no reader');
  return { b, email, id: reader.id };
}

/** Gives the reader a paid Digital subscription (entitled to `web`) through a checkout event. */
export async function subscribe(t: TestApp, readerId: string): Promise<void> {
  if ((await t.services.plans.listActive()).length === 0) await seedDemoPlans(t.services.db, () => t.clock.now);
  const plan = (await t.services.plans.listActive()).find((p) => p.slug === 'digital-monthly');
  if (!plan) throw new Error('no digital plan');
  events += 1;
  const providerSubscriptionId = `sub_gift_${events}_${Date.now().toString(36)}`;
  const created = Math.floor(t.clock.now.getTime() / 1000);
  const snapshot = {
    providerSubscriptionId,
    providerCustomerId: `cus_gift_${events}`,
    status: 'active' as const,
    currentPeriodEnd: new Date('2027-06-01T00:00:00Z'),
    cancelAtPeriodEnd: false,
    trialEnd: null,
    readerId,
    planId: plan.id,
    priceId: null,
    version: created,
  };
  const event: PaymentEvent = {
    provider: 'demo',
    eventId: `evt_gift_${events}_${Date.now().toString(36)}`,
    type: 'test',
    created,
    change: {
      kind: 'checkout_completed',
      readerId,
      planId: plan.id,
      providerCustomerId: snapshot.providerCustomerId,
      providerSubscriptionId,
      snapshot,
      paid: true,
    },
  };
  expect(await t.services.subscriptions.processEvent(event)).toBe('applied');
}

/** A published article in the `news` section (seedBasics first). */
export async function publishArticle(t: TestApp, status: 'published' | 'draft' = 'published'): Promise<Article> {
  articles += 1;
  return t.services.articles.create(
    {
      headline: `Ferry timetable changes, part ${articles}`,
      dek: 'Fewer sailings in winter.',
      section: 'news',
      authors: ['mara-quint'],
      status,
      publishedAt: status === 'published' ? new Date('2026-11-20T08:00:00Z') : null,
      body: SAMPLE_BODY,
    },
    'test',
  );
}

/**
 * A tiny app with one route doing what the article route does with `?gift=`:
 * `GET /probe/<article id>?gift=<token>` answers the admission as JSON.
 */
export async function probeApp(giftLinks: GiftLinkService): Promise<FastifyInstance> {
  const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
  const schema = { params: Type.Object({ article: Type.String() }), querystring: Type.Object({ gift: Type.Optional(Type.String()) }) };
  app.get('/probe/:article', { schema }, async (request, reply) => {
    const { article } = request.params;
    const { gift = '' } = request.query;
    const admission: GiftAdmission = await giftLinks.admit(request, reply, { articleId: article, token: gift });
    return admission;
  });
  await app.ready();
  return app;
}

/** The token of a gift URL. */
export function tokenOf(url: string): string {
  const token = new URL(url).searchParams.get('gift');
  if (!token) throw new Error(`no token in ${url}`);
  return token;
}

/** Opens `/probe/<article>?gift=<token>` in a browser of the probe app; answers the admission. */
export async function admitIn(b: TestBrowser, articleId: string, token: string): Promise<GiftAdmission> {
  const r = await b.get(`/probe/${articleId}?gift=${encodeURIComponent(token)}`);
  expect(r.statusCode).toBe(200);
  return r.json() as GiftAdmission;
}
