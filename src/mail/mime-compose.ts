/**
 * A bulk message (a text and an HTML alternative, a few headers) as the bytes that go over SMTP
 * (RFC 5322 and MIME, RFC 2045–2047), composed here rather than by nodemailer's composer: the
 * daily email goes to every reader, and the composer's streams, per-message option handling and
 * DKIM pass (which re-parses what it just wrote, byte by byte in JavaScript, and re-reads the PEM
 * key for every signature) were most of the sender's CPU. The pool then sends the bytes as they
 * are (nodemailer's `raw`). Pure; the clock is an argument.
 *
 * Both parts are UTF-8 in quoted-printable (RFC 2045 §6.7): lines of at most 76 characters, no
 * trailing white space, so the relaxed body canonicalisation of DKIM changes little. The
 * boundary holds "=_", which quoted-printable can never produce, so it cannot occur in a part.
 */

export interface HeaderField {
  name: string;
  /** The value as written (folded with CRLF + space where long). */
  value: string;
}

export interface ComposedMessage {
  /** Header fields in order, without the DKIM signature (dkim.ts signs them). */
  headers: HeaderField[];
  /** Everything after the blank line. */
  body: string;
}

export interface ComposeInput {
  /** `addr@host` or `Display Name <addr@host>`. */
  from: string;
  to: string;
  subject: string;
  /** `<…@…>`. */
  messageId: string;
  date: Date;
  /** Extra fields (List-Unsubscribe, …), in order; values ASCII. */
  headers: Record<string, string>;
  text: string;
  html: string;
  /** A unique token per message (boundary); the caller gives it so the output is reproducible in tests. */
  boundaryToken: string;
}

const HEX = Buffer.from('0123456789ABCDEF', 'latin1');
const CR = 13;
const LF = 10;
const EQ = 61;
const MAX_LINE = 76;

/** Quoted-printable of a text's UTF-8 bytes, line breaks as CRLF, soft breaks keeping lines ≤ 76 characters. */
export function quotedPrintable(text: string): string {
  const input = Buffer.from(text, 'utf8');
  const n = input.length;
  const out = Buffer.allocUnsafe(n * 3 + Math.ceil(n / 24) * 3 + 16);
  let o = 0;
  let line = 0;
  for (let i = 0; i < n; i++) {
    const c = input[i] as number;
    if (c === LF || (c === CR && input[i + 1] === LF)) {
      if (c === CR) i++;
      out[o++] = CR;
      out[o++] = LF;
      line = 0;
      continue;
    }
    const next = input[i + 1];
    const endOfLine = next === undefined || next === LF || (next === CR && input[i + 2] === LF);
    // White space stays literal except at the end of a line, where transports may strip it.
    const literal = (c >= 33 && c <= 126 && c !== EQ) || ((c === 32 || c === 9) && !endOfLine);
    const width = literal ? 1 : 3;
    // A soft break ("=" at the end of the line) when this character would not fit; never inside =XX.
    if (line + width > MAX_LINE - 1 && !(endOfLine && line + width <= MAX_LINE)) {
      out[o++] = EQ;
      out[o++] = CR;
      out[o++] = LF;
      line = 0;
    }
    if (literal) out[o++] = c;
    else {
      out[o++] = EQ;
      out[o++] = HEX[c >> 4] as number;
      out[o++] = HEX[c & 15] as number;
    }
    line += width;
  }
  return out.toString('latin1', 0, o);
}

const PLAIN_ASCII = /^[\x20-\x7e]*$/;

/**
 * A header value with non-ASCII text as RFC 2047 encoded words (UTF-8, base64), each at most 75
 * characters and never splitting a character, on folded lines; plain ASCII as it is.
 */
