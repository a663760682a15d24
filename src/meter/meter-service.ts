/**
 * The meter on the article page: who is reading (verified crawler, staff, reader, anonymous;
 * entitled or not; through a gift link), their usage this period (anonymous-meter.ts for readers
 * not signed in, by the id in their cookie; the database by reader for registered ones), the
 * content-read service's decision, and the count that decision calls for — recorded atomically,
 * then the decision re-taken if a concurrent request got there first. Every decision goes to the
 * funnel; link previews and prefetches get the teaser and are none of these.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessLevel } from '../articles/article.js';
import type { Db } from '../db/database.js';
import type { FunnelEvent } from '../funnel/index.js';
import { readCookie } from '../http/cookies.js';
import { isPreviewRequest } from '../http/preview-request.js';
import type { Clock } from '../platform.js';
import type { ContentReader } from '../reading/content-reader.js';
import type { AccessDecision, MeterUsage, Viewer } from './access.js';
import { createAnonymousMeter, type Read, withCount } from './anonymous-meter.js';
import { articleKey, METER_COOKIE } from './meter-cookie.js';
import { monthPeriod, newPeriod } from './meter-period.js';
import { allowanceOf } from './meter-policy.js';
import { countRead, findUsage } from './meter-repository.js';
import type { MeterSettings } from './meter-settings.js';

export type CrawlerName = 'googlebot' | 'bingbot';

/** The crawler check the meter needs (src/crawlers implements it). */
export interface CrawlerCheck {
  claimedCrawler(userAgent: string | undefined): CrawlerName | null;
  verifyFast(crawler: CrawlerName, ip: string): boolean | Promise<boolean>;
}

/** The gift-link check the meter needs (src/gift-links implements it). */
export interface GiftCheck {
  admit(request: FastifyRequest, reply: FastifyReply, p: { articleId: string; token: string }): Promise<{ ok: boolean }>;
}

/** Where decisions are recorded (src/funnel implements it, buffered). */
export interface FunnelSink {
  record(e: FunnelEvent): void;
}

export interface MeterServiceDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  /** Signing keys: the first signs meter cookies and network hashes, all verify. */
  keys: readonly string[];
  /** Secure cookies (https site). */
  secure: boolean;
  settings: MeterSettings;
  reader: ContentReader;
  principal(
    request: FastifyRequest,
  ): { kind: 'reader' | 'staff'; id: string } | null | Promise<{ kind: 'reader' | 'staff'; id: string } | null>;
  findReader(id: string): Promise<{ id: string; email: string; emailVerifiedAt: Date | null; closedAt: Date | null } | undefined>;
  /** Whether an anonymous request holds `web` by its address (group licences); synchronous when it can be. */
  webByAddress(clientIp: string): boolean | Promise<boolean>;
  entitlementsFor(q: {
    readerId?: string | undefined;
    readerEmail?: string | undefined;
    emailVerified?: boolean | undefined;
    clientIp: string;
    at: Date;
  }): Promise<{ entitlements: readonly string[] }>;
  crawlers: CrawlerCheck;
  gifts: GiftCheck | null;
  funnel: FunnelSink;
}

/** What the meter needs of an article: kept per URL in memory, so a cached page costs no query. */
export interface ArticleMeta {
  id: string;
  access: AccessLevel;
  sectionId: string;
}

export interface ArticleView {
  access: AccessDecision;
  viewer: Viewer;
  signedIn: boolean;
}

