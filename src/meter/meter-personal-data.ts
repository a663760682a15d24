/**
 * The meter's share of a reader's personal data: what "download my data" shows of the
 * reading history kept for the meter, and what closing the account deletes. Anonymous meters are
 * never linked to an account: the one in a reader's browser when they signed in was carried into
 * their meter and deleted then (meter-service.ts), so nothing anonymous is left to find by reader.
 */
import { type ArticleSummary, articlePath, isLive } from '../articles/index.js';
import type { Db } from '../db/database.js';
import { deleteReaderMeter, listReaderMeter } from './meter-repository.js';

export interface MeterPersonalDataDeps {
  db: Db;
  timeZone: string;
  publicUrl: string;
  /** Articles by id (any status), for naming the articles counted. */
  findArticles(ids: readonly string[]): Promise<ArticleSummary[]>;
}

export interface MeterExport {
  about: string;
  periods: {
    period: string;
    endsAt: string;
    articlesCounted: number;
    articles: (
      | { countedAt: string; articleId: string; headline: string | null; url: string | null }
      | { countedAt: string; articleKey: string }
    )[];
  }[];
}

export function createMeterPersonalData(deps: MeterPersonalDataDeps) {
  return {
    /** The reader's meter: each period kept, how many articles were counted, which and when. */
    async exportFor(readerId: string): Promise<MeterExport> {
      const periods = await listReaderMeter(deps.db, readerId);
      const ids = [...new Set(periods.flatMap((p) => p.reads.flatMap((r) => (r.articleId ? [r.articleId] : []))))];
      const articles = new Map((await deps.findArticles(ids)).map((a) => [a.id, a]));
      return {
        about:
          'The articles counted against your free articles, per meter period, kept until the period ends. ' +
          'An "articleKey" (reads counted before December 2026) is the first 48 bits of the SHA-256 hash of the ' +
          'article’s id, base64url: the meter kept no more than that.',
        periods: periods.map((p) => ({
          period: p.periodKey,
          endsAt: p.periodEndsAt.toISOString(),
          articlesCounted: p.used,
          articles: p.reads.map((r) => {
            const countedAt = r.countedAt.toISOString();
            if (r.articleId === null) return { countedAt, articleKey: r.articleKey };
            const a = articles.get(r.articleId);
            const live = a !== undefined && isLive(a);
            return {
              countedAt,
              articleId: r.articleId,
              headline: a?.headline ?? null,
              url: live ? `${deps.publicUrl}${articlePath(a, deps.timeZone)}` : null,
            };
          }),
        })),
      };
    },

    /** Deletes the reader's meter rows (the account is closing). */
    forget(readerId: string): Promise<void> {
      return deleteReaderMeter(deps.db, readerId);
    },
  };
}

export type MeterPersonalData = ReturnType<typeof createMeterPersonalData>;
