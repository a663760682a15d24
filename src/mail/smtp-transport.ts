/** Mail through an SMTP server (nodemailer's pooled transport): `smtp://user:pass@host:587`, `smtps://…`. */
import { createTransport } from 'nodemailer';
import type { MailMessage, MailTransport } from './mail-message.js';

export function createSmtpTransport(smtpUrl: string, from: string): MailTransport {
  // A pool keeps a few connections open between messages; each message still waits for the
  // server's acceptance, so a failure reaches the caller.
  const transporter = createTransport({ pool: true, url: smtpUrl, maxConnections: 3 }, { from });
  let closed = false;
  return {
    async send(message: MailMessage) {
      await transporter.sendMail({ to: message.to, subject: message.subject, text: message.text, html: message.html });
    },
    async close() {
      if (closed) return;
      closed = true;
      transporter.close();
    },
  };
}
