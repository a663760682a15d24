/**
 * The only reader of `process.env`. Every variable is parsed once at start; a bad value stops the
 * process with a list of every problem, not just the first.
 */
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  /** Absent: SQLite in the data directory. */
  databaseUrl: string | undefined;
  timezone: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  nodeEnv: 'production' | 'development' | 'test';
  /** Comma-separated CIDRs / addresses of proxies whose X-Forwarded-For we believe. */
  trustedProxies: string[];
  /** Signing keys: the first signs, all verify. Absent: generated once and kept in the data dir. */
  secretKeys: string[] | undefined;
  /** Bytes of rendered pages kept in memory. */
  pageCacheBytes: number;
  /** How often the job runner looks for due work. */
  jobPollMs: number;
  /** `smtp://user:pass@host:port` or `smtps://…`; absent: messages go to the outbox folder. */
  smtpUrl: string | undefined;
  /** The From address of every message the paper sends. */
  mailFrom: string;
  /** The one decision of which payments gateway runs: every place that builds one reads this. */
  payments: PaymentsChoice;
  /** Longest time to receive a whole request (headers and body); a stalled body is answered 408. */
  requestTimeoutMs: number;
  /** One `info` line per request; off, only server errors and slow requests are logged (src/http/request-log.ts). */
  accessLog: boolean;
  /** A response slower than this is logged at `warn`. */
  slowRequestMs: number;
  /** The daily email's edition: when it is assembled and sent (the paper's time zone), and how many stories. */
  newsletter: NewsletterConfig;
}

/** A wall-clock time of day in the paper's time zone. */
export interface TimeOfDay {
  h: number;
  min: number;
}

export interface NewsletterConfig {
  /** `MASTHEAD_NEWSLETTER_ASSEMBLE_AT`, default 06:00. */
  assembleAt: TimeOfDay;
  /** `MASTHEAD_NEWSLETTER_SEND_AT`, default 07:00; `off`: assembled editions wait as drafts for an editor. */
  sendAt: TimeOfDay | null;
  /** `MASTHEAD_NEWSLETTER_MIN_STORIES`, default 5. */
  minStories: number;
  /** `MASTHEAD_NEWSLETTER_MAX_STORIES`, default 12: the most the assembly takes from the last 24 hours. */
  maxStories: number;
  /** How the edition is sent to readers. */
  sending: NewsletterSendingConfig;
  /**
   * `MASTHEAD_NEWSLETTER_CLICKS`, default off: `on` counts clicks through first-party redirect
   * links (src/newsletter/click-tracking.ts); off, the email's links are the plain public URLs.
   */
  clickTracking: boolean;
}

export interface NewsletterSendingConfig {
  /** `MASTHEAD_NEWSLETTER_SMTP_URL`, else `SMTP_URL`: the relay the daily email goes through; absent: it cannot be sent. */
  smtpUrl: string | undefined;
  /** `MASTHEAD_NEWSLETTER_CONNECTIONS`, default 5: open connections to the relay; also the in-flight limit per sender. */
  connections: number;
  /** `MASTHEAD_NEWSLETTER_RATE`, default 100: messages a second handed to the relay per sender process; 0: no limit. */
  messagesPerSecond: number;
  /** `MASTHEAD_NEWSLETTER_GIVE_UP_AFTER`, default 6h: a message still deferred (4xx) this long after its first try fails. */
  giveUpAfterMs: number;
  /** `MASTHEAD_NEWSLETTER_RETRY_AFTER`, default 30s: the first wait after a 4xx; doubles per try, up to 30 minutes. */
  retryAfterMs: number;
  /** `MASTHEAD_NEWSLETTER_LEASE`, default 2m: how soon a crashed sender's recipients go to another sender. */
  leaseMs: number;
  /** `MASTHEAD_DKIM_DOMAIN`, `MASTHEAD_DKIM_SELECTOR`, `MASTHEAD_DKIM_PRIVATE_KEY_FILE`: all three, or none. */
  dkim: { domain: string; selector: string; privateKeyFile: string } | undefined;
  /** After sending (bounces, complaints): see `newsletterAfterSending`. */
  bounceAddress: string | undefined;
  /** `MASTHEAD_BOUNCE_WEBHOOK_SECRET`: the shared secret a relay sends with the raw reports it posts; absent: no webhook. */
  bounceWebhookSecret: string | undefined;
}

/**
 * Stripe when both keys are set; otherwise the demo gateway, which moves no money. In production
 * the demo gateway runs only when `MASTHEAD_DEMO_PAYMENTS=1` asks for it (README.md,
 * "Configuration"), so a deployment that forgot its keys never sells for free.
 */
