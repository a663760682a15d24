/**
 * Mail with no mail server: each message is composed exactly as it would be sent (nodemailer's
 * stream transport, CRLF line ends: RFC 5322 §2.1) and written as `<uuidv7>.eml` into the outbox
 * folder, where any mail program opens it. Outside production its links are logged too, so a
 * newcomer can sign in from the terminal; in production they are not (a sign-in or reset link is
 * a password for as long as it lives, and logs are read by more people than the mailbox).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import { linksIn, type MailMessage, type MailTransport } from './mail-message.js';

export interface OutboxOptions {
  /** Log each message's links (sign-in, confirmation, reset): never in production. */
  logLinks: boolean;
}

export function createOutboxTransport(dir: string, from: string, log: Pick<Logger, 'info'>, opts: OutboxOptions): MailTransport {
  // nodemailer is loaded with the first message, not at start.
  let composer: Promise<import('nodemailer').Transporter> | undefined;
  return {
    async send(message: MailMessage) {
      composer ??= import('nodemailer').then(({ createTransport }) =>
        createTransport({ streamTransport: true, buffer: true, newline: 'windows' }, { from }),
      );
      const info = await (await composer).sendMail({ to: message.to, subject: message.subject, text: message.text, html: message.html });
      const raw = info.message;
      if (!Buffer.isBuffer(raw)) throw new Error('outbox: the composer did not return a buffer');
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      // uuidv7 names sort in the order written. Write then rename, so a reader never sees half a file.
      const file = path.join(dir, `${uuidv7()}.eml`);
      const partial = `${file}.partial`;
      await fs.writeFile(partial, raw, { mode: 0o600 });
      await fs.rename(partial, file);
      const links = opts.logLinks ? linksIn(message.text) : [];
      log.info(
        { to: message.to, subject: message.subject, file, ...(opts.logLinks && { links }) },
        `Email to ${message.to} written to the outbox (SMTP_URL is not set)${links.length > 0 ? `: ${links.join(' ')}` : ''}`,
      );
    },
    async close() {},
  };
}
