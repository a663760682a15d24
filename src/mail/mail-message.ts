/**
 * What every transport shares: the message, the `MailTransport` seam features depend on, and
 * the links in a text. Transports import this, never mail-transport.ts (which picks one of them).
 */

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

/** Absolute http(s) links in a text, in order, without duplicates. */
export function linksIn(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s<>"')]+/g) ?? [])];
}
