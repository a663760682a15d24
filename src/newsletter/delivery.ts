/**
 * The ledger of one edition to one reader, as a pure state machine (no database, no clock of its
 * own). The repository applies the same transitions as conditional updates, so two senders can
 * never both win one.
 *
 *   pending ──claim──▶ claimed ──send──▶ sent ──reply 2xx──▶ accepted
 *      ▲                  ▲               │  ──reply 5xx, or given up──▶ failed
 *      └──reply 4xx / cut connection (later: not_before)─┘
 *   claimed or sent whose lease ran out ──claim (another sender)──▶ claimed
 *   claimed ──skip (the reader left the audience meanwhile)──▶ skipped
 *
 * `claimed` means "mine to send, not handed to SMTP yet": a crash there loses nothing and sends
 * nothing twice. `sent` means "handed to SMTP, reply not recorded": the only state a crash can
 * turn into a second copy, and each sender keeps at most its in-flight limit of rows in it. A
 * second copy carries the same Message-ID (`messageIdFor`), which receivers use to drop it.
 */

export const DELIVERY_STATUSES = ['pending', 'claimed', 'sent', 'accepted', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
/** `skipped`: the reader left the audience (unsubscribed, closed, undeliverable) after it was written, before their turn. */
export const FINAL_STATUSES: readonly DeliveryStatus[] = ['accepted', 'failed', 'skipped'];

export const isDeliveryStatus = (s: string): s is DeliveryStatus => (DELIVERY_STATUSES as readonly string[]).includes(s);
export const isFinal = (s: DeliveryStatus): boolean => FINAL_STATUSES.includes(s);

export interface Delivery {
  status: DeliveryStatus;
  messageId: string;
  /** Times handed to SMTP. */
  attempts: number;
  claimedBy: string | null;
  leaseUntil: Date | null;
  /** A deferred delivery is not claimed before this. */
  notBefore: Date | null;
  firstTriedAt: Date | null;
  finishedAt: Date | null;
  /** The SMTP server's last reply ("250 2.0.0 Ok: queued"), or what went wrong. */
  reply: string | null;
}

export interface DeliveryPolicy {
  /** How long a claim holds without renewal (a crashed sender's rows come back after it). */
  leaseMs: number;
  /** A message still refused with 4xx (or unreachable) this long after its first try is failed. */
  giveUpMs: number;
  /** The first retry waits this long, doubling with each attempt up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  leaseMs: 120_000,
  giveUpMs: 6 * 3_600_000,
  retryBaseMs: 30_000,
  retryMaxMs: 1_800_000,
};

/** The SMTP reply to one message: its code (null when the connection failed before one came) and text. */
export interface SmtpReply {
  code: number | null;
  text: string;
}

export type DeliveryEvent =
  | { kind: 'claim'; by: string; now: Date }
  | { kind: 'renew'; by: string; now: Date }
  | { kind: 'send'; by: string; now: Date }
  | { kind: 'skip'; by: string; now: Date }
  | { kind: 'reply'; by: string; now: Date; reply: SmtpReply };

export type Transition = { ok: true; delivery: Delivery } | { ok: false; reason: string };

/**
 * What a reply means. 2xx: accepted. 5xx: refused for good. 4xx and no reply at all (a cut
 * connection, a timeout): try later. RFC 5321 §4.2.1 (4yz "transient negative completion");
 * 421/450/451/454 are the throttling replies of the big receivers.
 */
export function classifyReply(reply: SmtpReply): 'accepted' | 'retry' | 'failed' {
  const c = reply.code;
  if (c === null) return 'retry';
  if (c >= 200 && c < 300) return 'accepted';
  if (c >= 400 && c < 500) return 'retry';
  return 'failed';
}

/** The wait before the next try after `attempts` tries: doubling, capped. */
export function retryDelay(attempts: number, policy: DeliveryPolicy): number {
  return Math.min(policy.retryBaseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)), policy.retryMaxMs);
}

const leaseHeld = (d: Delivery, by: string, now: Date) => d.claimedBy === by && d.leaseUntil !== null && now < d.leaseUntil;
const leaseLapsed = (d: Delivery, now: Date) => d.leaseUntil === null || now >= d.leaseUntil;

