/**
 * The daily email signed with DKIM (RFC 6376), as the sender sends it to a real SMTP server: the
 * signature's `h=` names List-Unsubscribe and List-Unsubscribe-Post (RFC 8058 §4 asks for both),
 * and the signature verifies with the public key over the message as received (relaxed/relaxed
 * canonicalisation, RFC 6376 §3.4.2 and §3.4.4, computed here). Also: the pool never opens more
 * connections than configured.
 */
import { createHash, createVerify, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { must } from '../test-support/must.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';
import { headerOf, insertTestReaders, type SmtpSink, startSmtpSink } from './sending-test-support.js';

/** The DKIM-Signature's tags. */
function tagsOf(value: string): Map<string, string> {
  return new Map(
    value
      .split(';')
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => {
        const i = p.indexOf('=');
        return [p.slice(0, i).trim(), p.slice(i + 1).replace(/\s+/g, '')] as [string, string];
      }),
  );
}

/** Header fields of a raw message, in order, each as name and its raw (folded) value. */
function fieldsOf(raw: string): { name: string; value: string }[] {
  const head = raw.split('\r\n\r\n')[0] ?? '';
  const out: { name: string; value: string }[] = [];
  for (const line of head.split('\r\n')) {
    const last = out[out.length - 1];
    if (/^[ \t]/.test(line) && last) last.value += `\r\n${line}`;
    else {
      const i = line.indexOf(':');
      out.push({ name: line.slice(0, i), value: line.slice(i + 1) });
    }
  }
  return out;
}

const relaxedHeader = (name: string, value: string) =>
  `${name.toLowerCase().trim()}:${value
    .replace(/\r\n/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim()}`;

function relaxedBody(body: string): string {
  const lines = body.split('\r\n').map((l) => l.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length === 0 ? '' : `${lines.join('\r\n')}\r\n`;
}

/** Verifies the message's DKIM signature with `publicKey` (the one the DNS TXT record would publish). */
function verifyDkim(raw: string, publicKey: string): { headers: string[]; bodyOk: boolean; signatureOk: boolean } {
  const fields = fieldsOf(raw);
  const sigField = must(fields.find((f) => f.name.toLowerCase() === 'dkim-signature'));
  const tags = tagsOf(sigField.value);
  expect(tags.get('c')).toBe('relaxed/relaxed');
  expect(tags.get('a')).toBe('rsa-sha256');
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  const bodyOk = createHash('sha256').update(relaxedBody(body)).digest('base64') === tags.get('bh');
  const names = must(tags.get('h')).split(':');
  // Each name takes the last unused instance of that field (RFC 6376 §5.4.2).
  const used = new Map<string, number>();
  const lines: string[] = [];
  for (const n of names) {
    const instances = fields.filter((f) => f.name.toLowerCase() === n.toLowerCase() && f !== sigField);
    const k = used.get(n.toLowerCase()) ?? 0;
    used.set(n.toLowerCase(), k + 1);
    const f = instances[instances.length - 1 - k];
    if (f) lines.push(relaxedHeader(f.name, f.value));
  }
  const unsigned = sigField.value.replace(/(\bb=)[^;]*/, '$1');
  const data = `${lines.map((l) => `${l}\r\n`).join('')}${relaxedHeader('DKIM-Signature', unsigned)}`;
  const signatureOk = createVerify('RSA-SHA256')
    .update(data)
    .verify(publicKey, must(tags.get('b')), 'base64');
  return { headers: names.map((n) => n.toLowerCase()), bodyOk, signatureOk };
}

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
