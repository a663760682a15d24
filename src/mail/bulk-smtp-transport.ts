/**
 * Mail to many readers through one SMTP relay (nodemailer's pooled transport): the daily email's
 * seam. Unlike `MailTransport`, a send never throws for what the server says: it answers the
 * SMTP reply (code and text), or `code: null` when no reply came (a refused or cut connection, a
 * timeout), and the caller's ledger decides what that means. The pool holds at most
 * `connections` connections and hands out at most `messagesPerSecond` messages a second, all
 * connections together (nodemailer's `rateLimit` over `rateDelta`).
 *
 * DKIM (RFC 6376), when configured, signs every message with nodemailer's signer and our own
 * header list, which names `List-Unsubscribe` and `List-Unsubscribe-Post`: RFC 8058 §4 asks for
 * both under a valid signature before a receiver offers one-click unsubscribe. (nodemailer 10.6
 * lists both by default; older releases left `List-Unsubscribe-Post` out, so we do not rely on it.)
 */
import type { Transporter } from 'nodemailer';

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

export interface BulkMailTransport {
  send(message: BulkMessage): Promise<SmtpOutcome>;
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

export function createBulkSmtpTransport(settings: BulkSmtpSettings): BulkMailTransport {
  let transporter: Promise<Transporter> | undefined;
  const timeout = settings.timeoutMs ?? 60_000;
  const open = () =>
    import('nodemailer').then(({ createTransport }) =>
      createTransport(
        {
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
          ...(settings.dkim
            ? {
                dkim: {
                  domainName: settings.dkim.domain,
                  keySelector: settings.dkim.selector,
                  privateKey: settings.dkim.privateKey,
                  headerFieldNames: DKIM_SIGNED_HEADERS.join(':'),
                },
              }
            : {}),
        },
        { from: settings.from },
      ),
    );
  return {
    async send(m) {
      transporter ??= open();
      const t = await transporter;
      try {
        const info = await t.sendMail({
          to: m.to,
          subject: m.subject,
          html: m.html,
          text: m.text,
          messageId: m.messageId,
          headers: m.headers,
          ...(m.envelopeFrom ? { envelope: { from: m.envelopeFrom, to: [m.to] } } : {}),
        });
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
