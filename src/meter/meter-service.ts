/**
 * The meter on the article page: who is reading (verified crawler, staff, reader, anonymous;
 * entitled or not; through a gift link), their usage this period (anonymous-meter.ts for readers
 * not signed in, by the id in their cookie; the database by reader for registered ones), the
 * content-read service's decision, and the count that decision calls for — recorded atomically,
 * then the decision re-taken if a concurrent request got there first. Every decision goes to the
 * funnel; link previews and prefetches get the teaser and are none of these.
 */
import type { AccessLevel } from '../articles/index.js';
import type { Db } from '../db/database.js';
import type { FunnelEvent } from '../funnel/index.js';
import type { Clock } from '../platform.js';
import type { AccessDecision, ContentReader, MeterUsage, Viewer } from '../reading/index.js';
import { allowanceOf } from '../reading/index.js';
import { createAnonymousMeter, type PolicyPick, type Read, withCount } from './anonymous-meter.js';
import { articleKey } from './meter-cookie.js';
import type { ArmView, ExperimentGate, RunningExperiment } from './meter-experiment.js';
import { monthPeriod, newPeriod } from './meter-period.js';
import type { MeterPolicy } from './meter-policy.js';
import { type GiftOutcome, passRead } from './meter-presenter.js';
import { countRead, findUsage } from './meter-repository.js';
import { type MeterPrincipal, type MeterRequest, NO_COOKIES } from './meter-request.js';
import type { MeterSettings } from './meter-settings.js';

export type CrawlerName = 'googlebot' | 'bingbot';

/** The crawler check the meter needs (src/crawlers implements it). */
export interface CrawlerCheck {
  claimedCrawler(userAgent: string | undefined): CrawlerName | null;
  verifyFast(crawler: CrawlerName, ip: string): boolean | Promise<boolean>;
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
  funnel: FunnelSink;
  /** The experiment running now, if any (src/experiments): read once per metered request, from memory. */
  experiments: ExperimentGate;
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
  /** What the gift link answered, when it was asked (the page says why one did not open). */
  gift: GiftOutcome | undefined;
  /** Set-Cookie values for the route to send (a new anonymous meter's, or its clearing). */
  setCookies: readonly string[];
  /** The reader's arm of the running experiment; null when none runs or this reader is in none. */
  arm: ArmView | null;
}

/** What `holdsWeb` needs of a request. */
export type WebHolderRequest = Pick<MeterRequest, 'principal' | 'clientIp'>;

