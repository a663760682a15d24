/**
 * After sending, on both databases: an edition goes out through a real SMTP server with VERP
 * envelope senders; then reports in the receivers' shapes (bounce-samples/) come back through the
 * webhook over HTTP. A hard bounce stops mail to the address (the audience leaves it out), a soft
 * one is only recorded until it repeats on three days, a complaint stops the reader's email;
 * reports we cannot match or read are counted, never a 500. The webhook's own 4xx answers, and the
 * edition's report with every number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { loadSecretKeys } from '../secrets.js';
import { must } from '../test-support/must.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';
import { listAudienceCandidates } from './audience-repository.js';
import { findUndeliverable, intakeCounts } from './bounce-repository.js';
import { BOUNCE_SECRET_HEADER, BOUNCE_WEBHOOK_PATH } from './bounce-routes.js';
import { fillSample } from './bounce-test-support.js';
import { readBounceToken, signBounceToken, verpAddress } from './bounce-token.js';
import { messageIdFor } from './delivery.js';
import { insertTestReaders, type SmtpSink, startSmtpSink } from './sending-test-support.js';

const SECRET = 'bounce-secret-for-tests-0123';
const BOUNCE = 'bounces@bounce.paper.test';

describe.each(DIALECTS)('bounces and complaints after sending, on %s', (dialect) => {
  let t: TestApp;
  let sink: SmtpSink;
  let ids: Map<string, string>;
  let editionId = '';
  const id = (email: string) => must(ids.get(email), email);
  const verpOf = (email: string, date = '2026-12-07') =>
    verpAddress(BOUNCE, signBounceToken(id(email), date, loadSecretKeys(t.services.config)));
  const post = (body: Buffer | string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: BOUNCE_WEBHOOK_PATH,
      headers: { 'content-type': 'message/rfc822', [BOUNCE_SECRET_HEADER]: SECRET, ...headers },
      payload: body,
    });
  const report = (file: string, email: string, date = '2026-12-07', edition = editionId) =>
    post(fillSample(file, { verp: verpOf(email, date), rcpt: email, mid: messageIdFor(edition, id(email), 'paper.test') }));
  const inAudience = async (email: string) => (await listAudienceCandidates(t.services.db, null, 100)).some((r) => r.email === email);

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp(dialect, {
      MASTHEAD_TIMEZONE: 'UTC',
      SMTP_URL: sink.url,
      MASTHEAD_NEWSLETTER_RATE: '0',
      MASTHEAD_BOUNCE_ADDRESS: BOUNCE,
      MASTHEAD_BOUNCE_WEBHOOK_SECRET: SECRET,
    });
    await seedBasics(t.services);
    t.clock.set(new Date('2026-12-07T05:00:00Z'));
    for (let i = 1; i <= 5; i++)
      await t.services.articles.create(
        {
          headline: `Story ${i}`,
          dek: `Dek ${i}`,
          section: 'news',
          authors: ['mara-quint'],
          status: 'published',
          publishedAt: new Date(Date.UTC(2026, 11, 6, 10 + i)),
          body: SAMPLE_BODY,
        },
        'test',
      );
    ids = await insertTestReaders(
      t.services.db,
      ['hard@x.test', 'soft@x.test', 'complain@x.test', 'fine@x.test'].map((email) => ({ email, optedIn: true })),
      t.clock.now,
    );
    const { edition } = await t.services.newsletterSending.send('2026-12-07', { assemble: true });
    editionId = edition.id;
    // Two earlier editions reached soft@ too (rows as the ledger keeps them), for the escalation.
    for (const date of ['2026-12-05', '2026-12-06']) {
      const eid = `00000000-0000-7000-8000-0000000${date.slice(8)}000`;
      await t.services.db
        .insertInto('newsletter_editions')
        .values({
          id: eid,
          edition_date: date,
          subject: 'Earlier',
          status: 'sent',
          created_at: t.clock.now,
          updated_at: t.clock.now,
          updated_by: 'test',
        })
        .execute();
      await t.services.db
        .insertInto('newsletter_deliveries')
        .values({
          edition_id: eid,
          reader_id: id('soft@x.test'),
          email: 'soft@x.test',
          message_id: messageIdFor(eid, id('soft@x.test'), 'paper.test'),
          status: 'accepted',
        })
        .execute();
    }
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('sends each message with its own signed VERP envelope sender', () => {
    expect(sink.received).toHaveLength(4);
    for (const m of sink.received) {
      const local = must(/^bounces\+([a-z2-7]{45})@bounce\.paper\.test$/.exec(m.mailFrom), m.mailFrom)[1] ?? '';
      expect(readBounceToken(local, loadSecretKeys(t.services.config))).toEqual({ readerId: id(m.to), editionDate: '2026-12-07' });
      // The From header stays the paper's.
      expect(m.raw).toMatch(/^From: .*newsroom@paper\.test/m);
    }
  });

  it('a hard bounce (Postfix) stops mail to the address; the same report again counts once', async () => {
    expect(await inAudience('hard@x.test')).toBe(true);
    const res = await report('postfix-hard-user-unknown.eml', 'hard@x.test');
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ outcome: 'hard' });
    expect(await findUndeliverable(t.services.db, 'hard@x.test')).toMatchObject({ reason: 'hard_bounce' });
    expect((await findUndeliverable(t.services.db, 'hard@x.test'))?.detail).toMatch(/^5\.1\.1 550 5\.1\.1/);
    expect(await inAudience('hard@x.test')).toBe(false);
    expect((await report('gmail-hard-no-such-user.eml', 'hard@x.test')).json()).toEqual({ outcome: 'hard' });
    expect((await t.services.editionReports.report('2026-12-07')).bounced.hard).toBe(1);
  });

  it('a soft bounce is recorded for the delivery only, until the address bounces on three days', async () => {
    t.clock.set(new Date('2026-12-07T09:00:00Z'));
    expect((await report('gmail-soft-inbox-full.eml', 'soft@x.test')).json()).toEqual({ outcome: 'soft' });
    expect(await findUndeliverable(t.services.db, 'soft@x.test')).toBeUndefined();
    expect(await inAudience('soft@x.test')).toBe(true);
    t.clock.set(new Date('2026-12-08T09:00:00Z'));
    const second = await report('exim-soft-quota-plain-text.eml', 'soft@x.test', '2026-12-06', '00000000-0000-7000-8000-000000006000');
    expect(second.json()).toEqual({ outcome: 'soft' });
    t.clock.set(new Date('2026-12-09T09:00:00Z'));
    const third = await report('gmail-soft-inbox-full.eml', 'soft@x.test', '2026-12-05', '00000000-0000-7000-8000-000000005000');
    expect(third.json()).toEqual({ outcome: 'soft-escalated' });
    expect((await findUndeliverable(t.services.db, 'soft@x.test'))?.detail).toMatch(/^soft-repeated 4\.2\.2/);
    expect(await inAudience('soft@x.test')).toBe(false);
  });

  it('a complaint (ARF) unsubscribes the reader and marks the address', async () => {
    const res = await report('arf-outlook-style-complaint-redacted.eml', 'complain@x.test');
    expect(res.json()).toEqual({ outcome: 'complaint' });
    expect(await t.services.newsletterSending.isOptedOut(id('complain@x.test'))).toBe(true);
    expect(must(await t.services.accounts.findReaderById(id('complain@x.test'))).emailPreferences.dailyEmail).toBe(false);
    expect(await findUndeliverable(t.services.db, 'complain@x.test')).toMatchObject({ reason: 'complaint' });
  });

  it('counts reports it cannot match or read, and ones that mean nothing, without acting', async () => {
    t.clock.set(new Date('2026-12-10T09:00:00Z'));
    const none = { verp: 'bounces@bounce.paper.test', rcpt: 'fine@x.test', mid: '<other@elsewhere.example>' };
    expect((await post(fillSample('dsn-not-ours.eml', none))).json()).toEqual({ outcome: 'unattributed' });
    // A token that was changed: not ours, so not acted on, whatever the report says.
    const forged = verpOf('fine@x.test').replace(/\+(.)/, (_m, c: string) => `+${c === 'a' ? 'b' : 'a'}`);
    expect((await post(fillSample('ses-hard-policy-block.eml', { ...none, verp: forged }))).json()).toEqual({ outcome: 'unattributed' });
    expect((await post(fillSample('malformed-binary.eml', none))).json()).toEqual({ outcome: 'malformed' });
    expect((await post(fillSample('malformed-truncated-status.eml', { ...none, verp: verpOf('fine@x.test') }))).json()).toEqual({
      outcome: 'malformed',
    });
    expect((await report('postfix-delayed-warning.eml', 'fine@x.test')).json()).toEqual({ outcome: 'ignored' });
    expect((await report('auto-reply-out-of-office.eml', 'fine@x.test')).json()).toEqual({ outcome: 'ignored' });
    expect(await findUndeliverable(t.services.db, 'fine@x.test')).toBeUndefined();
    expect(await inAudience('fine@x.test')).toBe(true);
    const counts = await intakeCounts(t.services.db, '2026-12-10');
    expect(Object.fromEntries(counts.map((c) => [c.outcome, c.count]))).toEqual({ unattributed: 2, malformed: 2, ignored: 2 });
  });

  it('answers a wrong secret, another type, an empty body and a huge one with a 4xx naming the problem', async () => {
    const wrong = await post('From: a@b\n\nx', { [BOUNCE_SECRET_HEADER]: 'not-the-secret' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ statusCode: 401, error: { fields: [{ field: `headers.${BOUNCE_SECRET_HEADER}` }] } });
    const missing = await t.app.inject({
      method: 'POST',
      url: BOUNCE_WEBHOOK_PATH,
      headers: { 'content-type': 'message/rfc822' },
      payload: 'x',
    });
    expect(missing.statusCode).toBe(401);
    const json = await post('{"a":1}', { 'content-type': 'application/json' });
    expect(json.statusCode).toBe(415);
    expect(json.json()).toMatchObject({ error: { fields: [{ field: 'headers.content-type' }] } });
    const empty = await post('');
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ error: { fields: [{ field: 'body' }] } });
    const huge = await post(Buffer.alloc(2 * 1024 * 1024 + 1, 0x61));
    expect(huge.statusCode).toBe(413);
  });

  it("reports the edition's numbers", async () => {
    const r = await t.services.editionReports.report('2026-12-07');
    expect(r).toMatchObject({
      date: '2026-12-07',
      status: 'sent',
      recipients: 4,
      accepted: 4,
      failed: 0,
      skipped: 0,
      pending: 0,
      bounced: { hard: 1, soft: 1 },
      complaints: 1,
      unsubscribes: 1,
      clicks: null,
    });
    await expect(t.services.editionReports.report('2026-13-01')).rejects.toThrow(/not a date/);
    await expect(t.services.editionReports.report('2026-12-25')).rejects.toThrow(/No edition/);
  });
});

describe('the bounce webhook without a secret', () => {
  it('is not there', async () => {
    const t = await createTestApp('sqlite');
    try {
      const res = await t.app.inject({
        method: 'POST',
        url: BOUNCE_WEBHOOK_PATH,
        headers: { 'content-type': 'message/rfc822' },
        payload: 'x',
      });
      expect(res.statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });
});
