/**
 * The daily email signed with DKIM (RFC 6376), as the sender sends it to a real SMTP server: the
 * signature's `h=` names List-Unsubscribe and List-Unsubscribe-Post (RFC 8058 §4 asks for both),
 * and the signature verifies with the public key over the message as received (relaxed/relaxed
 * canonicalisation, RFC 6376 §3.4.2 and §3.4.4, computed here). Also: the pool never opens more
 * connections than configured.
 */
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyDkim } from '../mail/dkim-test-support.js';
import { must } from '../test-support/must.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';
import { headerOf, insertTestReaders, type SmtpSink, startSmtpSink } from './sending-test-support.js';

describe('the daily email with DKIM on', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let dir = '';
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

  beforeAll(async () => {
    sink = await startSmtpSink();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-dkim-'));
    fs.writeFileSync(path.join(dir, 'dkim.pem'), privateKey);
    t = await createTestApp('sqlite', {
      MASTHEAD_TIMEZONE: 'UTC',
      SMTP_URL: sink.url,
      MASTHEAD_NEWSLETTER_CONNECTIONS: '2',
      MASTHEAD_DKIM_DOMAIN: 'paper.test',
      MASTHEAD_DKIM_SELECTOR: 'mh2026',
      MASTHEAD_DKIM_PRIVATE_KEY_FILE: path.join(dir, 'dkim.pem'),
    });
    await seedBasics(t.services);
    t.clock.set(new Date('2026-12-07T05:00:00Z'));
    for (let i = 1; i <= 5; i++)
      await t.services.articles.create(
        {
          headline: `Story ${i} — “quoted”`,
          dek: `Dek ${i}`,
          section: 'news',
          authors: ['mara-quint'],
          status: 'published',
          publishedAt: new Date(Date.UTC(2026, 11, 6, 10 + i)),
          body: SAMPLE_BODY,
        },
        'test',
      );
    await insertTestReaders(
      t.services.db,
      Array.from({ length: 12 }, (_, i) => ({ email: `reader${i}@x.test`, optedIn: true })),
      t.clock.now,
    );
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('signs List-Unsubscribe and List-Unsubscribe-Post, and the signature verifies over the message as received', async () => {
    const { progress } = await t.services.newsletterSending.send('2026-12-07', { assemble: true });
    expect(progress.counts.accepted).toBe(12);
    expect(sink.received).toHaveLength(12);
    for (const m of sink.received) {
      const sig = must(headerOf(m.raw, 'DKIM-Signature'));
      expect(sig).toMatch(/d=paper\.test;/);
      expect(sig).toMatch(/s=mh2026;/);
      const v = verifyDkim(m.raw, publicKey);
      expect(v.headers).toEqual(expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post', 'from', 'subject', 'message-id']));
      expect(v.bodyOk).toBe(true);
      expect(v.signatureOk).toBe(true);
    }
  });

  it('a changed signed header breaks the signature (the check above can fail)', () => {
    const m = must(sink.received[0]);
    const tampered = m.raw.replace(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      'List-Unsubscribe-Post: List-Unsubscribe=Two-Click',
    );
    expect(tampered).not.toBe(m.raw);
    expect(verifyDkim(tampered, publicKey).signatureOk).toBe(false);
  });

  it('opens no more connections to the relay than configured', () => {
    expect(sink.peakConnections()).toBeGreaterThan(0);
    expect(sink.peakConnections()).toBeLessThanOrEqual(2);
  });
});