export type PaymentsChoice =
  | { gateway: 'stripe'; secretKey: string; webhookSecret: string }
  | { gateway: 'demo'; reason: 'not-production' | 'requested' };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const str = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return Number(raw);
  };

  const port = int('PORT', 3000, 0, 65535);
  const host = str('HOST') ?? '0.0.0.0';

  const nodeEnvRaw = str('NODE_ENV') ?? 'development';
  let nodeEnv: Config['nodeEnv'] = 'development';
  if (nodeEnvRaw === 'production' || nodeEnvRaw === 'development' || nodeEnvRaw === 'test') nodeEnv = nodeEnvRaw;
  else problems.push(`NODE_ENV must be production, development or test (got "${nodeEnvRaw}")`);

  const publicUrlRaw = str('PUBLIC_URL');
  if (publicUrlRaw === undefined && nodeEnv === 'production')
    problems.push('PUBLIC_URL is required in production: the address readers use, such as https://news.example');
  let publicUrl = publicUrlRaw ?? `http://localhost:${port}`;
  try {
    const u = new URL(publicUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    publicUrl = u.origin + u.pathname.replace(/\/+$/, '');
  } catch {
    problems.push(`PUBLIC_URL must be an absolute http(s) URL (got "${publicUrl}")`);
  }

  const dataDir = path.resolve(cwd, str('MASTHEAD_DATA_DIR') ?? './data');

  const databaseUrl = str('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// URL (leave it unset for the embedded SQLite database)');
  }

  const timezone = str('MASTHEAD_TIMEZONE') ?? 'UTC';
  // UTC, the default, is always valid: checking it would load the time-zone data (tens of ms of a
  // command's start) for nothing.
  try {
    if (timezone !== 'UTC') new Intl.DateTimeFormat('en-GB', { timeZone: timezone });
  } catch {
    problems.push(`MASTHEAD_TIMEZONE must be an IANA time zone such as Europe/London (got "${timezone}")`);
  }

  const logLevelRaw = str('LOG_LEVEL') ?? (nodeEnv === 'test' ? 'silent' : 'info');
  let logLevel: Config['logLevel'] = 'info';
  if ((LOG_LEVELS as readonly string[]).includes(logLevelRaw)) logLevel = logLevelRaw as Config['logLevel'];
  else problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevelRaw}")`);

  const trustedProxies = (str('MASTHEAD_TRUSTED_PROXIES') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const p of trustedProxies) {
    if (!/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(p)) problems.push(`MASTHEAD_TRUSTED_PROXIES: "${p}" is not an address or CIDR range`);
  }

  let secretKeys: string[] | undefined;
  const keysRaw = str('MASTHEAD_SECRET_KEYS');
  if (keysRaw !== undefined) {
    secretKeys = keysRaw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (secretKeys.some((k) => k.length < 32)) problems.push('MASTHEAD_SECRET_KEYS: every key must be at least 32 characters');
  }

  const pageCacheBytes = int('MASTHEAD_PAGE_CACHE_MB', 64, 0, 65536) * 1024 * 1024;
  const jobPollMs = int('MASTHEAD_JOB_POLL_MS', 1000, 50, 600_000);

  const smtpUrl = str('SMTP_URL');
  if (smtpUrl !== undefined && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl)) problems.push('SMTP_URL must be an smtp:// or smtps:// URL');
  const mailFrom = str('MASTHEAD_MAIL_FROM') ?? `newsroom@${hostOf(publicUrl)}`;
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(mailFrom.replace(/^.*<(.+)>$/, '$1')))
    problems.push(`MASTHEAD_MAIL_FROM must be an email address (got "${mailFrom}")`);

  const stripeSecretKey = str('STRIPE_SECRET_KEY');
  if (stripeSecretKey !== undefined && !/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/.test(stripeSecretKey))
    problems.push('STRIPE_SECRET_KEY must look like sk_test_… or sk_live_…');
  const stripeWebhookSecret = str('STRIPE_WEBHOOK_SECRET');
  if (stripeWebhookSecret !== undefined && !stripeWebhookSecret.startsWith('whsec_'))
    problems.push('STRIPE_WEBHOOK_SECRET must start with whsec_');
  if (stripeSecretKey !== undefined && stripeWebhookSecret === undefined)
    problems.push('STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set');
  if (stripeWebhookSecret !== undefined && stripeSecretKey === undefined)
    problems.push('STRIPE_SECRET_KEY is required when STRIPE_WEBHOOK_SECRET is set');
  const payments = choosePayments(nodeEnv, str('MASTHEAD_DEMO_PAYMENTS'), stripeSecretKey, stripeWebhookSecret, problems);

  // A whole request (headers and body) must arrive within this; Fastify's default is no limit.
  const requestTimeoutMs = int('MASTHEAD_REQUEST_TIMEOUT_MS', 60_000, 100, 3_600_000);

  const accessLogRaw = str('MASTHEAD_ACCESS_LOG')?.toLowerCase();
  const accessLog = accessLogRaw === '1' || accessLogRaw === 'true';
  if (accessLogRaw !== undefined && !accessLog && accessLogRaw !== '0' && accessLogRaw !== 'false')
    problems.push(`MASTHEAD_ACCESS_LOG must be 1 or true (a line per request), or 0 or false (got "${str('MASTHEAD_ACCESS_LOG')}")`);
  const slowRequestMs = int('MASTHEAD_SLOW_REQUEST_MS', 1000, 1, 3_600_000);

  const timeOfDay = (name: string, fallback: string): TimeOfDay | null => {
    const raw = str(name) ?? fallback;
    if (raw.toLowerCase() === 'off' && name === 'MASTHEAD_NEWSLETTER_SEND_AT') return null;
    const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(raw);
    if (!m) {
      problems.push(`${name} must be a time of day as HH:MM in the paper's time zone, e.g. ${fallback} (got "${raw}")`);
      return null;
    }
    return { h: Number(m[1]), min: Number(m[2]) };
  };
  const onOff = (name: string, fallback: boolean): boolean => {
    const raw = str(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['on', '1', 'true', 'yes'].includes(raw)) return true;
    if (['off', '0', 'false', 'no'].includes(raw)) return false;
    problems.push(`${name} must be on or off (got "${str(name)}")`);
    return fallback;
  };
  const newsletter: NewsletterConfig = {
    assembleAt: timeOfDay('MASTHEAD_NEWSLETTER_ASSEMBLE_AT', '06:00') ?? { h: 6, min: 0 },
    sendAt: timeOfDay('MASTHEAD_NEWSLETTER_SEND_AT', '07:00'),
    minStories: int('MASTHEAD_NEWSLETTER_MIN_STORIES', 5, 1, 30),
    maxStories: int('MASTHEAD_NEWSLETTER_MAX_STORIES', 12, 1, 30),
    sending: newsletterSending(str, int, smtpUrl, problems),
    clickTracking: onOff('MASTHEAD_NEWSLETTER_CLICKS', false),
  };
  if (newsletter.maxStories < newsletter.minStories)
    problems.push(
      `MASTHEAD_NEWSLETTER_MAX_STORIES (${newsletter.maxStories}) must not be below MASTHEAD_NEWSLETTER_MIN_STORIES (${newsletter.minStories})`,
    );

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    publicUrl,
    dataDir,
    databaseUrl,
    timezone,
    logLevel,
    nodeEnv,
    trustedProxies,
    secretKeys,
    pageCacheBytes,
    jobPollMs,
    smtpUrl,
    mailFrom,
    payments,
    requestTimeoutMs,
    accessLog,
    slowRequestMs,
    newsletter,
  };
}

