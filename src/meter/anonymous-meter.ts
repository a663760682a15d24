/**
 * The anonymous meter: a random id in the cookie, the state on the server
 * (anonymous-meter-repository.ts), and a bounded memory of the states this process has seen so
 * that a re-read costs no query.
 *
 * Why the memory is safe. A meter's count and its set of counted articles only grow within its
 * period. An article found in the local copy was counted, so reading it again is free whatever
 * else happened since. An article not found locally always goes to the database's atomic count,
 * which decides on the stored state. A stale local copy can therefore only show an older "N of M"
 * on a re-read; it never gives a read the database would refuse. A local copy is dropped when its
 * period ends, when the policy's period changes, when its meter is carried over on sign-in (in
 * this process), after `LOCAL_TTL_MS` (so a meter carried over in another process stops
 * answering here within that time), and the older half at once past `LOCAL_MAX` meters
 * (`GenerationalMap`: evicting one at a time from a Map's front costs a walk per insert).
 */
import type { AccessLevel } from '../articles/index.js';
import { GenerationalMap } from '../cache/generational-map.js';
import type { Db } from '../db/database.js';
import { serializeCookie } from '../http/cookies.js';
import { type AccessDecision, allowanceOf, type ContentReader, type MeterUsage, type Viewer } from '../reading/index.js';
import {
  type AnonymousMeterState,
  countAnonymousRead,
  findAnonymousMeter,
  type NetworkBudget,
  startAnonymousMeter,
  takeAnonymousMeter,
} from './anonymous-meter-repository.js';
import { articleKey, METER_COOKIE, type MeterIdentity, newMeterId, readMeterCookie, signMeterId } from './meter-cookie.js';
import { networkHash, networkOf } from './meter-network.js';
import { budgetPeriod, currentWindowOf, newPeriod, type PeriodWindow } from './meter-period.js';
import type { MeterPolicy } from './meter-policy.js';
import type { MeterRequest } from './meter-request.js';
import type { MeterSettings } from './meter-settings.js';

/** A local copy older than this is read again from the database. */
export const LOCAL_TTL_MS = 60_000;
/** Meters remembered per process (about 200 bytes each). */
export const LOCAL_MAX = 50_000;
/** Verified cookie values remembered per process: the HMAC is most of a re-read's own cost. */
const VERIFIED_MAX = 10_000;
/** Network hashes remembered per process: a first visit would otherwise pay one more HMAC. */
const NETWORKS_MAX = 10_000;

export interface AnonymousMeterDeps {
  db: Db;
  timeZone: string;
  keys: readonly string[];
  secure: boolean;
  settings: MeterSettings;
  reader: ContentReader;
}

export interface ArticleRef {
  id: string;
  access: AccessLevel;
}

/**
 * A decision and its period; `setCookie` when the meter's cookie is to be set or cleared;
 * `meterHash` (only when an experiment asked, through `pick`) the meter it was taken on.
 */
export type Read = { access: AccessDecision; periodKey: string; setCookie?: string; meterHash?: string };

/**
 * The policy a meter reads under, by the meter's hash: given only while an experiment runs
 * (src/meter/meter-experiment.ts). Without it the meter reads the policy in force, as always.
 */
export type PolicyPick = (meterHash: string) => MeterPolicy;

/** What the anonymous meter needs of a request. */
type AnonymousRequest = Pick<MeterRequest, 'clientIp' | 'meterCookie'>;

/** An anonymous meter taken off the server on sign-in: its reads carry over to the reader's. */
export interface CarriedMeter {
  window: PeriodWindow;
  reads: { articleKey: string; articleId: string; countedAt: Date }[];
}

interface LocalMeter {
  hash: string;
  periodKey: string;
  endsAt: number;
  /** The policy's period this meter was made under ('month', 'r30'). */
  periodTag: string;
  used: number;
  articles: Set<string>;
  loadedAt: number;
}

