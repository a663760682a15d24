/**
 * A small reader of the messages we write (RFC 5322 headers, multipart/alternative, quoted-
 * printable or base64 parts, RFC 2047 encoded words). For tests and tools that look into the
 * outbox or at what an SMTP server received; not a general MIME parser.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface ReadMessage {
  headers: Map<string, string>;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

function splitHead(raw: string): { head: Map<string, string>; body: string } {
  const normalized = raw.replace(/\r\n/g, '\n');
  const end = normalized.indexOf('\n\n');
  const headText = end < 0 ? normalized : normalized.slice(0, end);
  const body = end < 0 ? '' : normalized.slice(end + 2);
  const head = new Map<string, string>();
  // Unfold continuation lines (RFC 5322 §2.2.3), then split name: value.
  for (const line of headText.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) head.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { head, body };
}

function decodeQuotedPrintable(s: string): Buffer {
  const soft = s.replace(/=\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i] as string;
    const hex = soft.slice(i + 1, i + 3);
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes);
}

function decodeBody(body: string, encoding: string | undefined): string {
  const enc = (encoding ?? '7bit').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') return decodeQuotedPrintable(body).toString('utf8');
  return body;
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`). */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _charset: string, kind: string, data: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')).toString('utf8'),
    );
}

function boundaryOf(contentType: string | undefined): string | undefined {
  const m = contentType?.match(/boundary="?([^";]+)"?/i);
  return m?.[1];
}

function collectParts(head: Map<string, string>, body: string, out: { text: string; html: string }): void {
  const type = (head.get('content-type') ?? 'text/plain').toLowerCase();
  const boundary = boundaryOf(head.get('content-type'));
  if (type.startsWith('multipart/') && boundary) {
    const sections = body.split(`--${boundary}`).slice(1);
    for (const section of sections) {
      if (section.startsWith('--')) break;
      const part = splitHead(section.replace(/^\n/, ''));
      collectParts(part.head, part.body.replace(/\n$/, ''), out);
    }
    return;
  }
  const decoded = decodeBody(body, head.get('content-transfer-encoding'));
  if (type.startsWith('text/html')) out.html ||= decoded;
  else if (type.startsWith('text/plain')) out.text ||= decoded;
}

export function readEml(raw: string | Buffer): ReadMessage {
  const { head, body } = splitHead(raw.toString());
  const parts = { text: '', html: '' };
  collectParts(head, body, parts);
  return {
    headers: head,
    from: decodeWords(head.get('from') ?? ''),
    to: decodeWords(head.get('to') ?? ''),
    subject: decodeWords(head.get('subject') ?? ''),
    text: parts.text,
    html: parts.html,
  };
}

/** Every `.eml` file in an outbox folder, oldest first (names sort by time). */
export function readOutbox(dir: string): ReadMessage[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.eml'))
    .sort()
    .map((n) => readEml(fs.readFileSync(path.join(dir, n))));
}
