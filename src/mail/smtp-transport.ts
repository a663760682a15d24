/** Mail through an SMTP server (nodemailer's pooled transport): `smtp://user:pass@host:587`, `smtps://…`. */
import type { Transporter } from 'nodemailer';
import type { MailMessage, MailTransport } from './mail-message.js';

export function createSmtpTransport(smtpUrl: string, from: string): MailTransport {
  // A pool keeps a few connections open between messages; each message still waits for the
  // server's acceptance, so a failure reaches the caller.
  // nodemailer is loaded, and the pool made, with the first message: not at start.
  let transporter: Promise<Transporter> | undefined;
  let closed = false;
  return {
    async send(message: MailMessage) {
      transporter ??= import('nodemailer').then(({ createTransport }) =>
        createTransport({ pool: true, url: smtpUrl, maxConnections: 3 }, { from }),
      );
      await (await transporter).sendMail({ to: message.to, subject: message.subject, text: message.text, html: message.html });
    },
    async close() {
      if (closed) return;
      closed = true;
      (await transporter)?.close();
    },
  };
}
