/**
 * Test support for sending the daily email: a real SMTP server (smtp-server) on loopback that
 * keeps every message it accepts and answers each recipient as the test says (`reply`: a 4xx to
 * throttle, a 5xx to refuse); and readers, plans and subscriptions written as rows.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/database.js';

export interface ReceivedMessage {
  to: string;
  raw: string;
  messageId: string;
  /** The envelope sender (MAIL FROM). */
  mailFrom: string;
}

export interface SmtpSink {
  port: number;
  url: string;
  received: ReceivedMessage[];
  /** The most connections open at once. */
  peakConnections(): number;
  /** Messages per recipient address. */
  countsByRecipient(): Map<string, number>;
  close(): Promise<void>;
}

/** The value of a header in a raw message (unfolded), or undefined. */
export function headerOf(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const re = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im');
  return re.exec(unfolded)?.[1]?.trim();
}

export interface SmtpSinkOptions {
  /** The reply to a recipient's RCPT TO (its `attempt`th); undefined: accepted. */
  reply?: (to: string, attempt: number) => { code: number; message: string } | undefined;
  /** Runs when a message has arrived whole, before the server answers 250 (`received` holds it already). */
  beforeReply?: (received: number) => void;
  /** Runs just after the server answered 250. */
  afterReply?: (received: number) => void;
}

export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const received: ReceivedMessage[] = [];
  const attempts = new Map<string, number>();
  let open = 0;
  let peak = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    onConnect(_session, cb) {
      open++;
      peak = Math.max(peak, open);
      cb();
    },
    onClose() {
      open--;
    },
    // Answers the recipient before the message: a refusal is the reply to RCPT TO.
    onRcptTo(address, _session, cb) {
      const to = address.address.toLowerCase();
      const n = (attempts.get(to) ?? 0) + 1;
      attempts.set(to, n);
      const r = opts.reply?.(to, n);
      if (r) cb(Object.assign(new Error(r.message), { responseCode: r.code }));
      else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        for (const r of session.envelope.rcptTo)
          received.push({
            to: r.address.toLowerCase(),
            raw,
            messageId: headerOf(raw, 'Message-ID') ?? '',
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          });
        opts.beforeReply?.(received.length);
        cb();
        opts.afterReply?.(received.length);
      });
    },
    logger: false,
  });
  // A sender killed mid-conversation resets its connection: expected here, not an error of the test.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    peakConnections: () => peak,
    countsByRecipient() {
      const m = new Map<string, number>();
      for (const r of received) m.set(r.to, (m.get(r.to) ?? 0) + 1);
      return m;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface TestReader {
  email: string;
  verified?: boolean;
  optedIn?: boolean;
  closed?: boolean;
  /** Plan ids of live subscriptions (active, period ending well after the send). */
  plans?: string[];
  /** Plan id of a subscription that ended before the send. */
  endedPlan?: string;
}

/** Readers as rows (tests set up the facts the audience is computed from); returns their ids by email. */
export async function insertTestReaders(db: Db, readers: readonly TestReader[], at: Date): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const later = new Date(at.getTime() + 30 * 86_400_000);
  const earlier = new Date(at.getTime() - 30 * 86_400_000);
  const readerRows = [];
  const subscriptionRows = [];
  for (const r of readers) {
    const id = uuidv7();
    ids.set(r.email, id);
    readerRows.push({
      id,
      email: r.email,
      email_verified_at: r.verified === false ? null : earlier,
      password_hash: null,
      email_preferences: JSON.stringify({ dailyEmail: r.optedIn ?? false, offers: false }),
      closed_at: r.closed ? earlier : null,
      created_at: earlier,
      updated_at: earlier,
    });
    const subs = [...(r.plans ?? []).map((p) => ({ plan: p, end: later })), ...(r.endedPlan ? [{ plan: r.endedPlan, end: earlier }] : [])];
    for (const s of subs) {
      const sid = uuidv7();
      subscriptionRows.push({
        id: sid,
        reader_id: id,
        plan_id: s.plan,
        status: s.end > at ? 'active' : 'canceled',
        current_period_end_at: s.end,
        cancel_at_period_end: false,
        trial_end_at: null,
        grace_until_at: null,
        provider: 'demo',
        provider_subscription_id: `demo_${sid}`,
        provider_customer_id: null,
        provider_version: 1,
        created_at: earlier,
        updated_at: earlier,
        access_end_notified_at: null,
      });
    }
  }
  for (let i = 0; i < readerRows.length; i += 500)
    await db
      .insertInto('readers')
      .values(readerRows.slice(i, i + 500))
      .execute();
  for (let i = 0; i < subscriptionRows.length; i += 500)
    await db
      .insertInto('subscriptions')
      .values(subscriptionRows.slice(i, i + 500))
      .execute();
  return ids;
}

/** A plan with these entitlements; returns its id. */
export async function insertTestPlan(db: Db, slug: string, entitlements: string[], at: Date): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('plans')
    .values({
      id,
      slug,
      name: slug,
      description: '',
      price_cents: 800,
      currency: 'usd',
      interval: 'month',
      trial_days: 0,
      entitlements: JSON.stringify(entitlements),
      active: true,
      position: 0,
      stripe_price_id: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}
