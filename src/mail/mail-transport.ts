/**
 * The paper's one seam to email. Features depend on `MailTransport`; `createMailer` picks SMTP
 * (nodemailer, pooled) when SMTP_URL is set, else the outbox folder under the data directory, so
 * a newcomer with no mail server can still follow a sign-in link.
 */
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createOutboxTransport } from './outbox-transport.js';
import { createSmtpTransport } from './smtp-transport.js';

export interface MailMessage {
  to: string;
  subject: string;
  /** The plain-text alternative; every message has one. */
  text: string;
  html: string;
}

export interface MailTransport {
  send(message: MailMessage): Promise<void>;
  /** Releases pooled connections; safe to call more than once. */
  close(): Promise<void>;
}

export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'dataDir' | 'nodeEnv'>, log: Logger): MailTransport {
  if (config.smtpUrl) return createSmtpTransport(config.smtpUrl, config.mailFrom);
  return createOutboxTransport(path.join(config.dataDir, 'outbox'), config.mailFrom, log, { logLinks: config.nodeEnv !== 'production' });
}

/** Absolute http(s) links in a text, in order, without duplicates. */
export function linksIn(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s<>"')]+/g) ?? [])];
}
