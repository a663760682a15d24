/**
 * Sends one edition to its audience through the ledger (delivery.ts, delivery-repository.ts):
 *
 * 1. The audience is written to the ledger once, a keyset page of readers at a time (so a million
 *    readers need the memory of one page): confirmed, open, deliverable readers who have not
 *    stopped the email and either opted in or hold `daily_email`. One row per reader, however many
 *    plans they have. Several senders may write it at once: a reader already in keeps their row.
 * 2. Then it claims pages of rows under a lease, and sends each with at most `inFlight` messages
 *    handed to SMTP and not yet recorded at any moment. Only such a message can reach a reader
 *    twice (a crash between the server's acceptance and our write), with the same Message-ID.
 * 3. 4xx replies and cut connections wait and are tried again, until the give-up time; 5xx fail.
 *    It returns once every row of the edition is final (accepted, failed, or skipped), waiting
 *    meanwhile for retries and for other senders' leases.
 */
import type { Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import type { Db, Dialect } from '../db/database.js';
import type { BulkMailTransport, PreparedMessage, SmtpOutcome } from '../mail/index.js';
import type { Clock } from '../platform.js';
import { listAudienceCandidates, listNoLongerInAudience } from './audience-repository.js';
import { afterReply, type DeliveryPolicy, messageIdFor } from './delivery.js';
import {
  audienceReadyAt,
  claimDeliveries,
  countDeliveries,
  type DeliveryCounts,
  insertDeliveries,
  type LedgerRow,
  markAudienceReady,
  markSending,
  nextClaimableAt,
  recordReply,
  releaseClaims,
  renewLeases,
  skipDeliveries,
} from './delivery-repository.js';
import type { RecipientLinks, RenderedEdition } from './edition-email-content.js';

export interface EditionSenderDeps {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  log: Pick<Logger, 'info' | 'warn'>;
  policy: DeliveryPolicy;
  /** Messages handed to SMTP and not yet recorded, at most, per sender process. */
  inFlight: number;
  /** The domain of Message-IDs (PUBLIC_URL's host). */
  messageIdDomain: string;
  /** Of these readers, those who hold `daily_email` at `at` (the subscriptions feature decides). */
  entitled(readerIds: readonly string[], at: Date): Promise<Set<string>>;
  /** A reader's unsubscribe and preferences URLs. */
  linksFor(readerId: string): RecipientLinks;
  /** The envelope sender of a reader's message of an edition (VERP, bounce-token.ts); absent: the From address. */
  envelopeFrom?: ((readerId: string, editionDate: string) => string) | undefined;
  /** A new SMTP pool for one run; closed at its end. */
  transport(): BulkMailTransport;
  /** Readers read per page while writing the audience. */
  audiencePage?: number;
  /** Rows claimed at once. */
  claimPage?: number;
  /** Longest pause while waiting for retries or other senders' leases. */
  maxIdleMs?: number;
  /**
   * Least time between two progress reports while pages go out (default 1 s): each report counts
   * the edition's ledger, which for a million recipients is a scan of a million index entries.
   */
  progressEveryMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface SendProgress {
  counts: DeliveryCounts;
  total: number;
  /** Final rows (accepted, failed, skipped). */
  done: number;
}

export const progressOf = (counts: DeliveryCounts): SendProgress => {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return { counts, total, done: counts.accepted + counts.failed + counts.skipped };
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createEditionSender(deps: EditionSenderDeps) {
  const { db, dialect, clock, policy } = deps;
  const audiencePage = deps.audiencePage ?? 1000;
  const claimPage = deps.claimPage ?? Math.max(50, deps.inFlight * 4);
  const maxIdleMs = deps.maxIdleMs ?? 5000;
  const progressEveryMs = deps.progressEveryMs ?? 1000;
  const sleep = deps.sleep ?? defaultSleep;

  /** Writes the edition's audience to the ledger, unless some sender has already written all of it. */
  async function writeAudience(editionId: string): Promise<void> {
    if ((await audienceReadyAt(db, editionId)) !== null) return;
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const page = await listAudienceCandidates(db, after, audiencePage);
      if (page.length === 0) break;
      after = page[page.length - 1]?.id ?? null;
      const entitled = await deps.entitled(
        page.filter((r) => !r.optedIn).map((r) => r.id),
        clock(),
      );
      const rows = page
        .filter((r) => r.optedIn || entitled.has(r.id))
        .map((r) => ({ readerId: r.id, email: r.email, messageId: messageIdFor(editionId, r.id, deps.messageIdDomain) }));
      await insertDeliveries(db, editionId, rows);
      total += rows.length;
      if (page.length < audiencePage) break;
    }
    await markAudienceReady(db, editionId, clock());
    deps.log.info({ edition: editionId, recipients: total }, 'newsletter audience written');
  }

  /**
   * Sends the edition until every recipient has a final outcome. `onProgress` hears the counts
   * after every page; `signal` stops it between messages (what it claimed and did not send goes back).
   */
  async function send(
    edition: { id: string; date: string },
    rendered: RenderedEdition,
    opts: { onProgress?: (p: SendProgress) => void; signal?: AbortSignal } = {},
  ): Promise<SendProgress> {
    await writeAudience(edition.id);
    const by = `${process.pid}-${uuidv7()}`;
    const transport = deps.transport();
    const leaseUntil = () => new Date(clock().getTime() + policy.leaseMs);
    // The lease outlives a stall: renewed at a third of its length while this sender runs.
    const renewal = setInterval(
      () => void renewLeases(db, edition.id, by, leaseUntil()).catch(() => {}),
      Math.max(100, policy.leaseMs / 3),
    );
    renewal.unref();

    // At most `inFlight` rows between `sent` and their recorded reply (the only ones a crash can
    // send twice). Composing and signing a message comes before that window, so while some
    // messages wait for their server's reply, the next ones are made (RSA signing on the thread pool).
    let free = deps.inFlight;
    const waiting: (() => void)[] = [];
    const acquire = async () => {
      if (free > 0) free--;
      else await new Promise<void>((resolve) => waiting.push(resolve));
    };
    const release = () => {
      const next = waiting.shift();
      if (next) next();
      else free++;
    };

    async function deliver(row: LedgerRow): Promise<void> {
      const links = deps.linksFor(row.readerId);
      const message = rendered.forRecipient(links);
      let prepared: PreparedMessage | undefined;
      let unsent: SmtpOutcome | undefined;
      try {
        prepared = await transport.prepare({
          to: row.email,
          subject: message.subject,
          html: message.html,
          text: message.text,
          messageId: row.messageId,
          envelopeFrom: deps.envelopeFrom?.(row.readerId, edition.date),
          headers: {
            // RFC 2369 and RFC 8058: the HTTPS link, and the one-click POST it accepts.
            'List-Unsubscribe': `<${links.unsubscribeUrl}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          },
        });
      } catch (err) {
        // A message that cannot be made is recorded like one no server answered: tried again, then failed.
        unsent = { code: null, text: `could not compose the message: ${(err as Error).message ?? String(err)}` };
      }
      await acquire();
      try {
        // Stopped while this one waited for its turn: it stays claimed and goes back with the others.
        if (opts.signal?.aborted) return;
        if (!(await markSending(db, edition.id, row.readerId, by, clock()))) return;
        const reply = unsent ?? (await transport.send(prepared as PreparedMessage));
        const sentRow = {
          status: 'sent' as const,
          messageId: row.messageId,
          attempts: row.attempts + 1,
          claimedBy: by,
          leaseUntil: null,
          notBefore: null,
          firstTriedAt: row.firstTriedAt ?? clock(),
          finishedAt: null,
          reply: null,
        };
        await recordReply(db, edition.id, row.readerId, by, afterReply(sentRow, reply, clock(), policy));
      } finally {
        release();
      }
    }

    async function sendPage(rows: LedgerRow[]): Promise<void> {
      const gone = await listNoLongerInAudience(
        db,
        rows.map((r) => r.readerId),
      );
      await skipDeliveries(db, edition.id, [...gone], by, clock());
      const queue = rows.filter((r) => !gone.has(r.readerId));
      // Twice `inFlight` workers: while `inFlight` of them hold a message from `sent` until its
      // reply is written, the others make their next message.
      const worker = async () => {
        for (let row = queue.shift(); row; row = queue.shift()) {
          if (opts.signal?.aborted) return;
          await deliver(row);
        }
      };
      await Promise.all(Array.from({ length: Math.min(2 * deps.inFlight, queue.length) }, worker));
    }

    let lastProgress = Number.NEGATIVE_INFINITY;
    let lastCountMs = 0;
    try {
      for (;;) {
        if (opts.signal?.aborted) break;
        const rows = await claimDeliveries(db, dialect, {
          editionId: edition.id,
          by,
          now: clock(),
          leaseUntil: leaseUntil(),
          limit: claimPage,
        });
        if (rows.length > 0) {
          await sendPage(rows);
          // Counted at most once a progress interval, and never more than 5 % of the time (a count
          // reads the whole edition's index): counting after every page of 50 made a
          // million-recipient send quadratic (20,000 counts of a million rows).
          if (opts.onProgress && performance.now() - lastProgress >= Math.max(progressEveryMs, 20 * lastCountMs)) {
            const start = performance.now();
            const counts = await countDeliveries(db, edition.id);
            lastProgress = performance.now();
            lastCountMs = lastProgress - start;
            opts.onProgress(progressOf(counts));
          }
          continue;
        }
        const progress = progressOf(await countDeliveries(db, edition.id));
        opts.onProgress?.(progress);
        if (progress.done === progress.total) return progress;
        // Nothing claimable now: wait for the next retry, or for another sender's lease to end.
        const next = await nextClaimableAt(db, edition.id);
        const wait = next ? next.getTime() - clock().getTime() : maxIdleMs;
        await sleep(Math.min(Math.max(wait, 50), maxIdleMs));
      }
      return progressOf(await countDeliveries(db, edition.id));
    } finally {
      clearInterval(renewal);
      await releaseClaims(db, edition.id, by);
      await transport.close();
    }
  }

  /** Whether every row of the edition is final. */
  async function finished(editionId: string): Promise<boolean> {
    const p = progressOf(await countDeliveries(db, editionId));
    return (await audienceReadyAt(db, editionId)) !== null && p.done === p.total;
  }

  return { writeAudience, send, finished };
}

export type EditionSender = ReturnType<typeof createEditionSender>;