const tagOf = (policy: MeterPolicy): string => (policy.period.kind === 'month' ? 'month' : `r${policy.period.days}`);

export function createAnonymousMeter(deps: AnonymousMeterDeps) {
  const { db, timeZone: tz, keys, settings, reader } = deps;
  const signingKey = keys[0] ?? '';
  const verified = new Map<string, MeterIdentity>();
  const local = new GenerationalMap<string, LocalMeter>(LOCAL_MAX);
  /** Database reads of a meter in flight (`loadShared`). */
  const loading = new Map<string, Promise<LocalMeter | undefined>>();
  const networks = new Map<string, string>();

  /** The keyed hash of a request's network (meter-network.ts), or null for an address that is none. */
  function networkHashOf(ip: string): string | null {
    let hash = networks.get(ip);
    if (hash === undefined) {
      const network = networkOf(ip);
      if (network === null) return null;
      hash = networkHash(network, signingKey);
      if (networks.size >= NETWORKS_MAX) networks.clear();
      networks.set(ip, hash);
    }
    return hash;
  }

  function identityOf(value: string | undefined): MeterIdentity | null {
    if (value === undefined) return null;
    const known = verified.get(value);
    if (known) return known;
    const identity = readMeterCookie(value, keys);
    if (identity) {
      if (verified.size >= VERIFIED_MAX) verified.clear();
      verified.set(value, identity);
    }
    return identity;
  }

  function remember(hash: string, state: AnonymousMeterState, policy: MeterPolicy, at: Date): LocalMeter {
    const meter: LocalMeter = {
      hash,
      periodKey: state.periodKey,
      endsAt: state.periodEndsAt.getTime(),
      periodTag: tagOf(policy),
      used: state.used,
      articles: new Set(state.articles),
      loadedAt: at.getTime(),
    };
    local.set(hash, meter);
    return meter;
  }

  /** Counts only grow: what the database answered can only raise the local copy. */
  function learn(meter: LocalMeter, key: string, used: number): void {
    meter.articles.add(key);
    if (used > meter.used) meter.used = used;
  }

  const usageOf = (m: { periodKey: string; used: number }, alreadyCounted: boolean): MeterUsage => ({
    periodKey: m.periodKey,
    used: m.used,
    alreadyCounted,
    freshMeter: false,
    networkExhausted: false,
  });

  function budgetOf(request: AnonymousRequest, policy: MeterPolicy, at: Date): NetworkBudget | null {
    const hash = networkHashOf(request.clientIp);
    if (hash === null) return null;
    const window = budgetPeriod(policy.period, at, tz);
    return {
      networkHash: hash,
      periodKey: window.key,
      periodEndsAt: window.end,
      freshMeters: policy.networkFreshMeters,
      countedReads: policy.networkCountedReads,
    };
  }

  /** A new meter, started by this read when the decision counts it (and the network's budget allows). */
  async function fresh(request: AnonymousRequest, article: ArticleRef, viewer: Viewer, at: Date, pick?: PolicyPick): Promise<Read> {
    // In an experiment the new meter's id comes first: its hash decides the arm, and so the policy.
    const made = pick ? signMeterId(newMeterId(at), keys) : undefined;
    const policy = made && pick ? pick(made.identity.hash) : settings.policy();
    const window = newPeriod(policy.period, at, tz);
    const usage: MeterUsage = { periodKey: window.key, used: 0, alreadyCounted: false, freshMeter: true, networkExhausted: false };
    const access = reader.decide(article, viewer, usage, policy);
    if (!(access.allow && access.countThis)) return { access, periodKey: window.key };
    const { value, identity } = made ?? signMeterId(newMeterId(at), keys);
    const key = articleKey(article.id);
    const started = await startAnonymousMeter(db, {
      meterHash: identity.hash,
      periodKey: window.key,
      periodEndsAt: window.end,
      articleKey: key,
      articleId: article.id,
      network: budgetOf(request, policy, at),
      at,
    });
    if (started.outcome !== 'counted') {
      return { access: reader.decide(article, viewer, { ...usage, networkExhausted: true }, policy), periodKey: window.key };
    }
    remember(identity.hash, { periodKey: window.key, periodEndsAt: window.end, used: 1, articles: [key] }, policy, at);
    const setCookie = meterCookie(value, window, at);
    return pick ? { access, periodKey: window.key, setCookie, meterHash: identity.hash } : { access, periodKey: window.key, setCookie };
  }

  function meterCookie(value: string, window: PeriodWindow, at: Date): string {
    const seconds = Math.ceil((window.end.getTime() - at.getTime()) / 1000);
    return serializeCookie(METER_COOKIE, value, { secure: deps.secure, maxAge: seconds });
  }

  /** `unseen` in an experiment: the read names its meter (a fresh one, when this one was gone, names its own). */
  async function unseenArmed(
    request: AnonymousRequest,
    article: ArticleRef,
    viewer: Viewer,
    at: Date,
    meter: LocalMeter,
    pick: PolicyPick,
  ): Promise<Read> {
    const r = await unseen(request, article, viewer, at, meter, pick);
    return r.meterHash === undefined ? { ...r, meterHash: meter.hash } : r;
  }

  /** An article this process has not seen counted on a known meter: the database decides. */
  async function unseen(
    request: AnonymousRequest,
    article: ArticleRef,
    viewer: Viewer,
    at: Date,
    meter: LocalMeter,
    pick: PolicyPick | undefined,
  ): Promise<Read> {
    const policy = pick ? pick(meter.hash) : settings.policy();
    const key = articleKey(article.id);
    const allowance = allowanceOf(policy, false);
    const periodKey = meter.periodKey;
    const decide = (usage: MeterUsage) => reader.decide(article, viewer, usage, policy);
    const access = decide(usageOf(meter, false));
    if (access.allow && access.countThis) {
      const out = await countAnonymousRead(db, {
        meterHash: meter.hash,
        articleKey: key,
        articleId: article.id,
        allowance,
        network: budgetOf(request, policy, at),
        at,
      });
      switch (out.outcome) {
        case 'counted':
          learn(meter, key, out.used);
          return { access: withCount(access, out.used, allowance), periodKey };
        case 'already':
          // Counted by a concurrent request (or another process) first: a re-read.
          learn(meter, key, out.used);
          return { access: decide(usageOf(meter, true)), periodKey };
        case 'quota':
          if (allowance > meter.used) meter.used = allowance;
          return { access: decide(usageOf(meter, false)), periodKey };
        case 'network':
          return { access: decide({ ...usageOf(meter, false), networkReadsExhausted: true }), periodKey };
        case 'gone':
          local.delete(meter.hash);
          return fresh(request, article, viewer, at, pick);
      }
    }
    if (access.allow) return { access, periodKey };
    // Walled by the local count: the article may have been counted elsewhere since (a re-read).
    const state = await findAnonymousMeter(db, meter.hash, at);
    if (!state) {
      local.delete(meter.hash);
      return fresh(request, article, viewer, at, pick);
    }
    const now = remember(meter.hash, state, policy, at);
    return { access: decide(usageOf(now, now.articles.has(key))), periodKey };
  }

  /**
   * The meter under `hash` read from the database and remembered, once for every request that
   * needs it at the same time: a reader's many concurrent requests (or one cookie copied to a
   * crowd) when the local copy has expired make one query, not one each. Undefined: unknown, or
   * of another policy's period.
   */
  function loadShared(hash: string, policy: MeterPolicy, at: Date): Promise<LocalMeter | undefined> {
    let flight = loading.get(hash);
    if (flight === undefined) {
      flight = findAnonymousMeter(db, hash, at)
        .then((state) => (state && currentWindowOf(state.periodKey, policy.period, at, tz) ? remember(hash, state, policy, at) : undefined))
        .finally(() => loading.delete(hash));
      loading.set(hash, flight);
    }
    return flight;
  }

  async function load(
    request: AnonymousRequest,
    article: ArticleRef,
    viewer: Viewer,
    at: Date,
    identity: MeterIdentity,
    pick: PolicyPick | undefined,
  ): Promise<Read> {
    const meter = await loadShared(identity.hash, settings.policy(), at);
    // Unknown (forgotten, carried over) or of another policy's period: a fresh meter, new id.
    if (meter === undefined) return fresh(request, article, viewer, at, pick);
    if (meter.articles.has(articleKey(article.id))) return reread(article, viewer, meter, pick);
    return pick ? unseenArmed(request, article, viewer, at, meter, pick) : unseen(request, article, viewer, at, meter, undefined);
  }

  function reread(article: ArticleRef, viewer: Viewer, meter: LocalMeter, pick: PolicyPick | undefined): Read {
    if (!pick) return { access: reader.decide(article, viewer, usageOf(meter, true)), periodKey: meter.periodKey };
    const access = reader.decide(article, viewer, usageOf(meter, true), pick(meter.hash));
    return { access, periodKey: meter.periodKey, meterHash: meter.hash };
  }

  return {
    /**
     * What an anonymous reader (not entitled, no gift) may read of a metered article, counting it
     * when the meter says so. Synchronous for a re-read this process remembers.
     */
    read(request: AnonymousRequest, article: ArticleRef, viewer: Viewer, at: Date, pick?: PolicyPick): Read | Promise<Read> {
      if (article.access !== 'metered') {
        // Nothing of the meter decides a subscribers-only story: no query for it. In an experiment,
        // a reader with a meter still has an arm (the wall's words may be what it tests).
        const read: Read = { access: reader.decide(article, viewer, null), periodKey: newPeriod(settings.policy().period, at, tz).key };
        const known = pick ? identityOf(request.meterCookie) : null;
        return known ? { ...read, meterHash: known.hash } : read;
      }
      const identity = identityOf(request.meterCookie);
      if (identity === null) return fresh(request, article, viewer, at, pick);
      const meter = local.get(identity.hash);
      const policy = settings.policy();
      const t = at.getTime();
      if (meter === undefined || t >= meter.endsAt || t - meter.loadedAt >= LOCAL_TTL_MS || meter.periodTag !== tagOf(policy)) {
        return load(request, article, viewer, at, identity, pick);
      }
      if (meter.articles.has(articleKey(article.id))) return reread(article, viewer, meter, pick);
      return pick ? unseenArmed(request, article, viewer, at, meter, pick) : unseen(request, article, viewer, at, meter, undefined);
    },

    /**
     * The anonymous meter of a reader who has just signed in, taken off the server (for its reads
     * to carry over) and its cookie cleared (`setCookie`). Undefined when no cookie came;
     * `carried` undefined when no meter is running under it.
     */
    async take(cookie: string | undefined, at: Date): Promise<{ setCookie: string; carried: CarriedMeter | undefined } | undefined> {
      if (cookie === undefined) return undefined;
      const setCookie = serializeCookie(METER_COOKIE, '', { secure: deps.secure, maxAge: 0 });
      const identity = identityOf(cookie);
      if (identity === null) return { setCookie, carried: undefined };
      local.delete(identity.hash);
      const taken = await takeAnonymousMeter(db, identity.hash);
      if (!taken || taken.periodEndsAt <= at) return { setCookie, carried: undefined };
      return { setCookie, carried: { window: { key: taken.periodKey, end: taken.periodEndsAt }, reads: taken.reads } };
    },
  };
}

/** A decision's counter set to what the database counted. */
export function withCount(access: AccessDecision, used: number, allowance: number): AccessDecision {
  return access.allow ? { ...access, count: { used, allowance, remaining: Math.max(0, allowance - used) } } : access;
}

export type AnonymousMeter = ReturnType<typeof createAnonymousMeter>;
