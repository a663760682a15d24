/**
 * Reads a message that came back to the bounce address into a `BounceReport` (bounce.ts decides
 * what it means). MIME is mailparser's job (nodemailer's project): it finds the report's parts,
 * decodes transfer encodings and character sets. We read the fields of the parts ourselves:
 * `message/delivery-status` (RFC 3464 §2: a block of per-message fields, then one block per
 * recipient), `message/feedback-report` (RFC 5965 §3.5), and the original message or its headers
 * (`message/rfc822`, `text/rfc822-headers`) for its Message-ID and envelope sender. A plain-text
 * bounce (no report part) is recognised by its sender, subject or `X-Failed-Recipients` header, and
 * read up to where the copy of the original begins.
 */
// Types only at load: mailparser (and iconv-lite's codec tables under it) loads with the first
// report, not at every process start (src/cli-modules.test.ts checks a worker's start).
import type { HeaderValue, simpleParser as SimpleParser } from 'mailparser';
import type { BounceReport, DsnRecipient } from './bounce.js';
import { BOUNCE_TOKEN_IN_ADDRESS } from './bounce-token.js';

/** The fields of a header-style block, names lower-cased, continuation lines unfolded. */
export function parseFieldBlocks(text: string): Map<string, string>[] {
  const blocks: Map<string, string>[] = [];
  for (const chunk of text.replace(/\r\n/g, '\n').split(/\n[ \t]*\n/)) {
    const fields = new Map<string, string>();
    let last: string | null = null;
    for (const line of chunk.split('\n')) {
      if (/^[ \t]/.test(line) && last !== null) {
        fields.set(last, `${fields.get(last) ?? ''} ${line.trim()}`);
        continue;
      }
      const m = /^([A-Za-z0-9-]+)[ \t]*:[ \t]*(.*)$/.exec(line);
      if (!m?.[1]) continue;
      last = m[1].toLowerCase();
      // The first occurrence wins (a field repeated in one block is malformed; keep the first).
      if (!fields.has(last)) fields.set(last, (m[2] ?? '').trim());
    }
    if (fields.size > 0) blocks.push(fields);
  }
  return blocks;
}

/** `rfc822; Reader@Example.org` or `<reader@example.org>` → `reader@example.org`; null when it holds no address. */
export function addressOf(field: string | undefined | null): string | null {
  if (!field) return null;
  const value = field.includes(';') ? field.slice(field.indexOf(';') + 1) : field;
  const m = /<?\s*([^<>\s;]+@[^<>\s;]+?)\s*>?\s*$/.exec(value.trim());
  return m?.[1] ? m[1].toLowerCase() : null;
}

const MESSAGE_ID_RE = /<edition\.[0-9a-f-]{36}\.[0-9a-f-]{36}@[^>\s]+>/gi;

function headerText(value: HeaderValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => headerText(v as HeaderValue)).join(', ');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && 'text' in value && typeof value.text === 'string') return value.text;
  if (typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  return '';
}

function tokensIn(text: string): string[] {
  return [...text.matchAll(BOUNCE_TOKEN_IN_ADDRESS)].map((m) => (m[1] ?? '').toLowerCase());
}

/** Where a plain-text bounce's quoted copy of the original starts (Exim, qmail, Yahoo). */
function beforeQuotedCopy(text: string): string {
  const m = /^\s*-{2,}.*(copy|below this line|original message).*$/im.exec(text);
  return m ? text.slice(0, m.index) : text;
}

function looksLikeBounce(from: string, subject: string, failed: string): boolean {
  return (
    failed !== '' ||
    /mailer-daemon|postmaster|mail delivery/i.test(from) ||
    /undeliver|delivery (status )?notification|failure notice|returned mail|delivery failed|could not be delivered/i.test(subject)
  );
}

