/**
 * Gift links, the use-cases: make one (within the month's allowance), admit a friend's browser
 * through one, list and revoke a reader's links, and the reader's share of "download my data".
 * Who may give (a reader entitled to `web`) and which articles are live are asked of the
 * subscriptions and articles features through the ports in `GiftLinkServiceDeps`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db/database.js';
import { AppError, notFound } from '../http/app-error.js';
import { appendSetCookie, readCookie, serializeCookie } from '../http/cookies.js';
import { isPreviewRequest } from '../http/preview-request.js';
import type { Clock } from '../platform.js';
import { browserHash, GIFT_COOKIE, newGiftBrowser, readGiftCookie, signGiftCookie, withLink } from './gift-cookie.js';
import {
  DEFAULT_GIFT_LINK_POLICY,
  DEFAULT_GIFT_LINK_READS,
  type GiftAdmission,
  type GiftArticle,
  type GiftLinkPolicy,
  monthWindow,
  readGiftToken,
  signGiftToken,
} from './gift-link.js';
import {
  admitLoad,
  countGiftLinksMadeBetween,
  findGiftLink,
  insertGiftLink,
  listGiftLinksOf,
  lockReaderGiftLinks,
  revokeAllGiftLinksOf,
  revokeGiftLink,
} from './gift-link-repository.js';

export interface GiftLinkServiceDeps {
  db: Db;
  clock: Clock;
  /** Signing keys (src/secrets.ts): the first signs tokens and cookies, all verify. */
  keys: readonly string[];
  publicUrl: string;
  /** The paper's time zone: the allowance counts per calendar month in it. */
  timeZone: string;
  /** A published article by id, as the gift-link pages show it; undefined when none is live (the articles feature). */
  liveArticle(id: string): Promise<GiftArticle | undefined>;
  /** Which entitlements a reader holds (the subscriptions feature's `entitlementsFor`). */
  entitlementsFor(query: {
    readerId: string;
    readerEmail: string;
    emailVerified: boolean;
    clientIp: string;
    at: Date;
  }): Promise<{ entitlements: readonly string[] }>;
  /** The policy in force (the meter's settings, editable by the business side). Absent: the defaults. */
  policy?: (() => GiftLinkPolicy) | undefined;
}

/** A reader who may make links: the facts `mayGive` asks about. */
export interface GiftGiver {
  id: string;
  email: string;
  emailVerifiedAt: Date | null;
}

/** A link with the article it is for, as the reader's list shows it (`path: null`: no longer published). */
export type GiftLinkWithArticle = GiftLinkSummary & { article: { headline: string; path: string | null } };

export interface GiftLinkSummary {
  id: string;
  articleId: string;
  createdAt: Date;
  expiresAt: Date;
  /** Browsers admitted so far. */
  readers: number;
  maxReaders: number;
  revokedAt: Date | null;
}

export interface GiftLinkService {
  /**
   * Makes a link for a reader entitled to `web` (the caller checks). Throws AppError 409
   * GIFT_LINK_LIMIT when the month's allowance (calendar month in the paper's time zone) is used.
   */
  create(p: {
    readerId: string;
    articleId: string;
    articlePath: string;
    policy: GiftLinkPolicy;
  }): Promise<{ url: string; expiresAt: Date; remainingThisMonth: number }>;
  remainingThisMonth(readerId: string, policy: GiftLinkPolicy): Promise<number>;
  /**
   * For the article route when `?gift=` is present: checks the token's signature, its article,
   * the link's revocation and expiry, and admits this browser if it already was (and its place
   * has page loads left) or if the link has room, counting the load atomically, and sets or
   * refreshes the `mh_gift` cookie. A link preview, mail scanner, HEAD or prefetch is refused
   * ('preview') before anything is read or counted. Never throws for a bad token.
   */
  admit(request: FastifyRequest, reply: FastifyReply, p: { articleId: string; token: string }): Promise<GiftAdmission>;
  /**
   * What `admit` answered for this request, if it was asked: the article page says why a gift
   * link did not open (expired, used up, withdrawn) instead of silently showing the wall.
   */
  admissionOf(request: FastifyRequest): GiftAdmission | undefined;
  /** The reader's links, newest first (the latest 200). */
  listForReader(readerId: string): Promise<GiftLinkSummary[]>;
  /** Revokes one of the reader's links; 404 AppError when the reader has no such link. */
  revoke(readerId: string, linkId: string): Promise<void>;
  /** Revokes every link of the reader (the account is closing). */
  revokeAllOf(readerId: string): Promise<void>;
  /** The policy in force now. */
  policy(): GiftLinkPolicy;
  /**
   * Whether the reader may make links: their own subscription, gift subscription or seat of a
   * group licence by email domain. A licence by network address is the place's, not the
   * reader's, so no address is given: otherwise anyone on a campus network could hand its
   * licence outside.
   */
  mayGive(reader: GiftGiver): Promise<boolean>;
  /** A published article to make a link for; 404 AppError when there is none. */
  articleToGive(articleId: string): Promise<GiftArticle>;
  /** The reader's links, newest first, each with its article's headline and path. */
  listWithArticles(readerId: string): Promise<GiftLinkWithArticle[]>;
  /**
   * The links the reader made, with the story each is for, for "download my data": nothing about
   * who opened them beyond how many places were used (the friends' browsers are hashes, and not
   * the reader's data).
   */
  exportFor(readerId: string): Promise<GiftLinkExport[]>;
}