export function createMeterService(deps: MeterServiceDeps) {
  const { db, clock, timeZone: tz, keys, settings, reader } = deps;

  type Who = { viewer: Viewer; signedIn: boolean; gift?: GiftOutcome };

  /**
   * Who is reading. Most requests are anonymous readers with no crawler claim and no gift link:
   * for them the answer is synchronous (the address-licence check runs on cached organisations),
   * so a re-read from the page cache awaits nothing at all.
   */
  function whoIs(request: MeterRequest, article: ArticleMeta, gift: MeterRequest['gift'], at: Date): Who | Promise<Who> {
    if (gift === undefined && request.principal === null && deps.crawlers.claimedCrawler(request.userAgent) === null) {
      const web = deps.webByAddress(request.clientIp);
      if (typeof web === 'boolean') return { viewer: { kind: 'anonymous', entitled: web }, signedIn: false };
    }
    return whoIsSlowly(request, article, gift, at);
  }

  /** Whether a reader (not closed) holds `web` here and now; undefined when there is no such reader. */
  async function readerWeb(id: string, clientIp: string, at: Date): Promise<{ readerId: string; entitled: boolean } | undefined> {
    const r = await deps.findReader(id);
    if (!r || r.closedAt) return undefined;
    const e = await deps.entitlementsFor({ readerId: r.id, readerEmail: r.email, emailVerified: r.emailVerifiedAt !== null, clientIp, at });
    return { readerId: r.id, entitled: e.entitlements.includes('web') };
  }

  async function whoIsSlowly(request: MeterRequest, article: ArticleMeta, gift: MeterRequest['gift'], at: Date): Promise<Who> {
    const claimed = deps.crawlers.claimedCrawler(request.userAgent);
    if (claimed) {
      const verified = deps.crawlers.verifyFast(claimed, request.clientIp);
      if (verified === true || (verified !== false && (await verified))) {
        return { viewer: { kind: 'crawler', crawler: claimed }, signedIn: false };
      }
    }
    const principal: MeterPrincipal | null = request.principal;
    if (principal?.kind === 'staff') return { viewer: { kind: 'staff' }, signedIn: true };
    // A gift link is admitted (taking one of its browser places) only for a reader who needs it.
    const admitGift = async (): Promise<GiftOutcome | undefined> => (gift === undefined ? undefined : gift.admit(article.id));
    if (principal?.kind === 'reader') {
      const reader = await readerWeb(principal.id, request.clientIp, at);
      if (reader) {
        const { readerId, entitled } = reader;
        const outcome = entitled ? undefined : await admitGift();
        const viewer: Viewer = { kind: 'registered', readerId, entitled, gift: outcome?.ok === true };
        return { viewer, signedIn: true, gift: outcome };
      }
    }
    const entitled = await deps.webByAddress(request.clientIp);
    const outcome = entitled ? undefined : await admitGift();
    const viewer: Viewer = { kind: 'anonymous', entitled, gift: outcome?.ok === true };
    return { viewer, signedIn: principal !== null, gift: outcome };
  }

  const anonymous = createAnonymousMeter({ db, timeZone: tz, keys, secure: deps.secure, settings, reader });

  async function registeredRead(
    request: MeterRequest,
    article: ArticleMeta,
    viewer: Viewer & { kind: 'registered' },
    at: Date,
    policy: MeterPolicy,
  ): Promise<Read> {
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
    // Articles counted before signing in carry over (docs/CONTEXT.md, "meter"); the anonymous meter is then
    // deleted on the server and its cookie cleared, so sending that cookie again finds nothing.
    const taken = await anonymous.take(request.meterCookie, at);
    const carried = taken?.carried;
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
    const decide = (u: MeterUsage) => reader.decide(article, viewer, u, policy);
    let access = decide(usage);
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
      if (outcome.outcome === 'already') access = decide({ ...usage, alreadyCounted: true });
      else if (outcome.outcome === 'quota') access = decide({ ...usage, used: allowance });
      else if (outcome.used !== usage.used + 1) access = withCount(access, outcome.used, allowance);
    }
    return taken === undefined ? { access, periodKey: window.key } : { access, periodKey: window.key, setCookie: taken.setCookie };
  }

  function record(
    access: AccessDecision,
    article: ArticleMeta,
    period: string,
    at: Date,
    gift: GiftOutcome | undefined,
    arm: ArmView | null,
  ): void {
    const e =
      arm === null
        ? { articleId: article.id, sectionId: article.sectionId, period, at }
        : { articleId: article.id, sectionId: article.sectionId, period, at, arm: { experimentId: arm.experiment.id, arm: arm.arm } };
    if (access.allow) {
      if (access.countThis) deps.funnel.record({ type: 'article_counted', ...e });
      if ((access.reason === 'counted' || access.reason === 'reread') && access.count?.remaining === 0)
        deps.funnel.record({ type: 'last_free_shown', ...e });
      const pass = passRead(access, gift);
      if (pass !== null) deps.funnel.record({ type: pass === 'print' ? 'print_read' : 'gift_read', ...e });
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
  async function preview(request: MeterRequest, article: ArticleMeta, at: Date): Promise<ArticleView> {
    const who = whoIs(request, article, undefined, at);
    const { viewer, signedIn } = who instanceof Promise ? await who : who;
    return { access: reader.decide(article, viewer, null), viewer, signedIn, gift: undefined, setCookies: NO_COOKIES, arm: null };
  }

  /** The read itself, once the reader is known: synchronous for a re-read the anonymous meter remembers. */
  function readAs(request: MeterRequest, article: ArticleMeta, who: Who, at: Date): ArticleView | Promise<ArticleView> {
    const { viewer } = who;
    // The one check an experiment costs when none runs.
    const experiment = deps.experiments.running();
    if (viewer.kind === 'anonymous' && !viewer.entitled && !viewer.gift) {
      if (experiment !== null) return anonymousInExperiment(request, article, who, at, experiment);
      const read = anonymous.read(request, article, viewer, at);
      return read instanceof Promise ? read.then((r) => recorded(r, article, who, at, null)) : recorded(read, article, who, at, null);
    }
    if (viewer.kind === 'registered' && ((!viewer.entitled && !viewer.gift) || request.meterCookie !== undefined)) {
      // A reader's meter; or an entitled one's anonymous meter still to carry over and delete.
      // Only a reader who does not hold `web` (and reads without a gift) enters an arm.
      const arm: ArmView | null =
        experiment !== null && !viewer.entitled && !viewer.gift ? { experiment, arm: experiment.armOfReader(viewer.readerId) } : null;
      const policy = arm ? arm.experiment.policyFor(arm.arm, settings.policy()) : settings.policy();
      return registeredRead(request, article, viewer, at, policy).then((r) => recorded(r, article, who, at, arm));
    }
    // Entitled, staff, a verified crawler, a gift read: never in an arm.
    return recorded({ access: reader.decide(article, viewer), periodKey: monthPeriod(at, tz).key }, article, who, at, null);
  }

  /** An anonymous reader while an experiment runs: the arm follows the meter's hash, the policy the arm. */
  function anonymousInExperiment(
    request: MeterRequest,
    article: ArticleMeta,
    who: Who,
    at: Date,
    experiment: RunningExperiment,
  ): ArticleView | Promise<ArticleView> {
    const pick: PolicyPick = (hash) => experiment.policyFor(experiment.armOfMeter(hash), settings.policy());
    const done = (r: Read) =>
      recorded(r, article, who, at, r.meterHash === undefined ? null : { experiment, arm: experiment.armOfMeter(r.meterHash) });
    const read = anonymous.read(request, article, who.viewer, at, pick);
    return read instanceof Promise ? read.then(done) : done(read);
  }

  function recorded(result: Read, article: ArticleMeta, who: Who, at: Date, arm: ArmView | null): ArticleView {
    record(result.access, article, result.periodKey, at, who.gift, arm);
    return {
      access: result.access,
      viewer: who.viewer,
      signedIn: who.signedIn,
      gift: who.gift,
      setCookies: result.setCookie === undefined ? NO_COOKIES : [result.setCookie],
      arm,
    };
  }

  return {
    /**
     * Whether this request may read whole metered and subscriber stories: staff, a reader holding
     * `web`, or an address with a group licence. Search widens to body text for them only.
     */
    async holdsWeb(request: WebHolderRequest): Promise<boolean> {
      const principal = request.principal;
      if (principal?.kind === 'staff') return true;
      if (principal?.kind === 'reader') {
        const reader = await readerWeb(principal.id, request.clientIp, clock());
        if (reader) return reader.entitled;
      }
      return deps.webByAddress(request.clientIp);
    },

    /**
     * What this request may read of a live article, counting it when the meter says so (in the
     * database). Cookies to set come back in `setCookies`.
     */
    readArticle(request: MeterRequest, article: ArticleMeta): ArticleView | Promise<ArticleView> {
      const at = clock();
      if (article.access === 'free') {
        // Free to everyone: nothing to find out but whether the header says "Account".
        const viewer: Viewer = { kind: 'anonymous' };
        return {
          access: reader.decide(article, viewer),
          viewer,
          signedIn: request.principal !== null,
          gift: undefined,
          setCookies: NO_COOKIES,
          arm: null,
        };
      }
      if (request.preview) return preview(request, article, at);
      const who = whoIs(request, article, request.gift, at);
      return who instanceof Promise ? who.then((w) => readAs(request, article, w, at)) : readAs(request, article, who, at);
    },
  };
}

export type MeterService = ReturnType<typeof createMeterService>;
