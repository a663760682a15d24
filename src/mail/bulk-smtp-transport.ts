/**
 * Mail to many readers through one SMTP relay (nodemailer's pooled transport): the daily email's
 * seam. Unlike `MailTransport`, a send never throws for what the server says: it answers the
 * SMTP reply (code and text), or `code: null` when no reply came (a refused or cut connection, a
 * timeout), and the caller's ledger decides what that means. The pool holds at most
 * `connections` connections and hands out at most `messagesPerSecond` messages a second, all
 * connections together (nodemailer's `rateLimit` over `rateDelta`).
 *
 * Each message is composed here (mime-compose.ts) and handed to the pool as bytes (`raw`), so
 * nodemailer only talks SMTP. DKIM (RFC 6376), when configured, signs each message with our own
 * signer (dkim.ts: the key parsed once, the RSA signature made on libuv's thread pool) over our
 * header list, which names `List-Unsubscribe` and `List-Unsubscribe-Post`: RFC 8058 §4 asks for
 * both under a valid signature before a receiver offers one-click unsubscribe.
 */
import { randomBytes } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import { createDkimSigner, type DkimSigner } from './dkim.js';
import { addressOf, composeWith, frameOf, type MessageFrame, messageBytes } from './mime-compose.js';

export interface BulkMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** `<…@…>`: the same for every attempt of one message. */
  messageId: string;
  headers: Record<string, string>;
  /** The envelope sender (SMTP MAIL FROM), e.g. a VERP bounce address; absent: the From address. */
  envelopeFrom?: string | undefined;
}

export interface SmtpOutcome {
  /** The server's reply code; null when no reply came. */
  code: number | null;
  text: string;
}

export interface DkimSettings {
  domain: string;
  selector: string;
  /** PEM. */
  privateKey: string;
}

export interface BulkSmtpSettings {
  url: string;
  from: string;
  /** Open connections to the relay, at most. */
  connections: number;
  /** Messages a second handed to the relay, all connections together; 0: no limit. */
  messagesPerSecond: number;
  dkim?: DkimSettings | undefined;
  /** Socket timeouts, so a silent relay ends in a `code: null` outcome, never a hang. */
  timeoutMs?: number | undefined;
}

/** A message composed (and signed) for one recipient, ready for the relay. */
export interface PreparedMessage {
  to: string;
  /** The envelope sender (SMTP MAIL FROM). */
  envelopeFrom: string;
  /** The message as it goes over SMTP. */
  raw: Buffer;
}

export interface BulkMailTransport {
  /** Composes the message and signs it when DKIM is on; nothing goes to the relay. */
  prepare(message: BulkMessage): Promise<PreparedMessage>;
  /** Hands a prepared message to the relay; never throws for what the relay says. */
  send(message: PreparedMessage): Promise<SmtpOutcome>;
  close(): Promise<void>;
}

/** The headers the DKIM signature covers (RFC 6376 §5.4.1's list, plus RFC 8058's two). */
export const DKIM_SIGNED_HEADERS = [
  'From',
  'Sender',
  'Reply-To',
  'Subject',
  'Date',
  'Message-ID',
  'To',
  'Cc',
  'MIME-Version',
  'Content-Type',
  'Content-Transfer-Encoding',
  'List-Id',
  'List-Unsubscribe',
  'List-Unsubscribe-Post',
] as const;

/** The reply code at the start of a server's reply line ("250 2.0.0 Ok"). */
function codeOf(response: unknown): number | null {
  const m = typeof response === 'string' ? /^(\d{3})[\s-]/.exec(response) : null;
  return m ? Number(m[1]) : null;
}

export function createBulkSmtpTransport(settings: BulkSmtpSettings, clock: () => Date = () => new Date()): BulkMailTransport {
  let transporter: Promise<Transporter> | undefined;
  const timeout = settings.timeoutMs ?? 60_000;
  // The key is parsed here, once per pool, so a bad key fails the send before any message goes.
  const signer: DkimSigner | undefined = settings.dkim && createDkimSigner(settings.dkim, DKIM_SIGNED_HEADERS);
  const fromAddress = addressOf(settings.from);
  // From and Subject encoded once per subject (an edition's messages all share theirs).
  let frame: { subject: string; frame: MessageFrame } | undefined;
  const frameFor = (subject: string) => {
    if (frame?.subject !== subject) frame = { subject, frame: frameOf(settings.from, subject) };
    return frame.frame;
  };
  // Boundaries: a random prefix per pool and a counter, unique without a random draw per message.
  const boundaryPrefix = randomBytes(9).toString('base64url');
  let sequence = 0;
  const open = () =>
    import('nodemailer').then(({ createTransport }) =>
      createTransport({
        pool: true,
        url: settings.url,
        maxConnections: settings.connections,
        // A connection is replaced after this many messages (some relays limit messages per connection).
        maxMessages: 1000,
        // A message whose connection closed goes back to the caller, not round the pool again:
        // the ledger decides when to try again, and records it.
        maxRequeues: 0,
        ...(settings.messagesPerSecond > 0 ? { rateDelta: 1000, rateLimit: settings.messagesPerSecond } : {}),
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
      }),
    );
  return {
    async prepare(m) {
      const composed = composeWith(frameFor(m.subject), {
        to: m.to,
        messageId: m.messageId,
        date: clock(),
        headers: m.headers,
        text: m.text,
        html: m.html,
        boundaryToken: `${boundaryPrefix}${(sequence++).toString(36)}`,
      });
      const raw = messageBytes(composed, signer ? [await signer.sign(composed)] : []);
      return { to: m.to, envelopeFrom: m.envelopeFrom ?? fromAddress, raw };
    },
    async send(m) {
      transporter ??= open();
      const t = await transporter;
      try {
        const info = await t.sendMail({ raw: m.raw, envelope: { from: m.envelopeFrom, to: [m.to] } });
        const response = String((info as { response?: unknown }).response ?? '250 accepted');
        return { code: codeOf(response) ?? 250, text: response };
      } catch (err) {
        const e = err as { responseCode?: unknown; response?: unknown; code?: unknown; message?: unknown };
        const code = typeof e.responseCode === 'number' ? e.responseCode : codeOf(e.response);
        const text = typeof e.response === 'string' ? e.response : `${String(e.code ?? 'error')}: ${String(e.message ?? err)}`;
        return { code, text };
      }
    },
    async close() {
      const t = transporter;
      transporter = undefined;
      (await t)?.close();
    },
  };
}
