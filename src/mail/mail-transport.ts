/**
 * The paper's one seam to email. Features depend on `MailTransport`; `createMailer` picks SMTP
 * (nodemailer, pooled) when SMTP_URL is set, else the outbox folder under the data directory, so
 * a newcomer with no mail server can still follow a sign-in link.
 */
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { MailTransport } from './mail-message.js';
import { createOutboxTransport } from './outbox-transport.js';
import { createSmtpTransport } from './smtp-transport.js';

export { linksIn, type MailMessage, type MailTransport } from './mail-message.js';

export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'dataDir' | 'nodeEnv'>, log: Logger): MailTransport {
  if (config.smtpUrl) return createSmtpTransport(config.smtpUrl, config.mailFrom);
  return createOutboxTransport(path.join(config.dataDir, 'outbox'), config.mailFrom, log, { logLinks: config.nodeEnv !== 'production' });
}