export async function parseBounceMessage(raw: Buffer | string): Promise<BounceReport> {
  const empty: BounceReport = {
    type: 'other',
    recipients: [],
    feedbackType: null,
    originalRcptTo: null,
    tokens: [],
    messageIds: [],
    why: 'malformed',
  };
  const source = typeof raw === 'string' ? raw : raw.toString('latin1');
  // A message starts with a header field; anything else (binary, an empty body) is not one.
  if (!/^[A-Za-z0-9-]+[ \t]*:/.test(source.replace(/^\s+/, ''))) return empty;
  const { simpleParser } = await import('mailparser');
  let mail: Awaited<ReturnType<typeof SimpleParser>>;
  try {
    mail = await simpleParser(raw, {
      keepDeliveryStatus: true,
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      skipImageLinks: true,
      maxHtmlLengthToParse: 100_000,
    });
  } catch {
    return empty;
  }
  const h = mail.headers;
  const outer = ['delivered-to', 'x-original-to', 'envelope-to', 'to', 'x-failed-recipients'].map((n) => headerText(h.get(n))).join(' ');
  const parts = mail.attachments.map((a) => ({ type: a.contentType.toLowerCase(), text: a.content.toString('utf8') }));
  const body = mail.text ?? '';
  const report = headerText(h.get('content-type')) === 'multipart/report' ? mail.headers.get('content-type') : undefined;
  const reportType =
    report && typeof report === 'object' && 'params' in report
      ? String((report.params as Record<string, string>)['report-type'] ?? '')
      : '';
  const allText = [source, body, ...parts.map((p) => p.text)].join('\n');
  const base = {
    tokens: [...new Set([...tokensIn(outer), ...tokensIn(allText)])],
    messageIds: [...new Set([...allText.matchAll(MESSAGE_ID_RE)].map((m) => m[0].toLowerCase()))],
    feedbackType: null,
    originalRcptTo: null,
    why: null,
  };

  const feedback = parts.find((p) => p.type === 'message/feedback-report');
  if (feedback || reportType.toLowerCase() === 'feedback-report') {
    const fields = feedback ? parseFieldBlocks(feedback.text)[0] : undefined;
    if (!fields) return { ...empty, ...base, why: 'malformed' };
    const mailFrom = fields.get('original-mail-from') ?? '';
    return {
      ...base,
      type: 'arf',
      recipients: [],
      feedbackType: fields.get('feedback-type') ?? null,
      originalRcptTo: addressOf(fields.get('original-rcpt-to')),
      // The original's envelope sender is the VERP address: its token first.
      tokens: [...new Set([...tokensIn(mailFrom), ...base.tokens])],
    };
  }

  const status = parts.find((p) => p.type === 'message/delivery-status' || p.type === 'message/global-delivery-status');
  if (status) {
    // The first block holds the per-message fields; each later one a recipient (RFC 3464 §2.1).
    const blocks = parseFieldBlocks(status.text).filter((b) => b.has('final-recipient') || b.has('action') || b.has('status'));
    const recipients: DsnRecipient[] = blocks.map((b) => ({
      address: addressOf(b.get('final-recipient')) ?? addressOf(b.get('original-recipient')),
      action: b.get('action') ?? null,
      status: b.get('status') ?? null,
      diagnostic: b.get('diagnostic-code') ?? null,
    }));
    return { ...base, type: 'dsn', recipients };
  }
  if (reportType.toLowerCase() === 'delivery-status') return { ...empty, ...base, why: 'malformed' };

  const from = headerText(h.get('from'));
  const subject = headerText(h.get('subject'));
  const failed = headerText(h.get('x-failed-recipients'));
  if (!looksLikeBounce(from, subject, failed)) {
    const auto =
      /auto-replied|auto-generated/i.test(headerText(h.get('auto-submitted'))) || /^(automatic reply|out of office|auto)/i.test(subject);
    return { ...empty, ...base, why: auto ? 'auto-reply' : 'not-a-report' };
  }
  // A plain-text bounce: the reply of the receiving server is in its words.
  const words = beforeQuotedCopy(body);
  const line = words.split('\n').find((l) => /(^|[\s:;(])[45]\d\d(?=[\s:-]|$)/.test(l)) ?? null;
  const address = addressOf(failed.split(',')[0]) ?? addressOf(/<([^<>\s]+@[^<>\s]+)>/.exec(words)?.[1]);
  const diagnostic =
    line === null
      ? null
      : (words
          .slice(words.indexOf(line))
          .split(/\n\s*\n/)[0]
          ?.trim() ?? line);
  return {
    ...base,
    type: 'text-bounce',
    recipients: line === null ? [] : [{ address, action: 'failed', status: null, diagnostic }],
  };
}
