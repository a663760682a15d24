/**
 * Test support: a DKIM verifier (RFC 6376) written apart from the signer (dkim.ts), as a receiver
 * checks a message: the DKIM-Signature's tags, the relaxed canonicalisation of the body (§3.4.4)
 * and of the named header fields (§3.4.2, each name taking the last unused instance, §5.4.2), and
 * the RSA-SHA256 signature with the public key the DNS TXT record would publish.
 */
import { createHash, createVerify } from 'node:crypto';
import { expect } from 'vitest';
import { must } from '../test-support/must.js';

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
export function verifyDkim(raw: string, publicKey: string): { headers: string[]; bodyOk: boolean; signatureOk: boolean } {
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
