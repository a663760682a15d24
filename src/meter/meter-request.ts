/**
 * What the meter needs of an article request, as plain facts: parsed once by the route
 * (src/site/article-request.ts), never a Fastify object. Cookies the meter sets come back as data
 * (`setCookies` on its answer) for the route to apply.
 */
import type { GiftOutcome } from './meter-presenter.js';

/** Who a request's session belongs to, as far as the meter goes. */
export interface MeterPrincipal {
  kind: 'reader' | 'staff';
  id: string;
}

/**
 * The gift link a request came through (`?gift=`), and how to admit this browser to it. Asked
 * only for a reader who needs it: admitting takes one of the link's browser places.
 */
export interface GiftPass {
  admit(articleId: string): Promise<GiftOutcome>;
}

export interface MeterRequest {
  /** The client's address (after the proxy rules of the app). */
  clientIp: string;
  userAgent: string | undefined;
  /** A link preview, a mail scanner, HEAD or a prefetch (src/http/preview-request.ts). */
  preview: boolean;
  /** The anonymous meter's cookie, as sent (signed; checked by the meter). */
  meterCookie: string | undefined;
  /** The signed-in reader or staff member, null when nobody is signed in. */
  principal: MeterPrincipal | null;
  /** The gift link, when the URL carries one. */
  gift: GiftPass | undefined;
}

/** No cookie to set: shared, so the hot path allocates no list. */
export const NO_COOKIES: readonly string[] = Object.freeze([]);