export function createMeterService(deps: MeterServiceDeps) {
  const { db, clock, timeZone: tz, keys, settings, reader } = deps;

  type Who = { viewer: Viewer; signedIn: boolean };

  /**
   * Who is reading. Most requests are anonymous readers with no crawler claim and no gift link:
   * for them the answer is synchronous (the address-licence check runs on cached organisations),
   * so a re-read from the page cache awaits nothing at all.
   */
  function whoIs(
    request: FastifyRequest,
    article: ArticleMeta,
    giftToken: string | undefined,
    reply: FastifyReply,
    at: Date,
  ): Who | Promise<Who> {
    if (giftToken === undefined && deps.crawlers.claimedCrawler(request.headers['user-agent']) === null) {
      const known = deps.principal(request);
      if (known === null) {
        const web = deps.webByAddress(request.ip);
        if (typeof web === 'boolean') return { viewer: { kind: 'anonymous', entitled: web }, signedIn: false };
      }
    }
    return whoIsSlowly(request, article, giftToken, reply, at);
  }

  /** Whether a reader (not closed) holds `web` here and now; undefined when there is no such reader. */
  async function readerWeb(id: string, clientIp: string, at: Date): Promise<{ readerId: string; entitled: boolean } | undefined> {
    const r = await deps.findReader(id);
    if (!r || r.closedAt) return undefined;
    const e = await deps.entitlementsFor({ readerId: r.id, readerEmail: r.email, emailVerified: r.emailVerifiedAt !== null, clientIp, at });
    return { readerId: r.id, entitled: e.entitlements.includes('web') };
  }

  async function whoIsSlowly(
    request: FastifyRequest,
    article: ArticleMeta,
    giftToken: string | undefined,
    reply: FastifyReply,
    at: Date,
  ): Promise<Who> {
    const claimed = deps.crawlers.claimedCrawler(request.headers['user-agent']);
    if (claimed) {
      const verified = deps.crawlers.verifyFast(claimed, request.ip);
      if (verified === true || (verified !== false && (await verified))) {
        return { viewer: { kind: 'crawler', crawler: claimed } as Viewer, signedIn: false };
      }
    }
    const known = deps.principal(request);
    const principal = known instanceof Promise ? await known : known;
    if (principal?.kind === 'staff') return { viewer: { kind: 'staff' } as Viewer, signedIn: true };
    // A gift link is admitted (taking one of its browser places) only for a reader who needs it.
    const admitGift = async () =>
      giftToken !== undefined &&
      deps.gifts !== null &&
      (await deps.gifts.admit(request, reply, { articleId: article.id, token: giftToken })).ok;
    if (principal?.kind === 'reader') {
      const reader = await readerWeb(principal.id, request.ip, at);
      if (reader) {
        const { readerId, entitled } = reader;
        const viewer: Viewer = { kind: 'registered', readerId, entitled, gift: !entitled && (await admitGift()) };
        return { viewer, signedIn: true };
      }
    }
    const entitled = await deps.webByAddress(request.ip);
    const viewer: Viewer = { kind: 'anonymous', entitled, gift: !entitled && (await admitGift()) };
    return { viewer, signedIn: principal !== null };
  }

  const anonymous = createAnonymousMeter({ db, timeZone: tz, keys, secure: deps.secure, settings, reader });

  async function registeredRead(
    request: FastifyRequest,
    reply: FastifyReply,
    article: ArticleMeta,
    viewer: Viewer & { kind: 'registered' },
    at: Date,
  ): Promise<Read> {
    const policy = settings.policy();
    const key = articleKey(article.id);
    const allowance = allowanceOf(policy, true);
    const lookup = () =>
      findUsage(
        db,
        policy.period.kind === 'month'
          ? { readerId: viewer.readerId, articleKey: key, now: at, periodKey: monthPeriod(at, tz).key }
          : { readerId: viewer.readerId, articleKey: key, now: at, rollingPrefix: `r${policy.period.days}-` },
      );
    let stored = await lookup();
    // Articles counted before signing in carry over (decisions.md); the anonymous meter is then
    // deleted on the server and its cookie cleared, so sending that cookie again finds nothing.
    const carried = await anonymous.take(request, reply, at);
    if (carried && carried.reads.length > 0) {
      const window = stored ? { key: stored.periodKey, end: stored.periodEndsAt } : carried.window;
      for (const r of carried.reads) {
        await countRead(db, {
          readerId: viewer.readerId,
          periodKey: window.key,
          periodEndsAt: window.end,
          articleKey: r.articleKey,
          articleId: r.articleId,
          allowance,
          // When it was read, for the reader's own record ("download my data").
          at: r.countedAt,
        });
      }
      stored = await lookup();
    }
    const window = stored ? { key: stored.periodKey, end: stored.periodEndsAt } : newPeriod(policy.period, at, tz);
    const usage: MeterUsage = {
      periodKey: window.key,
      used: stored?.used ?? 0,
      alreadyCounted: stored?.alreadyCounted ?? false,
      freshMeter: false,
      networkExhausted: false,
    };
    let access = reader.decide(article, viewer, usage);
    if (access.allow && access.countThis) {
      const outcome = await countRead(db, {
        readerId: viewer.readerId,
        periodKey: window.key,
        periodEndsAt: window.end,
        articleKey: key,
        articleId: article.id,
        allowance,
        at,
      });
      // A concurrent request counted first: decide again on what is now stored.
      if (outcome.outcome === 'already') access = reader.decide(article, viewer, { ...usage, alreadyCounted: true });
      else if (outcome.outcome === 'quota') access = reader.decide(article, viewer, { ...usage, used: allowance });
      else if (outcome.used !== usage.used + 1) access = withCount(access, outcome.used, allowance);
    }
    return { access, periodKey: window.key };
  }

  function record(access: AccessDecision, article: ArticleMeta, period: string, at: Date): void {
    const e = { articleId: article.id, sectionId: article.sectionId, period, at };
    if (access.allow) {
      if (access.countThis) deps.funnel.record({ type: 'article_counted', ...e });
      if ((access.reason === 'counted' || access.reason === 'reread') && access.count?.remaining === 0)
        deps.funnel.record({ type: 'last_free_shown', ...e });
      if (access.reason === 'gift') deps.funnel.record({ type: 'gift_read', ...e });
      if (access.reason === 'crawler') deps.funnel.record({ type: 'crawler_served', ...e });
      return;
    }
    if (access.reason === 'anonymous-quota' || access.reason === 'network-budget')
      deps.funnel.record({ type: 'registration_wall_shown', ...e });
    else deps.funnel.record({ type: 'paywall_shown', ...e });
  }

  /**
   * A link preview, a mail scanner or a prefetch (src/http/preview-request.ts) is not a person
   * reading: it counts nothing, starts no meter, spends no network budget, takes no gift-link
   * place and is no funnel event. It gets the teaser a walled anonymous reader gets (the meter
   * plays no part: `no-meter`, or `subscribers-only`), unless the request itself holds `web`
   * (staff, a subscriber's own browser prefetching, a group licence's address) or is a verified
   * crawler: those read the whole story anyway, and a prefetched page is what their browser shows.
   */
  async function preview(request: FastifyRequest, reply: FastifyReply, article: ArticleMeta, at: Date): Promise<ArticleView> {
    const who = whoIs(request, article, undefined, reply, at);
    const { viewer, signedIn } = who instanceof Promise ? await who : who;
    return { access: reader.decide(article, viewer, null), viewer, signedIn };
  }

  return {
    /**
     * Whether this request may read whole metered and subscriber stories: staff, a reader holding
     * `web`, or an address with a group licence. Search widens to body text for them only.
     */
    async holdsWeb(request: FastifyRequest): Promise<boolean> {
      const principal = await deps.principal(request);
      if (principal?.kind === 'staff') return true;
      if (principal?.kind === 'reader') {
        const reader = await readerWeb(principal.id, request.ip, clock());
        if (reader) return reader.entitled;
      }
      return deps.webByAddress(request.ip);
    },

    /**
     * What this request may read of a live article, counting it when the meter says so (in the
     * database; a new anonymous meter's cookie goes on `reply`).
     */
    async readArticle(request: FastifyRequest, reply: FastifyReply, article: ArticleMeta, giftToken?: string): Promise<ArticleView> {
      const at = clock();
      if (article.access === 'free') {
        // Free to everyone: nothing to find out but whether the header says "Account".
        const known = deps.principal(request);
        const principal = known instanceof Promise ? await known : known;
        const viewer: Viewer = { kind: 'anonymous' };
        return { access: reader.decide(article, viewer), viewer, signedIn: principal !== null };
      }
      if (isPreviewRequest(request.method, request.headers)) return preview(request, reply, article, at);
      const who = whoIs(request, article, giftToken, reply, at);
      const { viewer, signedIn } = who instanceof Promise ? await who : who;
      let result: Read;
      if (viewer.kind === 'anonymous' && !viewer.entitled && !viewer.gift) {
        const read = anonymous.read(request, reply, article, viewer, at);
        result = read instanceof Promise ? await read : read;
      } else if (viewer.kind === 'registered' && ((!viewer.entitled && !viewer.gift) || readCookie(request, METER_COOKIE) !== undefined)) {
        // A reader's meter; or an entitled one's anonymous meter still to carry over and delete.
        result = await registeredRead(request, reply, article, viewer, at);
      } else result = { access: reader.decide(article, viewer), periodKey: monthPeriod(at, tz).key };
      record(result.access, article, result.periodKey, at);
      return { access: result.access, viewer, signedIn };
    },
  };
}

export type MeterService = ReturnType<typeof createMeterService>;
