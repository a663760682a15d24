import { describe, expect, it } from 'vitest';
import { isAllowedHref, normaliseHref } from './link-href.js';

describe('isAllowedHref', () => {
  it.each([
    ['https://example.com/a?b=c#d', true],
    ['http://example.com', true],
    ['HTTPS://EXAMPLE.COM', true],
    ['mailto:desk@example.com', true],
    ['/news/2026/12/07/story', true],
    ['/', true],
    ['#section-2', true],
    ['#not a fragment', false],
    ['https://example.com/"onmouseover', false],
    [`https://example.com/${'a'.repeat(2000)}`, false],
    ['//evil.example/x', false],
    ['/\\evil.example', false],
    ['javascript:alert(1)', false],
    ['JaVaScRiPt:alert(1)', false],
    ['data:text/html,hi', false],
    ['ftp://example.com', false],
    ['mailto:', false],
    ['https://', false],
    ['https://exa mple.com', false],
    [' https://example.com', false],
    ['java\tscript:alert(1)', false],
    ['relative/path', false],
    ['', false],
  ])('%j → %s', (href, allowed) => {
    expect(isAllowedHref(href)).toBe(allowed);
  });
});

describe('normaliseHref', () => {
  it.each([
    ['example.com/x', 'https://example.com/x'],
    ['  https://example.com ', 'https://example.com'],
    ['desk@example.com', 'mailto:desk@example.com'],
    ['/about', '/about'],
    ['#top', '#top'],
    ['javascript:alert(1)', 'javascript:alert(1)'],
    ['nonsense', 'nonsense'],
  ])('%j → %j', (typed, href) => {
    expect(normaliseHref(typed)).toBe(href);
  });
});