export interface GiftLinkExport {
  id: string;
  articleId: string;
  articleHeadline: string | null;
  articlePath: string | null;
  createdAt: string;
  expiresAt: string;
  readers: number;
  maxReaders: number;
  revokedAt: string | null;
}

const DAY_MS = 86_400_000;
const LIST_LIMIT = 200;
/** The browser cookie outlives the links it admits: at least this long, or to the link's expiry. */
const COOKIE_MIN_AGE_S = 180 * 86_400;

export function giftLinkLimit(perMonth: number): AppError {
  return new AppError('GIFT_LINK_LIMIT', 409, `You have made all ${perMonth} of this month’s gift links. You can make more next month.`);
}

export function createGiftLinkService(deps: GiftLinkServiceDeps): GiftLinkService {
  const { db, clock, keys, publicUrl, timeZone } = deps;
  if (keys.length === 0) throw new Error('createGiftLinkService needs at least one signing key');
  const secure = publicUrl.startsWith('https://');
  const policy = deps.policy ?? (() => DEFAULT_GIFT_LINK_POLICY);

  async function usedThisMonth(tx: Db, readerId: string, now: Date): Promise<number> {
    const { start, end } = monthWindow(now, timeZone);
    return countGiftLinksMadeBetween(tx, readerId, start, end);
  }

  async function listForReader(readerId: string): Promise<GiftLinkSummary[]> {
    const rows = await listGiftLinksOf(db, readerId, LIST_LIMIT);
    return rows.map((r) => ({
      id: r.id,
      articleId: r.article_id,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      readers: r.readers,
      maxReaders: r.max_readers,
      revokedAt: r.revoked_at,
    }));
  }

  /** The live articles of some links, by id (one that is no longer published is absent). */
  async function articlesOf(links: readonly GiftLinkSummary[]): Promise<Map<string, GiftArticle>> {
    const ids = [...new Set(links.map((l) => l.articleId))];
    const found = await Promise.all(ids.map(async (id) => [id, await deps.liveArticle(id)] as const));
    return new Map(found.flatMap(([id, a]) => (a ? [[id, a] as const] : [])));
  }

  /** Each request's answer, for the page to explain a refusal; gone with the request. */
  const admissions = new WeakMap<FastifyRequest, GiftAdmission>();

  async function admitRequest(
    request: FastifyRequest,
    reply: FastifyReply,
    { articleId, token }: { articleId: string; token: string },
  ): Promise<GiftAdmission> {
    // A second guard behind the meter's: a preview spends neither a place nor a load.
    if (isPreviewRequest(request.method, request.headers)) return { ok: false, reason: 'preview' };
    const reading = readGiftToken(token, articleId, keys);
    if (reading.kind !== 'signed') return { ok: false, reason: reading.kind };
    const link = await findGiftLink(db, reading.linkId);
    if (!link) return { ok: false, reason: 'invalid' };
    if (link.article_id !== articleId) return { ok: false, reason: 'wrong-article' };
    if (link.revoked_at) return { ok: false, reason: 'revoked' };
    const now = clock();
    if (now.getTime() >= link.expires_at.getTime()) return { ok: false, reason: 'expired' };

    const browser = readGiftCookie(readCookie(request, GIFT_COOKIE), keys) ?? newGiftBrowser();
    const hash = browserHash(link.id, browser.browserId);
    const target = { id: link.id, maxReaders: link.max_readers, readsPerReader: link.reads_per_reader };
    const outcome = await db.transaction().execute((tx) => admitLoad(tx, target, hash, now));
    if (outcome !== 'ok') return { ok: false, reason: outcome };
    const maxAge = Math.max(COOKIE_MIN_AGE_S, Math.ceil((link.expires_at.getTime() - now.getTime()) / 1000));
    appendSetCookie(reply, serializeCookie(GIFT_COOKIE, signGiftCookie(withLink(browser, link.id), keys), { secure, maxAge }));
    return { ok: true, linkId: link.id };
  }

  return {
    async create({ readerId, articleId, articlePath, policy }) {
      const now = clock();
      const id = uuidv7();
      const expiresAt = new Date(now.getTime() + policy.ttlDays * DAY_MS);
      const made = await db.transaction().execute(async (tx) => {
        await lockReaderGiftLinks(tx, readerId);
        const used = await usedThisMonth(tx, readerId, now);
        if (used >= policy.perMonth) throw giftLinkLimit(policy.perMonth);
        await insertGiftLink(tx, {
          id,
          reader_id: readerId,
          article_id: articleId,
          created_at: now,
          expires_at: expiresAt,
          max_readers: policy.readersPerLink,
          reads_per_reader: policy.readsPerReader ?? DEFAULT_GIFT_LINK_READS,
        });
        return used + 1;
      });
      const token = signGiftToken(id, articleId, keys);
      return { url: `${publicUrl}${articlePath}?gift=${token}`, expiresAt, remainingThisMonth: Math.max(0, policy.perMonth - made) };
    },

    async remainingThisMonth(readerId, policy) {
      return Math.max(0, policy.perMonth - (await usedThisMonth(db, readerId, clock())));
    },

    async admit(request, reply, p) {
      const admission = await admitRequest(request, reply, p);
      admissions.set(request, admission);
      return admission;
    },

    admissionOf(request) {
      return admissions.get(request);
    },

    listForReader,

    async revoke(readerId, linkId) {
      if (!(await revokeGiftLink(db, readerId, linkId, clock()))) throw new AppError('GIFT_LINK_NOT_FOUND', 404, 'No such gift link.');
    },

    async revokeAllOf(readerId) {
      await revokeAllGiftLinksOf(db, readerId, clock());
    },

    policy,

    async mayGive(reader) {
      const d = await deps.entitlementsFor({
        readerId: reader.id,
        readerEmail: reader.email,
        emailVerified: reader.emailVerifiedAt !== null,
        clientIp: '',
        at: clock(),
      });
      return d.entitlements.includes('web');
    },

    async articleToGive(articleId) {
      const article = await deps.liveArticle(articleId);
      if (!article) throw notFound('article');
      return article;
    },

    async listWithArticles(readerId) {
      const links = await listForReader(readerId);
      const articles = await articlesOf(links);
      return links.map((l) => {
        const a = articles.get(l.articleId);
        return { ...l, article: a ? { headline: a.headline, path: a.path } : { headline: 'An article no longer published', path: null } };
      });
    },

    async exportFor(readerId) {
      const links = await listForReader(readerId);
      const articles = await articlesOf(links);
      return links.map((l) => ({
        id: l.id,
        articleId: l.articleId,
        articleHeadline: articles.get(l.articleId)?.headline ?? null,
        articlePath: articles.get(l.articleId)?.path ?? null,
        createdAt: l.createdAt.toISOString(),
        expiresAt: l.expiresAt.toISOString(),
        readers: l.readers,
        maxReaders: l.maxReaders,
        revokedAt: l.revokedAt?.toISOString() ?? null,
      }));
    },
  };
}
