/**
 * The per-edition report: how many readers it went to, what their servers answered, what came
 * back afterwards (bounces, complaints), who stopped the email after it, and — only when the paper
 * counts clicks (click-tracking.ts) — clicks per link of the edition, in the email's order. No
 * open tracking: there is no pixel to count opens with.
 */
import type { Db } from '../db/database.js';
import { editionReportCounts } from './bounce-repository.js';
import { countClickers, listEditionLinks } from './click-repository.js';
import type { EditionStatus } from './edition.js';
import type { EditionLink } from './edition-email-types.js';
import type { NewsletterService } from './newsletter-service.js';

export interface EditionReport {
  date: string;
  status: EditionStatus;
  /** Readers the edition was written to (its audience in the ledger). */
  recipients: number;
  /** Accepted by the receiving server. */
  accepted: number;
  /** Refused by the receiving server (5xx) or given up after 4xx replies. */
  failed: number;
  /** Left out after the audience was written (unsubscribed, closed, undeliverable meanwhile). */
  skipped: number;
  /** Not final yet (still sending or waiting for a retry). */
  pending: number;
  bounced: { hard: number; soft: number };
  complaints: number;
  /** Recipients who stopped the daily email after this edition went out, before the next one. */
  unsubscribes: number;
  /** Null while click counting is off. */
  clicks: EditionClicks | null;
}

export interface EditionClicks {
  /** Every counted click (previews and prefetches are not counted). */
  total: number;
  /** First clicks of a recipient on a link, summed over the links. */
  unique: number;
  /** Recipients who clicked at least one link. */
  readers: number;
  /** The edition's links as it went out, in position order; empty when it went out before counting was on. */
  links: (EditionLink & { position: number; clicks: number; unique: number })[];
}

export interface EditionReportDeps {
  db: Db;
  newsletter: Pick<NewsletterService, 'get'>;
  clickTracking: boolean;
}

export function createEditionReports(deps: EditionReportDeps) {
  return {
    /** The report of the edition of `date` (400 for a date that is not one, 404 for no edition). */
    async report(date: string): Promise<EditionReport> {
      const { edition } = await deps.newsletter.get(date);
      const c = await editionReportCounts(deps.db, { id: edition.id, date: edition.date });
      let clicks: EditionClicks | null = null;
      if (deps.clickTracking) {
        const links = (await listEditionLinks(deps.db, edition.id)).map((l) => ({
          position: l.position,
          kind: l.kind,
          label: l.label,
          url: l.url,
          clicks: l.clicks,
          unique: l.uniqueClicks,
        }));
        clicks = {
          total: links.reduce((a, l) => a + l.clicks, 0),
          unique: links.reduce((a, l) => a + l.unique, 0),
          readers: await countClickers(deps.db, edition.id),
          links,
        };
      }
      return {
        date: edition.date,
        status: edition.status,
        recipients: c.recipients,
        accepted: c.accepted,
        failed: c.failed,
        skipped: c.skipped,
        pending: c.pending,
        bounced: { hard: c.hardBounces, soft: c.softBounces },
        complaints: c.complaints,
        unsubscribes: c.unsubscribes,
        clicks,
      };
    },
  };
}

export type EditionReports = ReturnType<typeof createEditionReports>;