const STRIPE_WAY = 'set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET to take payments';
const DEMO_WAY = 'set MASTHEAD_DEMO_PAYMENTS=1 to run a demonstration (no money moves)';

function choosePayments(
  nodeEnv: Config['nodeEnv'],
  demoRaw: string | undefined,
  secretKey: string | undefined,
  webhookSecret: string | undefined,
  problems: string[],
): PaymentsChoice {
  if (demoRaw !== undefined && demoRaw !== '1' && demoRaw !== '0')
    problems.push(`MASTHEAD_DEMO_PAYMENTS must be 1 (demo payments) or 0 (got "${demoRaw}")`);
  const demoAsked = demoRaw === '1';
  const keys = secretKey !== undefined || webhookSecret !== undefined;
  if (demoAsked && keys) {
    // Two contradicting wishes: guessing either way could sell for free or charge a demo.
    problems.push(
      'MASTHEAD_DEMO_PAYMENTS=1 and Stripe keys are both set: unset MASTHEAD_DEMO_PAYMENTS to take payments, or unset the Stripe keys to run a demonstration',
    );
  }
  if (secretKey !== undefined && webhookSecret !== undefined && !demoAsked) return { gateway: 'stripe', secretKey, webhookSecret };
  if (demoAsked) return { gateway: 'demo', reason: 'requested' };
  if (nodeEnv === 'production' && !keys)
    problems.push(`Payments are not configured, and production will not give subscriptions away: ${STRIPE_WAY}, or ${DEMO_WAY}`);
  return { gateway: 'demo', reason: 'not-production' };
}

