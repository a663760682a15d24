import { describe, expect, it } from 'vitest';
import { isPreviewRequest } from './preview-request.js';

const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';

describe('isPreviewRequest', () => {
  it.each([
    ['a person in Chrome', 'GET', { 'user-agent': CHROME }, false],
    ['a person in Firefox', 'GET', { 'user-agent': FIREFOX }, false],
    ['a person on an iPhone', 'GET', { 'user-agent': IPHONE }, false],
    ['no user agent at all', 'GET', {}, false],
    ['HEAD', 'HEAD', { 'user-agent': CHROME }, true],
    ['Chromium prefetch', 'GET', { 'user-agent': CHROME, 'sec-purpose': 'prefetch' }, true],
    ['Chromium prerender', 'GET', { 'user-agent': CHROME, 'sec-purpose': 'prefetch;prerender' }, true],
    ['old Chrome prefetch', 'GET', { 'user-agent': CHROME, purpose: 'prefetch' }, true],
    ['Safari preview', 'GET', { 'user-agent': IPHONE, 'x-purpose': 'preview' }, true],
    ['Firefox prefetch', 'GET', { 'user-agent': FIREFOX, 'x-moz': 'prefetch' }, true],
    ['Slack', 'GET', { 'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' }, true],
    ['Facebook / Messenger', 'GET', { 'user-agent': 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)' }, true],
    ['WhatsApp', 'GET', { 'user-agent': 'WhatsApp/2.23.20.0 A' }, true],
    ['Telegram', 'GET', { 'user-agent': 'TelegramBot (like TwitterBot)' }, true],
    ['Discord', 'GET', { 'user-agent': 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)' }, true],
    ['X', 'GET', { 'user-agent': 'Twitterbot/1.0' }, true],
    ['LinkedIn', 'GET', { 'user-agent': 'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)' }, true],
    ['Skype / Teams', 'GET', { 'user-agent': 'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5' }, true],
    ['Apple Messages', 'GET', { 'user-agent': 'Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Applebot/0.1' }, true],
    ['a mail scanner', 'GET', { 'user-agent': 'Mozilla/5.0 (compatible; Barracuda Sentinel)' }, true],
  ] as const)('%s → %s', (_name, method, headers, expected) => {
    expect(isPreviewRequest(method, headers)).toBe(expected);
  });
});
