/**
 * The daily email's sending use-cases: send an edition (the CLI, and the job runner for due
 * editions), and the reader's side of it — the unsubscribe link, opting out and back in, and
 * addresses marked undeliverable.
 */
import type { Logger } from 'pino';
import type { Db, Dialect } from '../db/database.js';
import { AppError } from '../http/app-error.js';
import type { BulkMailTransport } from '../mail/index.js';
import type { Clock } from '../platform.js';
import {
  clearUndeliverable,
  deleteOptOut,
  insertOptOut,
  isOptedOut,
  markUndeliverable,
  type UndeliverableReason,
} from './audience-repository.js';
import { findUndeliverable } from './bounce-repository.js';
import { signBounceToken, verpAddress } from './bounce-token.js';
import type { ClickTracking, ClickUrls } from './click-tracking.js';
import { DEFAULT_DELIVERY_POLICY, type DeliveryPolicy } from './delivery.js';
import type { Edition } from './edition.js';
import { createEditionSender, type SendProgress } from './edition-sender.js';
import type { NewsletterService } from './newsletter-service.js';
import { readUnsubscribeToken, signUnsubscribeToken } from './unsubscribe-token.js';

export interface SendingSettings {
  /** Messages handed to SMTP and not yet recorded, at most, per sender process (the pool's connections). */
  inFlight: number;
  giveUpAfterMs: number;
  retryAfterMs: number;
  leaseMs: number;
}

export interface NewsletterSendingDeps {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  log: Pick<Logger, 'info' | 'warn'>;
  publicUrl: string;
  /** Signing keys: the first signs unsubscribe links, all verify. */
  keys: readonly string[];
  newsletter: NewsletterService;
  settings: SendingSettings;
  /** Of these readers, those who hold `daily_email` at `at`. */
  entitled(readerIds: readonly string[], at: Date): Promise<Set<string>>;
  /** A new pool to the relay for one run; undefined when no relay is configured. */
  transport: (() => BulkMailTransport) | undefined;
  /** Sets the reader's own daily-email preference (accounts owns it). */
  setDailyEmailPreference(readerId: string, on: boolean): Promise<void>;
  /** Whether a reader row exists (a link may outlive an unconfirmed sign-up that was deleted). */
  readerExists(readerId: string): Promise<boolean>;
  sleep?: (ms: number) => Promise<void>;
  /** `MASTHEAD_BOUNCE_ADDRESS`: each message's envelope sender becomes its VERP address (bounce-token.ts). */
  bounceAddress?: string | undefined;
  /** Click counting (click-tracking.ts): when the paper counts clicks, each recipient's links become click links. */
  clicks?: Pick<ClickTracking, 'prepare'> | undefined;
}

export interface SendOptions {
  onProgress?: (p: SendProgress) => void;
  signal?: AbortSignal;
}

