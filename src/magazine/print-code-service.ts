/**
 * The magazine's QR codes at work: the URL each printed code carries, what a scan of one does
 * (records it in the funnel, then sends the reader to the story with a read token, or to the
 * subscription page), and the check the article page makes of a read token (synchronous, no
 * database). A code that is not ours lands on the front page; an expired one, or one whose story
 * is gone from the web, on the story's page as anyone sees it, or the front.
 */
import type { FunnelEvent } from '../funnel/index.js';
import type { GiftOutcome } from '../meter/index.js';
import type { Clock } from '../platform.js';
import { monthWindow } from '../time/local-time.js';
import type { MagazineEdition, PrintStory } from './magazine.js';
import type { MagazineService } from './magazine-service.js';
import { checkPrintRead, codeExpiry, PRINT_READ_HOURS, readPrintCode, signPrintCode, signPrintRead } from './print-code.js';

export interface PrintCodeServiceDeps {
  clock: Clock;
  timeZone: string;
  publicUrl: string;
  keys: readonly string[];
  magazine: Pick<MagazineService, 'content'>;
  /** The story's path on the website now, or null when it is not live (unpublished, deleted). */
  livePath(articleId: string): Promise<string | null>;
  funnel: { record(e: FunnelEvent): void };
}

/** Where a scan sends the reader, and whether it was a scan worth a cookie (the funnel's print visitor). */
export interface ScanAnswer {
  location: string;
  printVisitor: boolean;
}

export const SUBSCRIBE_LOCATION = '/subscribe';

export function createPrintCodeService(deps: PrintCodeServiceDeps) {
  const { clock, keys } = deps;

  function record(type: FunnelEvent['type'], articleId: string | null, at: Date): void {
    deps.funnel.record({ type, articleId, sectionId: null, period: monthWindow(at, deps.timeZone).key, at });
  }

  return {
    /** The URL a story's code carries. */
    storyUrl(edition: MagazineEdition, _story: PrintStory, position: number): string {
      return `${deps.publicUrl}/p/${signPrintCode({ edition: edition.number, placement: 'story', position }, keys)}`;
    },

    /** The URL the back page's code carries: to the subscription page. */
    backUrl(edition: MagazineEdition): string {
      return `${deps.publicUrl}/p/${signPrintCode({ edition: edition.number, placement: 'back', position: 0 }, keys)}`;
    },

    /**
     * A scan. `preview` (a link preview or prefetch) is sent on its way but not recorded and given
     * no read token: a person scanning gets those.
     */
    async scan(token: string, preview: boolean): Promise<ScanAnswer> {
      const code = readPrintCode(token, keys);
      if (!code) return { location: '/', printVisitor: false };
      const at = clock();
      if (code.placement === 'back') {
        if (!preview) record('print_subscribe_scan', null, at);
        return { location: SUBSCRIBE_LOCATION, printVisitor: !preview };
      }
      const edition = await deps.magazine.content(code.edition).catch(() => undefined);
      const story = edition?.content.stories[code.position];
      if (!edition || !story) return { location: '/', printVisitor: false };
      const path = await deps.livePath(story.articleId);
      if (path === null) return { location: '/', printVisitor: false };
      if (preview) return { location: path, printVisitor: false };
      record('print_scan', story.articleId, at);
      const expires = codeExpiry(edition.edition.coverDate);
      if (at.getTime() >= expires.getTime()) return { location: path, printVisitor: true };
      const until = new Date(Math.min(expires.getTime(), at.getTime() + PRINT_READ_HOURS * 3_600_000));
      return { location: `${path}?print=${signPrintRead(story.articleId, until, keys)}`, printVisitor: true };
    },

    /** What the meter asks of `?print=` on an article page: this story, not expired, ours. */
    admit(token: string, articleId: string): GiftOutcome {
      return checkPrintRead(token, articleId, clock(), keys).ok ? { ok: true, via: 'print' } : { ok: false, reason: 'print-refused' };
    },
  };
}

export type PrintCodeService = ReturnType<typeof createPrintCodeService>;
