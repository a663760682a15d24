/**
 * What a report that came back after the daily email means (pure; bounce-parser.ts reads the
 * message). A delivery status notification (RFC 3464) names per recipient an Action and a Status
 * (RFC 3463: 5.x.x permanent, 4.x.x temporary); a complaint is an ARF feedback report (RFC 5965)
 * with Feedback-Type `abuse`; some servers (Yahoo, older Exim) send plain text instead, and we
 * read the reply code out of their words.
 *
 * - `failed` + 5.x.x → hard bounce: no more mail to the address.
 * - `failed` + 4.x.x → soft bounce: recorded for that delivery only. An address that soft-bounces
 *   on `SOFT_BOUNCE_DAYS` different days within `SOFT_BOUNCE_WINDOW_DAYS` is treated as a hard
 *   bounce (a mailbox full for days is abandoned; one full morning is not).
 * - `delayed` (a warning that the relay is still trying), `delivered`, `relayed`, `expanded`,
 *   auto-replies and feedback other than abuse change nothing.
 */

export type ReportType = 'dsn' | 'arf' | 'text-bounce' | 'other';

export interface DsnRecipient {
  address: string | null;
  action: string | null;
  status: string | null;
  diagnostic: string | null;
}

export interface BounceReport {
  type: ReportType;
  recipients: DsnRecipient[];
  /** ARF only. */
  feedbackType: string | null;
  /** ARF only: the complainant's address, when the feedback loop did not redact it. */
  originalRcptTo: string | null;
  /** Candidate VERP tokens, best first (the bounce's own recipient, then the original's envelope sender). */
  tokens: string[];
  /** Message-IDs of the original message found in the report. */
  messageIds: string[];
  /** For `other`: why it is not a report we act on. */
  why: 'auto-reply' | 'not-a-report' | 'malformed' | null;
}

export type BounceVerdict =
  | { kind: 'hard' | 'soft'; status: string; diagnostic: string; address: string | null }
  | { kind: 'complaint'; status: string; diagnostic: string; address: string | null }
  | { kind: 'ignored'; why: string }
  | { kind: 'malformed'; why: string };

export const SOFT_BOUNCE_DAYS = 3;
export const SOFT_BOUNCE_WINDOW_DAYS = 14;

const STATUS_RE = /^([245])\.(\d{1,3})\.(\d{1,3})$/;
const ACTIONS = new Set(['failed', 'delayed', 'delivered', 'relayed', 'expanded']);

/** An enhanced status code (RFC 3463) in a line of text, else one made from a basic reply code (550 → 5.0.0). */
export function statusInText(text: string): string | null {
  const enhanced = /(?:^|[\s;:(-])([245]\.\d{1,3}\.\d{1,3})(?=[\s;:),]|$)/m.exec(text);
  if (enhanced?.[1]) return enhanced[1];
  const basic = /(?:^|[\s;:(])([245])\d\d(?=[\s:-]|$)/m.exec(text);
  return basic?.[1] ? `${basic[1]}.0.0` : null;
}

function cut(text: string, max = 300): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** Without the `smtp;` type prefix of a Diagnostic-Code (RFC 3464 §2.3.6). */
function diagnosticWords(d: string | null): string {
  return cut((d ?? '').replace(/^\s*[a-z0-9-]+\s*;\s*/i, ''));
}

export function classifyReport(report: BounceReport): BounceVerdict {
  if (report.type === 'other')
    return report.why === 'malformed' ? { kind: 'malformed', why: 'malformed' } : { kind: 'ignored', why: report.why ?? 'not-a-report' };
  if (report.type === 'arf') {
    const type = (report.feedbackType ?? '').trim().toLowerCase();
    if (!type) return { kind: 'malformed', why: 'feedback report without a Feedback-Type' };
    if (type !== 'abuse') return { kind: 'ignored', why: `feedback type ${type}` };
    return { kind: 'complaint', status: 'abuse', diagnostic: 'The reader marked the email as spam.', address: report.originalRcptTo };
  }
  if (report.recipients.length === 0) return { kind: 'malformed', why: 'no recipient in the report' };
  let warned = false;
  for (const r of report.recipients) {
    const action = r.action?.trim().toLowerCase() ?? (report.type === 'text-bounce' ? 'failed' : null);
    if (action === null || !ACTIONS.has(action)) continue;
    if (action !== 'failed') {
      warned = true;
      continue;
    }
    const given = r.status?.trim() ?? '';
    const status = STATUS_RE.test(given) ? given : statusInText(r.diagnostic ?? '');
    if (status === null || status.startsWith('2')) continue;
    const kind = status.startsWith('5') ? 'hard' : 'soft';
    return { kind, status, diagnostic: diagnosticWords(r.diagnostic), address: r.address };
  }
  return warned
    ? { kind: 'ignored', why: 'delay warning or success notice' }
    : { kind: 'malformed', why: 'no failed recipient with a status' };
}

/**
 * Whether an address's soft bounces escalate to a hard one: soft bounces on at least
 * `SOFT_BOUNCE_DAYS` different UTC days within the last `SOFT_BOUNCE_WINDOW_DAYS`.
 */
export function softBouncesEscalate(softBounceTimes: readonly Date[], now: Date): boolean {
  const since = now.getTime() - SOFT_BOUNCE_WINDOW_DAYS * 86_400_000;
  const days = new Set(softBounceTimes.filter((t) => t.getTime() >= since).map((t) => t.toISOString().slice(0, 10)));
  return days.size >= SOFT_BOUNCE_DAYS;
}

/** The stored detail of an undeliverable address: the status first, then the receiver's words. */
export function undeliverableDetail(status: string, diagnostic: string): string {
  return cut(`${status} ${diagnostic}`, 500);
}

/** A bounce's reason in plain words, for the reader (from the status at the start of the stored detail). */
export function explainBounce(reason: string, detail: string): string {
  if (reason === 'complaint') return 'Your mail program reported one of our emails as spam, so we stopped sending to this address.';
  if (/^soft-repeated\b/.test(detail) || /^4\./.test(detail))
    return 'Your mailbox refused our emails on several days in a row, most often because it was full.';
  const status = /^(\d\.\d{1,3}\.\d{1,3})/.exec(detail)?.[1] ?? '';
  if (/^5\.1\.(1|10|0)$/.test(status) || /^5\.1\.\d+$/.test(status))
    return 'Your mail provider told us that this address does not exist (any more).';
  if (/^5\.2\.2$/.test(status)) return 'Your mail provider told us that your mailbox is full and refused our email.';
  if (/^5\.2\./.test(status)) return 'Your mail provider told us that your mailbox is disabled or cannot take mail.';
  if (/^5\.7\./.test(status)) return 'Your mail provider refused our email under its own rules (for example a spam filter).';
  if (/^5\.4\./.test(status)) return 'We could not find a mail server for your address’s domain.';
  return 'Your mail provider refused our email for good.';
}