export function createNewsletterSending(deps: NewsletterSendingDeps) {
  const { db, clock, publicUrl, keys, newsletter, bounceAddress } = deps;
  const policy: DeliveryPolicy = {
    ...DEFAULT_DELIVERY_POLICY,
    leaseMs: deps.settings.leaseMs,
    giveUpMs: deps.settings.giveUpAfterMs,
    retryBaseMs: deps.settings.retryAfterMs,
    retryMaxMs: Math.max(deps.settings.retryAfterMs, DEFAULT_DELIVERY_POLICY.retryMaxMs),
  };
  const unsubscribeUrl = (readerId: string) => `${publicUrl}/newsletter/unsubscribe/${signUnsubscribeToken(readerId, keys)}`;

  function sender(transport: () => BulkMailTransport, clickUrls: ClickUrls | undefined) {
    return createEditionSender({
      db,
      dialect: deps.dialect,
      clock,
      log: deps.log,
      policy,
      inFlight: deps.settings.inFlight,
      messageIdDomain: new URL(publicUrl).hostname,
      entitled: deps.entitled,
      linksFor: (readerId) => ({
        unsubscribeUrl: unsubscribeUrl(readerId),
        preferencesUrl: `${publicUrl}/account`,
        clickUrl: clickUrls?.(readerId),
      }),
      transport,
      envelopeFrom: bounceAddress ? (readerId, date) => verpAddress(bounceAddress, signBounceToken(readerId, date, keys)) : undefined,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
    });
  }

  function relay(): () => BulkMailTransport {
    if (!deps.transport)
      throw new AppError(
        'CONFLICT',
        409,
        'No SMTP relay is configured for the daily email: set SMTP_URL (or MASTHEAD_NEWSLETTER_SMTP_URL).',
      );
    return deps.transport;
  }

  /** Sends a sending edition to the end; sent once every recipient has a final outcome. */
  async function finish(edition: Edition, opts: SendOptions): Promise<SendProgress> {
    const transport = relay();
    const rendered = await newsletter.render(edition.date);
    const clickUrls = await deps.clicks?.prepare(edition, rendered.links);
    const progress = await sender(transport, clickUrls).send(edition, rendered, opts);
    if (progress.done === progress.total && !opts.signal?.aborted) {
      if (await newsletter.markSent(edition.id)) deps.log.info({ date: edition.date, ...progress.counts }, 'newsletter edition sent');
    }
    return progress;
  }

  return {
    unsubscribeUrl,

    /**
     * Sends the edition of `date` to its audience (assembling it first when `assemble` and it has
     * none), returning once every recipient has a final outcome. Safe to run in several processes
     * at once, and again after a crash: the ledger decides who still needs it.
     */
    async send(date: string, opts: SendOptions & { assemble?: boolean } = {}): Promise<{ edition: Edition; progress: SendProgress }> {
      relay();
      if (opts.assemble) await newsletter.assemble(date, 'system');
      const edition = await newsletter.startSending(date);
      if (edition.status !== 'sending' && edition.status !== 'sent')
        throw new AppError('CONFLICT', 409, `The edition of ${edition.date} is ${edition.status}: it cannot be sent now.`);
      return { edition, progress: await finish(edition, opts) };
    },

    /** The job runner's turn: due scheduled editions start, and editions left half-sent are finished. */
    async sendDue(opts: SendOptions = {}): Promise<number> {
      if (!deps.transport) {
        const due = await newsletter.due();
        if (due.length > 0) deps.log.warn({ due: due.length }, 'newsletter editions are due but no SMTP relay is configured');
        return 0;
      }
      for (const d of await newsletter.due()) await newsletter.beginSending(d.id);
      const sending = await newsletter.sending();
      for (const s of sending) await finish((await newsletter.get(s.date)).edition, opts);
      return sending.length;
    },

    /** The reader an unsubscribe token names; a 400 for a token that is not ours. */
    readerOfToken(token: string): string {
      const id = readUnsubscribeToken(token, keys);
      if (!id) throw new AppError('BAD_REQUEST', 400, 'This unsubscribe link is not valid: it may have been cut short or changed.');
      return id;
    },

    /** Stops the daily email for the reader at once (a subscriber too), and turns off their own opt-in; false: no such reader. */
    async unsubscribe(readerId: string, via: 'link' | 'account' | 'complaint'): Promise<boolean> {
      if (!(await deps.readerExists(readerId))) return false;
      // The opt-out first, so it records how; then the opt-in goes off (the /account listener finds the row there).
      await insertOptOut(db, readerId, via, clock());
      await deps.setDailyEmailPreference(readerId, false);
      return true;
    },

    /** Records that the reader stopped the daily email (their opt-in is already off: /account). */
    optOut: (readerId: string, via: 'link' | 'account') => insertOptOut(db, readerId, via, clock()),

    /** Lets the daily email reach the reader again (they ticked it in /account). */
    async resubscribe(readerId: string): Promise<void> {
      await deleteOptOut(db, readerId);
    },

    isOptedOut: (readerId: string) => isOptedOut(db, readerId),

    /** No more mail to this address (bounce-intake.ts marks it within its own transaction). */
    markUndeliverable: (email: string, reason: UndeliverableReason, detail: string) =>
      markUndeliverable(db, email, reason, detail, clock()),
    clearUndeliverable: (email: string) => clearUndeliverable(db, email),

    /** Why mail to this address stopped (a hard bounce, repeated soft bounces, a complaint), if it did. */
    undeliverable: (email: string) => findUndeliverable(db, email),

    /**
     * The reader's "try again" in /account: mail to their address may go again. After a complaint
     * it also starts the daily email again (the complaint had stopped it): the opt-out goes, and a
     * reader whose plan does not include the email gets their own sign-up back.
     */
    async retryAddress(reader: { id: string; email: string }): Promise<void> {
      const mark = await findUndeliverable(db, reader.email);
      if (!mark) return;
      await clearUndeliverable(db, reader.email);
      if (mark.reason !== 'complaint') return;
      await deleteOptOut(db, reader.id);
      if (!(await deps.entitled([reader.id], clock())).has(reader.id)) await deps.setDailyEmailPreference(reader.id, true);
    },
  };
}

export type NewsletterSending = ReturnType<typeof createNewsletterSending>;
