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
  const newsletter: NewsletterConfig = {
    assembleAt: timeOfDay('MASTHEAD_NEWSLETTER_ASSEMBLE_AT', '06:00') ?? { h: 6, min: 0 },
    sendAt: timeOfDay('MASTHEAD_NEWSLETTER_SEND_AT', '07:00'),
    minStories: int('MASTHEAD_NEWSLETTER_MIN_STORIES', 5, 1, 30),
    maxStories: int('MASTHEAD_NEWSLETTER_MAX_STORIES', 12, 1, 30),
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
