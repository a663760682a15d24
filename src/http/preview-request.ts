/**
 * Requests that are not a person reading: link previews (chat apps and social networks unfurling
 * a pasted link, mail systems scanning every link in a message) and speculative loads (HEAD,
 * `<link rel=prefetch>`, Chromium's Speculation Rules, Firefox's prefetch). They get the public
 * page a first-time reader would get; they count nothing, start no meter and spend no gift.
 *
 * Headers: `Sec-Purpose: prefetch` (Fetch metadata, https://fetch.spec.whatwg.org/#sec-purpose-header,
 * sent by Chromium for prefetch and prerender), `Purpose: prefetch` / `X-Purpose: preview` /
 * `X-Moz: prefetch` (older Chrome, Safari and Firefox). User agents: each service's own
 * documentation of its preview fetcher (Slackbot-LinkExpanding, facebookexternalhit, Twitterbot,
 * Discordbot, TelegramBot, WhatsApp, LinkedInBot, SkypeUriPreview, …).
 */
import type { IncomingHttpHeaders } from 'node:http';

const PREVIEW_AGENTS =
  /slackbot|slack-imgproxy|facebookexternalhit|facebookcatalog|twitterbot|discordbot|telegrambot|whatsapp|linkedinbot|skypeuripreview|microsoft preview|pinterestbot|redditbot|embedly|iframely|mastodon|misskey|bluesky|cardyb|google-pagerenderer|googleimageproxy|bitlybot|viber|vkshare|applebot|bingpreview|barracuda|mimecast|proofpoint|safelinks|urlscan/i;

function header(headers: IncomingHttpHeaders, name: string): string {
  const v = headers[name];
  return (Array.isArray(v) ? v.join(',') : (v ?? '')).toLowerCase();
}

/** True when the request previews or prefetches a page rather than a person reading it. */
export function isPreviewRequest(method: string, headers: IncomingHttpHeaders): boolean {
  if (method === 'HEAD') return true;
  if (header(headers, 'sec-purpose').includes('prefetch')) return true;
  if (header(headers, 'purpose').includes('prefetch')) return true;
  if (header(headers, 'x-purpose').includes('preview') || header(headers, 'x-purpose').includes('prefetch')) return true;
  if (header(headers, 'x-moz').includes('prefetch')) return true;
  const agent = headers['user-agent'];
  return agent !== undefined && PREVIEW_AGENTS.test(agent);
}
