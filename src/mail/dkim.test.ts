/**
 * Our DKIM signer (dkim.ts) checked by a verifier written apart from it (dkim-test-support.ts):
 * signatures verify over the bytes as sent, with a PKCS#8 or a PKCS#1 key, name the headers asked
 * for that the message has, and break when a signed header or the body changes. The relaxed
 * canonicalisations follow RFC 6376's own examples.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { must } from '../test-support/must.js';
import { DKIM_SIGNED_HEADERS } from './bulk-smtp-transport.js';
import { createDkimSigner, relaxedBody, relaxedHeader } from './dkim.js';
import { verifyDkim } from './dkim-test-support.js';
import { type ComposedMessage, composeMessage, messageBytes } from './mime-compose.js';

const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicKey = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();

function message(i: number): ComposedMessage {
  return composeMessage({
    from: 'The Harbour Gazette <news@paper.test>',
    to: `reader${i}@x.test`,
    subject: `Ferries — “at last” (${i})`,
    messageId: `<edition.${i}@paper.test>`,
    date: new Date('2026-12-07T06:00:00Z'),
    headers: {
      'List-Unsubscribe': `<https://paper.test/newsletter/unsubscribe/token${i}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    text: `Story ${i}\nhttps://paper.test/news/${i}\n\n\n`,
    html: `<p style="margin:  0">Story ${i}    &amp; more</p>  \n\n`,
    boundaryToken: `t${i}`,
  });
}

describe('DKIM signatures', () => {
  for (const [name, format] of [
    ['PKCS#8', 'pkcs8'],
    ['PKCS#1', 'pkcs1'],
  ] as const)
    it(`verify over the message as sent, with a ${name} key, naming RFC 8058's headers`, async () => {
      const signer = createDkimSigner(
        { domain: 'paper.test', selector: 'mh2026', privateKey: pair.privateKey.export({ type: format, format: 'pem' }).toString() },
        DKIM_SIGNED_HEADERS,
      );
      // Several at once: the signatures are made on the thread pool.
      const messages = Array.from({ length: 8 }, (_, i) => message(i));
      const signatures = await Promise.all(messages.map((m) => signer.sign(m)));
      messages.forEach((m, i) => {
        const raw = messageBytes(m, [must(signatures[i])]).toString('utf8');
        const v = verifyDkim(raw, publicKey);
        expect(v).toMatchObject({ bodyOk: true, signatureOk: true });
        expect(v.headers).toEqual([
          'from',
          'to',
          'subject',
          'date',
          'message-id',
          'mime-version',
          'list-unsubscribe',
          'list-unsubscribe-post',
          'content-type',
        ]);
        for (const line of raw.split('\r\n\r\n')[0]?.split('\r\n') ?? []) expect(line.length).toBeLessThanOrEqual(78);
      });
    });

  it('break when a signed header or the body changes', async () => {
    const signer = createDkimSigner(
      { domain: 'paper.test', selector: 'mh2026', privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
      DKIM_SIGNED_HEADERS,
    );
    const m = message(1);
    const raw = messageBytes(m, [await signer.sign(m)]).toString('utf8');
    expect(verifyDkim(raw, publicKey).signatureOk).toBe(true);
    const otherHeader = raw.replace('List-Unsubscribe=One-Click', 'List-Unsubscribe=Two-Click');
    expect(verifyDkim(otherHeader, publicKey).signatureOk).toBe(false);
    const otherTo = raw.replace('To: reader1@x.test', 'To: someone@x.test');
    expect(verifyDkim(otherTo, publicKey).signatureOk).toBe(false);
    const otherBody = raw.replace('Story 1', 'Story 2');
    expect(verifyDkim(otherBody, publicKey).bodyOk).toBe(false);
    // Re-folding and extra white space are what relaxed canonicalisation forgives.
    const refolded = raw.replace('Subject: ', 'Subject:   ').replace('List-Unsubscribe-Post: ', 'List-Unsubscribe-Post:\r\n  ');
    expect(verifyDkim(refolded, publicKey)).toMatchObject({ bodyOk: true, signatureOk: true });
  });

  it('canonicalise as RFC 6376 §3.4.5’s example does', () => {
    // Example: "A: X" / "B : Y\t\r\n\tZ  " → "a:X" / "b:Y Z"; body " C \r\nD \t E\r\n\r\n\r\n" → " C\r\nD E\r\n".
    expect(relaxedHeader('A', ' X')).toBe('a:X\r\n');
    expect(relaxedHeader('B ', ' Y\t\r\n\tZ  ')).toBe('b:Y Z\r\n');
    expect(relaxedBody(' C \r\nD \t E\r\n\r\n\r\n')).toBe(' C\r\nD E\r\n');
    expect(relaxedBody('\r\n\r\n')).toBe('');
    expect(relaxedBody('no end')).toBe('no end\r\n');
  });

  it('refuse a key that is not one when the signer is made, not at the first message', () => {
    expect(() => createDkimSigner({ domain: 'paper.test', selector: 's', privateKey: 'not a key' }, DKIM_SIGNED_HEADERS)).toThrow();
  });
});
