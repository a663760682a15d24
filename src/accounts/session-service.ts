/**
 * Server-side sessions. The browser holds a random token in the `mh_session` cookie (HttpOnly,
 * SameSite=Lax, Path=/, Secure on an https site); the database holds its SHA-256 and who it
 * belongs to. Sessions last 30 days from the last visit: the expiry slides forward, written at
 * most once an hour per session.
 *
 * Reader pages only need "signed in or not" to pick their variant, so `signedIn` answers from a
 * small in-process LRU (token hash → principal, 30 s) and costs nothing for a reader without the
 * cookie. Everything that acts for a reader calls `current`, which always asks the database: a
 * sign-out elsewhere takes effect there at once, and on reader pages within 30 s.
 */

import type { FastifyReply, FastifyRequest } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { GenerationalMap } from '../cache/generational-map.js';
import type { Db } from '../db/database.js';
import { appendSetCookie, readCookie, serializeCookie } from '../http/cookies.js';
import type { Clock } from '../platform.js';
import { hashToken, newToken } from './credentials.js';
import type { Principal } from './reader.js';
import {
  deleteExpiredSessionsOf,
  deleteSession,
  deleteSessionsOf,
  findLiveSession,
  insertSession,
  slideSession,
} from './session-repository.js';

export const SESSION_COOKIE = 'mh_session';
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const SLIDE_EVERY_MS = 60 * 60 * 1000;
const LRU_TTL_MS = 30_000;
const LRU_MAX = 10_000;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface Session {
  id: string;
  principal: Principal;
  expiresAt: Date;
  /** The expiry moved forward on this request: the cookie should be sent again. */
  slid: boolean;
}

export interface SessionServiceDeps {
  db: Db;
  clock: Clock;
  /** Secure cookies (the site is served over https). */
  secure: boolean;
}

export function createSessionService({ db, clock, secure }: SessionServiceDeps) {
  const lru = new GenerationalMap<string, { principal: Principal | null; until: number }>(LRU_MAX);
  const perRequest = new WeakMap<FastifyRequest, Promise<Session | undefined>>();

  function tokenHashOf(request: FastifyRequest): string | undefined {
    const token = readCookie(request, SESSION_COOKIE);
    return token && TOKEN_SHAPE.test(token) ? hashToken(token) : undefined;
  }

  async function lookup(tokenHash: string): Promise<Session | undefined> {
    const now = clock();
    const row = await findLiveSession(db, tokenHash, now);
    if (!row || (row.principal_kind !== 'reader' && row.principal_kind !== 'staff')) return undefined;
    const session: Session = {
      id: row.id,
      principal: { kind: row.principal_kind, id: row.principal_id },
      expiresAt: row.expires_at,
      slid: false,
    };
    if (now.getTime() - row.last_seen_at.getTime() >= SLIDE_EVERY_MS) {
      session.expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
      session.slid = true;
      await slideSession(db, row.id, now, session.expiresAt);
    }
    return session;
  }

  function remember(tokenHash: string, principal: Principal | null): void {
    lru.set(tokenHash, { principal, until: clock().getTime() + LRU_TTL_MS });
  }

  function forgetPrincipal(p: Principal): void {
    lru.deleteWhere((entry) => entry.principal?.kind === p.kind && entry.principal.id === p.id);
  }

  const cookie = (token: string) => serializeCookie(SESSION_COOKIE, token, { secure, maxAge: SESSION_TTL_MS / 1000 });

  /** The request's live session, from the database (once per request). */
  function current(request: FastifyRequest): Promise<Session | undefined> {
    let pending = perRequest.get(request);
    if (!pending) {
      const tokenHash = tokenHashOf(request);
      pending = tokenHash ? lookup(tokenHash) : Promise.resolve(undefined);
      perRequest.set(request, pending);
    }
    return pending;
  }

  /**
   * Who is signed in, for choosing a page variant and reading the meter: from the 30-second
   * LRU when it knows the token, so it is synchronous without the cookie or on a hit.
   */
  function principal(request: FastifyRequest): Principal | null | Promise<Principal | null> {
    const tokenHash = tokenHashOf(request);
    if (!tokenHash) return null;
    const hit = lru.get(tokenHash);
    if (hit && hit.until > clock().getTime()) return hit.principal;
    return lookup(tokenHash).then(
      (s) => {
        const found = s ? s.principal : null;
        remember(tokenHash, found);
        return found;
      },
      // A reader page must not fail for want of a header link: anonymous, and ask again next time.
      () => null,
    );
  }

  return {
    current,

    principal,

    /** Signed in or not, for choosing a page variant. Synchronous without the cookie or on a cache hit. */
    signedIn(request: FastifyRequest): boolean | Promise<boolean> {
      const p = principal(request);
      return p === null ? false : p instanceof Promise ? p.then((x) => x !== null) : true;
    },

    /** Starts a session (a new token every time: no fixation) and sets the cookie. */
    async start(request: FastifyRequest, reply: FastifyReply, principal: Principal): Promise<Session> {
      const previous = tokenHashOf(request);
      if (previous) {
        const old = await findLiveSession(db, previous, clock());
        if (old) await deleteSession(db, old.id);
        lru.delete(previous);
      }
      const token = newToken();
      const now = clock();
      const session: Session = { id: uuidv7(), principal, expiresAt: new Date(now.getTime() + SESSION_TTL_MS), slid: false };
      const userAgent = request.headers['user-agent']?.slice(0, 300) ?? null;
      await deleteExpiredSessionsOf(db, principal, now);
      await insertSession(db, { id: session.id, tokenHash: hashToken(token), principal, at: now, expiresAt: session.expiresAt, userAgent });
      appendSetCookie(reply, cookie(token));
      perRequest.set(request, Promise.resolve(session));
      return session;
    },

    /** Sends the cookie again when the session's expiry moved forward. */
    async refreshCookie(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      const s = await current(request);
      const token = readCookie(request, SESSION_COOKIE);
      if (s?.slid && token) appendSetCookie(reply, cookie(token));
    },

    /** Ends this browser's session and clears its cookie. */
    async end(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      const s = await current(request);
      if (s) await deleteSession(db, s.id);
      const tokenHash = tokenHashOf(request);
      if (tokenHash) lru.delete(tokenHash);
      perRequest.set(request, Promise.resolve(undefined));
      appendSetCookie(reply, serializeCookie(SESSION_COOKIE, '', { secure, maxAge: 0 }));
    },

    /** Ends every session of a principal (except `keepId`), on every device. */
    async endAll(principal: Principal, keepId?: string): Promise<void> {
      await deleteSessionsOf(db, principal, keepId);
      forgetPrincipal(principal);
    },

    clearCookie(reply: FastifyReply): void {
      appendSetCookie(reply, serializeCookie(SESSION_COOKIE, '', { secure, maxAge: 0 }));
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