function hostOf(url: string): string {
  try {
    const h = new URL(url).hostname;
    return h.includes('.') ? h : `${h}.localdomain`;
  } catch {
    return 'localhost.localdomain';
  }
}

/** "6h", "90m", "30s", "1500ms", "2d" → milliseconds. */
function spanMs(text: string): number | undefined {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
}

function newsletterSending(
  str: (name: string) => string | undefined,
  int: (name: string, fallback: number, min: number, max: number) => number,
  smtpUrl: string | undefined,
  problems: string[],
): NewsletterSendingConfig {
  const span = (name: string, fallback: string, minMs: number, maxMs: number): number => {
    const raw = str(name) ?? fallback;
    const ms = spanMs(raw);
    if (ms === undefined || ms < minMs || ms > maxMs) {
      problems.push(
        `${name} must be a time span such as ${fallback} (a number and ms, s, m, h or d; ${minMs} ms to ${maxMs / 3_600_000} h) (got "${raw}")`,
      );
      return spanMs(fallback) ?? minMs;
    }
    return ms;
  };
  const own = str('MASTHEAD_NEWSLETTER_SMTP_URL');
  if (own !== undefined && !/^smtps?:\/\/[^\s]+$/.test(own))
    problems.push('MASTHEAD_NEWSLETTER_SMTP_URL must be an smtp:// or smtps:// URL');
  const dkimParts = {
    domain: str('MASTHEAD_DKIM_DOMAIN'),
    selector: str('MASTHEAD_DKIM_SELECTOR'),
    privateKeyFile: str('MASTHEAD_DKIM_PRIVATE_KEY_FILE'),
  };
  const given = Object.values(dkimParts).filter((v) => v !== undefined).length;
  if (given > 0 && given < 3)
    problems.push('MASTHEAD_DKIM_DOMAIN, MASTHEAD_DKIM_SELECTOR and MASTHEAD_DKIM_PRIVATE_KEY_FILE go together: set all three, or none');
  if (dkimParts.domain !== undefined && !/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(dkimParts.domain))
    problems.push(`MASTHEAD_DKIM_DOMAIN must be a domain name (got "${dkimParts.domain}")`);
  if (dkimParts.selector !== undefined && !/^[a-z0-9._-]+$/i.test(dkimParts.selector))
    problems.push(`MASTHEAD_DKIM_SELECTOR must be a DNS label (got "${dkimParts.selector}")`);
  const { domain, selector, privateKeyFile } = dkimParts;
  return {
    smtpUrl: own ?? smtpUrl,
    connections: int('MASTHEAD_NEWSLETTER_CONNECTIONS', 5, 1, 100),
    messagesPerSecond: int('MASTHEAD_NEWSLETTER_RATE', 100, 0, 100_000),
    giveUpAfterMs: span('MASTHEAD_NEWSLETTER_GIVE_UP_AFTER', '6h', 1000, 7 * 86_400_000),
    retryAfterMs: span('MASTHEAD_NEWSLETTER_RETRY_AFTER', '30s', 10, 3_600_000),
    leaseMs: span('MASTHEAD_NEWSLETTER_LEASE', '2m', 500, 3_600_000),
    dkim: domain !== undefined && selector !== undefined && privateKeyFile !== undefined ? { domain, selector, privateKeyFile } : undefined,
    ...newsletterAfterSending(str, problems),
  };
}

/**
 * After sending (issue 15): `MASTHEAD_BOUNCE_ADDRESS` (e.g. `bounces@bounce.news.example`) makes
 * each message's envelope sender `bounces+TOKEN@…` (VERP); its local part leaves room for the
 * 46-character `+token` within SMTP's 64. Unset: the envelope sender stays the From address.
 */
function newsletterAfterSending(str: (name: string) => string | undefined, problems: string[]) {
  const bounceAddress = str('MASTHEAD_BOUNCE_ADDRESS');
  if (bounceAddress !== undefined && !/^[A-Za-z0-9._-]{1,18}@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(bounceAddress))
    problems.push(
      `MASTHEAD_BOUNCE_ADDRESS must be an address whose local part is at most 18 letters, digits, dots, dashes or underscores, e.g. bounces@bounce.example.com (got "${bounceAddress}")`,
    );
  const bounceWebhookSecret = str('MASTHEAD_BOUNCE_WEBHOOK_SECRET');
  if (bounceWebhookSecret !== undefined && bounceWebhookSecret.length < 16)
    problems.push('MASTHEAD_BOUNCE_WEBHOOK_SECRET must be at least 16 characters');
  return { bounceAddress, bounceWebhookSecret };
}
