/**
 * Email: the `MailTransport` seam (SMTP through nodemailer, or `.eml` files in the outbox folder
 * when no SMTP server is configured), and the messages the paper sends, rendered from JSX with a
 * plain-text alternative.
 */
export {
  type BulkMailTransport,
  type BulkMessage,
  type BulkSmtpSettings,
  createBulkSmtpTransport,
  DKIM_SIGNED_HEADERS,
  type DkimSettings,
  type PreparedMessage,
  type SmtpOutcome,
} from './bulk-smtp-transport.js';
export { linksIn, type MailMessage, type MailTransport } from './mail-message.js';
export { createMailer } from './mail-transport.js';
export { createOutboxTransport } from './outbox-transport.js';
export { createSmtpTransport } from './smtp-transport.js';
export { type AccessEndedEmailProps, accessEndedEmail } from './views/access-ended-email.js';
export * from './views/account-emails.js';
export { EmailButton, type EmailContent, EmailLayout, renderEmail } from './views/email-layout.js';
export { type GiftEmailProps, type GiftReceiptEmailProps, giftEmail, giftReceiptEmail } from './views/gift-emails.js';