export function encodeWords(value: string): string {
  if (PLAIN_ASCII.test(value)) return value;
  const words: string[] = [];
  let chunk = '';
  let bytes = 0;
  for (const ch of value) {
    const size = Buffer.byteLength(ch, 'utf8');
    // 45 bytes → 60 base64 characters + 12 of "=?UTF-8?B?" and "?=" = 72.
    if (bytes + size > 45) {
      words.push(chunk);
      chunk = '';
      bytes = 0;
    }
    chunk += ch;
    bytes += size;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}

/** `Name <addr>` with the name quoted or encoded as it needs; a bare address as it is. */
export function formatMailbox(mailbox: string): string {
  const m = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(mailbox);
  if (!m) return mailbox.trim();
  const name = (m[1] ?? '').replace(/^"(.*)"$/, '$1');
  const address = m[2] ?? '';
  if (!name) return `<${address}>`;
  if (!PLAIN_ASCII.test(name)) return `${encodeWords(name)} <${address}>`;
  return /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/.test(name) ? `${name} <${address}>` : `"${name.replace(/["\\]/g, '\\$&')}" <${address}>`;
}

/** The bare address of a mailbox (`Name <a@b>` → `a@b`): the envelope sender. */
export function addressOf(mailbox: string): string {
  return /<([^<>]+)>\s*$/.exec(mailbox)?.[1] ?? mailbox.trim();
}

/** RFC 5322 §3.3: `Mon, 07 Dec 2026 06:00:00 +0000`. */
export function rfc5322Date(at: Date): string {
  return at.toUTCString().replace(/GMT$/, '+0000');
}

/** The parts of a message that are the same for every recipient (a per-edition value: see composeWith). */
export interface MessageFrame {
  from: string;
  subject: string;
}

/** Composes one message. */
export function composeMessage(m: ComposeInput): ComposedMessage {
  return composeWith(frameOf(m.from, m.subject), m);
}

/** The encoded From and Subject, made once for many messages with the same sender and subject. */
export function frameOf(from: string, subject: string): MessageFrame {
  return { from: formatMailbox(from), subject: PLAIN_ASCII.test(subject) ? foldPlain(subject, 'Subject: '.length) : encodeWords(subject) };
}

/** A plain ASCII value folded at its spaces (CRLF before a space, which unfolding keeps) into lines of ≤ 78 where it can. */
export function foldPlain(value: string, prefix: number): string {
  if (prefix + value.length <= 78) return value;
  let out = '';
  let line = prefix;
  for (const [i, word] of value.split(' ').entries()) {
    if (i === 0) {
      out = word;
      line += word.length;
    } else if (line + 1 + word.length > 78 && line > 1) {
      out += `\r\n ${word}`;
      line = 1 + word.length;
    } else {
      out += ` ${word}`;
      line += 1 + word.length;
    }
  }
  return out;
}

export function composeWith(frame: MessageFrame, m: Omit<ComposeInput, 'from' | 'subject'>): ComposedMessage {
  const boundary = `=_mh_${m.boundaryToken}`;
  const headers: HeaderField[] = [
    { name: 'From', value: frame.from },
    { name: 'To', value: m.to },
    { name: 'Subject', value: frame.subject },
    { name: 'Date', value: rfc5322Date(m.date) },
    { name: 'Message-ID', value: m.messageId },
    { name: 'MIME-Version', value: '1.0' },
  ];
  for (const [name, value] of Object.entries(m.headers)) headers.push({ name, value });
  headers.push({ name: 'Content-Type', value: `multipart/alternative;\r\n boundary="${boundary}"` });
  const body =
    `--${boundary}\r\n` +
    'Content-Type: text/plain; charset=utf-8\r\n' +
    'Content-Transfer-Encoding: quoted-printable\r\n\r\n' +
    `${quotedPrintable(m.text)}\r\n` +
    `--${boundary}\r\n` +
    'Content-Type: text/html; charset=utf-8\r\n' +
    'Content-Transfer-Encoding: quoted-printable\r\n\r\n' +
    `${quotedPrintable(m.html)}\r\n` +
    `--${boundary}--\r\n`;
  return { headers, body };
}

/** The message as it goes over SMTP: `extra` fields (a DKIM-Signature) first, then the headers, a blank line, the body. */
export function messageBytes(m: ComposedMessage, extra: readonly HeaderField[] = []): Buffer {
  let head = '';
  for (const f of extra) head += `${f.name}: ${f.value}\r\n`;
  for (const f of m.headers) head += `${f.name}: ${f.value}\r\n`;
  return Buffer.from(`${head}\r\n${m.body}`, 'utf8');
}
