/**
 * The bulk message as bytes: quoted-printable that decodes to the text it encodes (properties over
 * any text), with lines of at most 76 characters and no trailing white space; header words
 * encoded; and the whole message read back by mailparser (nodemailer's project) as a mail program
 * reads it.
 */
import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeMessage, encodeWords, formatMailbox, messageBytes, quotedPrintable, rfc5322Date } from './mime-compose.js';

/** A quoted-printable decoder written apart from the encoder (RFC 2045 §6.7). */
function decodeQp(encoded: string): string {
  const joined = encoded.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === '=') {
      bytes.push(Number.parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(joined.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

const wellFormed = (encoded: string) => {
  for (const line of encoded.split('\r\n')) {
    expect(line.length).toBeLessThanOrEqual(76);
    expect(line).not.toMatch(/[ \t]$/);
    // Only printable ASCII, tab and space; "=" only as an escape or a soft break.
    expect(line).toMatch(/^[\t\x20-\x7e]*$/);
    expect(line.replace(/=[0-9A-F]{2}/g, '').replace(/=$/, '')).not.toContain('=');
  }
  expect(encoded).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
};

describe('quoted-printable', () => {
  it('decodes to the text it encodes, line breaks as CRLF, with short lines and no trailing white space (any text)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.constantFrom(' ', '\t', '=', '\n', '\r\n', '.', 'é', '—', '😀')),
          {
            maxLength: 60,
          },
        ),
        (parts) => {
          const text = parts.join('');
          const encoded = quotedPrintable(text);
          wellFormed(encoded);
          expect(decodeQp(encoded)).toBe(text.replace(/\r?\n/g, '\r\n'));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('keeps plain lines as they are, and escapes "=", trailing spaces and non-ASCII', () => {
    expect(quotedPrintable('Hello, harbour.\nSecond line')).toBe('Hello, harbour.\r\nSecond line');
    expect(quotedPrintable('a=b')).toBe('a=3Db');
    expect(quotedPrintable('end  \nnext')).toBe('end =20\r\nnext');
    expect(quotedPrintable('café — “quoted”')).toBe('caf=C3=A9 =E2=80=94 =E2=80=9Cquoted=E2=80=9D');
    // A line of exactly 76 characters needs no soft break; 77 does, and an escape is never split.
    expect(quotedPrintable('x'.repeat(76))).toBe('x'.repeat(76));
    expect(quotedPrintable('x'.repeat(77))).toBe(`${'x'.repeat(75)}=\r\nxx`);
    expect(quotedPrintable(`${'x'.repeat(74)}é`)).toBe(`${'x'.repeat(74)}=\r\n=C3=A9`);
  });
});

describe('header fields', () => {
  it('encodes non-ASCII words in pieces of whole characters, and leaves ASCII as it is', () => {
    expect(encodeWords('Ferries & the budget')).toBe('Ferries & the budget');
    const long = 'Überfahrt — die Fähren fahren wieder nach dem Sturm über den Hafen 😀 ';
    const encoded = encodeWords(long.repeat(3));
    for (const line of encoded.split('\r\n ')) expect(line).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
    for (const line of encoded.split('\r\n ')) expect(line.length).toBeLessThanOrEqual(75);
    const decoded = encoded
      .split('\r\n ')
      .map((w) => Buffer.from(w.slice(10, -2), 'base64').toString('utf8'))
      .join('');
    expect(decoded).toBe(long.repeat(3));
  });

  it('folds a long plain subject at its spaces, and unfolding gives it back', () => {
    const subject = 'The ferries return to the harbour after the storm, and the council  votes on the budget tonight at last';
    const m = composeMessage({
      from: 'news@paper.test',
      to: 'r@x.test',
      subject,
      messageId: '<m@paper.test>',
      date: new Date(),
      headers: {},
      text: '',
      html: '',
      boundaryToken: 'x',
    });
    const raw = messageBytes(m).toString('utf8');
    const head = raw.split('\r\n\r\n')[0] ?? '';
    for (const line of head.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    expect(/^Subject: (.*(?:\r\n .*)*)/m.exec(head)?.[1]?.replace(/\r\n/g, '')).toBe(subject);
  });

  it('quotes or encodes a display name as it needs', () => {
    expect(formatMailbox('news@paper.test')).toBe('news@paper.test');
    expect(formatMailbox('The Harbour Gazette <news@paper.test>')).toBe('The Harbour Gazette <news@paper.test>');
    expect(formatMailbox('"Gazette, The" <news@paper.test>')).toBe('"Gazette, The" <news@paper.test>');
    expect(formatMailbox('Le Journal du Café <news@paper.test>')).toMatch(/^=\?UTF-8\?B\?[^?]+\?= <news@paper\.test>$/);
    expect(rfc5322Date(new Date('2026-12-07T06:00:05Z'))).toBe('Mon, 07 Dec 2026 06:00:05 +0000');
  });
});

describe('a composed message', () => {
  it('reads back as it was written: headers, the text part and the HTML part', async () => {
    const html = `<!doctype html><html><body><p style="margin: 0;    padding: 0">Café — ${'long line '.repeat(40)}</p>\n<a href="https://paper.test/c/x?a=1&amp;b=2">Read</a></body></html>`;
    const text = `Le Journal — Monday\n\n1. Ferries “return”\nhttps://paper.test/news/2026/12/06/ferries-return-to-the-harbour-after-the-storm-${'x'.repeat(60)}\n\nThe end.  `;
    const m = composeMessage({
      from: 'Le Journal du Café <news@paper.test>',
      to: 'reader@x.test',
      subject: 'Ferries return — “at last” 😀',
      messageId: '<edition.1.2@paper.test>',
      date: new Date('2026-12-07T06:00:00Z'),
      headers: {
        'List-Unsubscribe': '<https://paper.test/newsletter/unsubscribe/abc>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      text,
      html,
      boundaryToken: 'b1',
    });
    const raw = messageBytes(m);
    for (const line of raw.toString('latin1').split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Ferries return — “at last” 😀');
    expect(parsed.from?.value[0]).toEqual({ name: 'Le Journal du Café', address: 'news@paper.test' });
    expect(parsed.messageId).toBe('<edition.1.2@paper.test>');
    expect(parsed.date?.toISOString()).toBe('2026-12-07T06:00:00.000Z');
    expect(parsed.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    expect(parsed.html).toBe(html);
    expect(parsed.text).toBe(text);
  });
});