/** May `now`'s sender claim this delivery? Pending and not deferred past now, or held by a sender whose lease ran out. */
export function claimable(d: Delivery, now: Date): boolean {
  if (d.status === 'pending') return d.notBefore === null || d.notBefore <= now;
  return (d.status === 'claimed' || d.status === 'sent') && leaseLapsed(d, now);
}

/** The one transition function: what `event` does to `d`, or why it may not. */
export function transition(d: Delivery, event: DeliveryEvent, policy: DeliveryPolicy): Transition {
  const { now, by } = event;
  if (isFinal(d.status)) return { ok: false, reason: `already ${d.status}` };
  switch (event.kind) {
    case 'claim':
      if (!claimable(d, now)) return { ok: false, reason: 'not claimable' };
      return { ok: true, delivery: { ...d, status: 'claimed', claimedBy: by, leaseUntil: new Date(now.getTime() + policy.leaseMs) } };
    case 'renew':
      if ((d.status !== 'claimed' && d.status !== 'sent') || !leaseHeld(d, by, now)) return { ok: false, reason: 'lease lost' };
      return { ok: true, delivery: { ...d, leaseUntil: new Date(now.getTime() + policy.leaseMs) } };
    case 'send':
      if (d.status !== 'claimed' || !leaseHeld(d, by, now)) return { ok: false, reason: 'not claimed by this sender' };
      return { ok: true, delivery: { ...d, status: 'sent', attempts: d.attempts + 1, firstTriedAt: d.firstTriedAt ?? now } };
    case 'skip':
      if (d.status !== 'claimed' || d.claimedBy !== by) return { ok: false, reason: 'not claimed by this sender' };
      return {
        ok: true,
        delivery: {
          ...d,
          status: 'skipped',
          claimedBy: null,
          leaseUntil: null,
          finishedAt: now,
          reply: 'left the audience before sending',
        },
      };
    case 'reply':
      // The reply belongs to whoever sent; a sender whose row was taken over meanwhile records nothing.
      if (d.status !== 'sent' || d.claimedBy !== by) return { ok: false, reason: 'not sent by this sender' };
      return { ok: true, delivery: afterReply(d, event.reply, now, policy) };
  }
}

/** The row after SMTP answered one attempt. */
export function afterReply(d: Delivery, reply: SmtpReply, now: Date, policy: DeliveryPolicy): Delivery {
  const text = replyText(reply);
  const released = { ...d, claimedBy: null, leaseUntil: null, reply: text };
  const outcome = classifyReply(reply);
  if (outcome === 'accepted') return { ...released, status: 'accepted', finishedAt: now, notBefore: null };
  if (outcome === 'failed') return { ...released, status: 'failed', finishedAt: now, notBefore: null };
  const first = d.firstTriedAt ?? now;
  if (now.getTime() - first.getTime() >= policy.giveUpMs)
    return {
      ...released,
      status: 'failed',
      finishedAt: now,
      notBefore: null,
      reply: `gave up after ${formatSpan(policy.giveUpMs)}: ${text}`,
    };
  return { ...released, status: 'pending', notBefore: new Date(now.getTime() + retryDelay(d.attempts, policy)) };
}

/** "421 4.7.0 Try again later", or "no reply: ECONNRESET …" (kept short: it is stored per row). */
export function replyText(reply: SmtpReply): string {
  const text = reply.text.replace(/\s+/g, ' ').trim();
  const full = reply.code === null ? `no reply: ${text}` : text.startsWith(String(reply.code)) ? text : `${reply.code} ${text}`;
  return full.slice(0, 500);
}

function formatSpan(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}

/**
 * The Message-ID of an edition to a reader: the same for every attempt, in every process, so a
 * copy sent again after a crash is recognisable as the same message (RFC 5322 §3.6.4).
 */
export function messageIdFor(editionId: string, readerId: string, domain: string): string {
  return `<edition.${editionId}.${readerId}@${domain}>`;
}

/** A new ledger row. */
export function pendingDelivery(messageId: string): Delivery {
  return {
    status: 'pending',
    messageId,
    attempts: 0,
    claimedBy: null,
    leaseUntil: null,
    notBefore: null,
    firstTriedAt: null,
    finishedAt: null,
    reply: null,
  };
}
