/**
 * Sending the daily email on both databases, to a real SMTP server started here: who is in the
 * audience (and who is left out), one message per reader whatever their plans, the ledger's
 * outcomes with the server's replies (a 4xx tried again, a 5xx failed), the one-click headers and
 * the stable Message-ID, and the job runner's round.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { startJobRunner } from '../jobs/job-queue.js';
import { jobHandlers, scheduleRecurringJobs } from '../services.js';
import { must } from '../test-support/must.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';
import { messageIdFor } from './delivery.js';
import { countDeliveries, findDelivery } from './delivery-repository.js';
import { headerOf, insertTestPlan, insertTestReaders, type SmtpSink, startSmtpSink } from './sending-test-support.js';

describe.each(DIALECTS)('sending the daily email on %s', (dialect) => {
  let t: TestApp;
  let sink: SmtpSink;
  let ids: Map<string, string>;
  const id = (email: string) => must(ids.get(email), email);

  beforeAll(async () => {
    sink = await startSmtpSink({
      reply: (to, attempt) => {
        if (to === 'throttled@x.test' && attempt <= 2) return { code: 421, message: '4.7.0 Try again later' };
        if (to === 'gone@x.test') return { code: 550, message: '5.1.1 No such user' };
        return undefined;
      },
    });
    t = await createTestApp(dialect, {
      MASTHEAD_TIMEZONE: 'UTC',
      SMTP_URL: sink.url,
      MASTHEAD_NEWSLETTER_RETRY_AFTER: '100ms',
      MASTHEAD_NEWSLETTER_CONNECTIONS: '3',
      MASTHEAD_NEWSLETTER_RATE: '0',
    });
    await seedBasics(t.services);
    t.clock.set(new Date('2026-12-07T05:00:00Z'));
    for (let i = 1; i <= 6; i++)
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
    const now = t.clock.now;
    const digital = await insertTestPlan(t.services.db, 'digital', ['web', 'daily_email'], now);
    const print = await insertTestPlan(t.services.db, 'print', ['weekly_print', 'daily_email'], now);
    const webOnly = await insertTestPlan(t.services.db, 'web-only', ['web'], now);
    ids = await insertTestReaders(
      t.services.db,
      [
        { email: 'opted-in@x.test', optedIn: true },
        { email: 'subscriber@x.test', plans: [digital] },
        { email: 'two-plans@x.test', plans: [digital, print], optedIn: true },
        { email: 'unconfirmed@x.test', verified: false, optedIn: true, plans: [digital] },
        { email: 'closed@x.test', closed: true, optedIn: true },
        { email: 'stopped@x.test', plans: [digital] },
        { email: 'bounced@x.test', optedIn: true },
        { email: 'complained@x.test', plans: [digital] },
        { email: 'web-only@x.test', plans: [webOnly] },
        { email: 'lapsed@x.test', endedPlan: digital },
        { email: 'registered@x.test' },
        { email: 'throttled@x.test', optedIn: true },
        { email: 'gone@x.test', optedIn: true },
      ],
      now,
    );
    // A subscriber who turned the email off in /account: ticked, then unticked.
    const stopped = must(await t.services.accounts.findReaderById(id('stopped@x.test')));
    await t.services.accounts.updatePreferences(stopped, { dailyEmail: true, offers: false });
    await t.services.accounts.updatePreferences(must(await t.services.accounts.findReaderById(stopped.id)), {
      dailyEmail: false,
      offers: false,
    });
    await t.services.newsletterSending.markUndeliverable('Bounced@x.test', 'hard_bounce', '550 5.1.1 user unknown');
    await t.services.newsletterSending.markUndeliverable('complained@x.test', 'complaint', 'abuse');
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  const wanted = ['opted-in@x.test', 'subscriber@x.test', 'two-plans@x.test', 'throttled@x.test', 'gone@x.test'];

  it('sends the edition once to every reader who should get it, and records each outcome with the reply', async () => {
    // The clock flows while the sender waits for its retries (the test's clock is set by hand).
    const flow = setInterval(() => t.clock.advance(500), 5);
    const progress: number[] = [];
    try {
      const { edition, progress: end } = await t.services.newsletterSending.send('2026-12-07', {
        assemble: true,
        onProgress: (p) => progress.push(p.done),
      });
      expect(end).toMatchObject({ total: wanted.length, done: wanted.length, counts: { accepted: 4, failed: 1 } });
      expect(progress.length).toBeGreaterThan(0);
      expect((await t.services.newsletter.get('2026-12-07')).edition.status).toBe('sent');

      const counts = sink.countsByRecipient();
      expect([...counts.keys()].sort()).toEqual(['opted-in@x.test', 'subscriber@x.test', 'throttled@x.test', 'two-plans@x.test']);
      for (const n of counts.values()) expect(n).toBe(1);

      const throttled = must(await findDelivery(t.services.db, edition.id, id('throttled@x.test')));
      expect(throttled).toMatchObject({ status: 'accepted', attempts: 3 });
      expect(throttled.reply).toMatch(/^250/);
      const gone = must(await findDelivery(t.services.db, edition.id, id('gone@x.test')));
      expect(gone).toMatchObject({ status: 'failed', attempts: 1 });
      expect(gone.reply).toMatch(/^550 .*No such user/);

      const msg = must(sink.received.find((m) => m.to === 'subscriber@x.test'));
      expect(msg.messageId).toBe(messageIdFor(edition.id, id('subscriber@x.test'), 'paper.test'));
      const unsubscribe = must(headerOf(msg.raw, 'List-Unsubscribe'));
      expect(unsubscribe).toMatch(/^<https:\/\/paper\.test\/newsletter\/unsubscribe\/[A-Za-z0-9_-]{43}>$/);
      expect(headerOf(msg.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
      // The same link is visible in the message (quoted-printable may wrap it; the text part keeps it whole).
      expect(msg.raw.replace(/=\r?\n/g, '')).toContain(unsubscribe.slice(1, -1));
    } finally {
      clearInterval(flow);
    }
  });

  it('sends nothing more when run again: the ledger already has every outcome', async () => {
    const before = sink.received.length;
    const { progress } = await t.services.newsletterSending.send('2026-12-07');
    expect(progress.done).toBe(progress.total);
    expect(sink.received.length).toBe(before);
  });

  it('the job runner sends a scheduled edition once its time has come', async () => {
    t.clock.set(new Date('2026-12-08T05:00:00Z'));
    const view = await t.services.newsletter.assemble('2026-12-08', 'test');
    expect(view.edition.status).toBe('scheduled');
    const before = sink.received.length;
    const runner = startJobRunner({
      db: t.services.db,
      dialect,
      clock: () => t.clock.now,
      log: t.services.log,
      handlers: jobHandlers(t.services),
      pollMs: 60_000,
    });
    try {
      await scheduleRecurringJobs(t.services, t.clock.now);
      await runner.runDue();
      // Before 07:00 nothing goes out.
      expect(sink.received.length).toBe(before);
      expect((await t.services.newsletter.get('2026-12-08')).edition.status).toBe('scheduled');
      t.clock.set(new Date('2026-12-08T07:01:00Z'));
      const flow = setInterval(() => t.clock.advance(500), 5);
      try {
        await runner.runDue();
      } finally {
        clearInterval(flow);
      }
    } finally {
      await runner.stop();
    }
    expect(
      sink.received
        .slice(before)
        .map((m) => m.to)
        .sort(),
    ).toEqual(['opted-in@x.test', 'subscriber@x.test', 'throttled@x.test', 'two-plans@x.test']);
    expect((await t.services.newsletter.get('2026-12-08')).edition.status).toBe('sent');
  });

  it('skips a reader who unsubscribed after the audience was written, at once', async () => {
    t.clock.set(new Date('2026-12-09T05:00:00Z'));
    await t.services.newsletter.assemble('2026-12-09', 'test');
    // A send stopped before its first message: the audience is in the ledger, nothing is sent.
    const stopped = await t.services.newsletterSending.send('2026-12-09', { signal: AbortSignal.abort() });
    expect(stopped.progress).toMatchObject({ total: 5, done: 0 });
    const before = sink.received.length;
    await t.services.newsletterSending.unsubscribe(id('opted-in@x.test'), 'link');
    const flow = setInterval(() => t.clock.advance(500), 5);
    try {
      const { edition, progress } = await t.services.newsletterSending.send('2026-12-09');
      expect(progress.counts).toMatchObject({ accepted: 3, failed: 1, skipped: 1 });
      expect(must(await findDelivery(t.services.db, edition.id, id('opted-in@x.test')))).toMatchObject({ status: 'skipped', attempts: 0 });
    } finally {
      clearInterval(flow);
    }
    expect(sink.received.slice(before).map((m) => m.to)).not.toContain('opted-in@x.test');
    expect(await countDeliveries(t.services.db, (await t.services.newsletter.get('2026-12-09')).edition.id)).toMatchObject({ skipped: 1 });
    // Their opt-in is off too, so /account shows it.
    expect(must(await t.services.accounts.findReaderById(id('opted-in@x.test'))).emailPreferences.dailyEmail).toBe(false);
  });

  it('answers a held edition, a date that is not a date, and a missing edition with clear errors', async () => {
    await expect(t.services.newsletterSending.send('2026-02-30')).rejects.toThrow(/"2026-02-30" is not a date/);
    await expect(t.services.newsletterSending.send('2026-12-20')).rejects.toThrow(/No edition for 2026-12-20/);
    t.clock.set(new Date('2026-12-10T05:00:00Z'));
    await t.services.newsletter.assemble('2026-12-10', 'test');
    await t.services.newsletter.hold('2026-12-10', 'test');
    await expect(t.services.newsletterSending.send('2026-12-10')).rejects.toThrow(/held by an editor/);
  });
});
