/**
 * The admin navigation's markup per role (pure): a short list stays one flat list; past
 * FLAT_NAV_MAX entries it is grouped into Newsroom / Business / Settings, each a <details> with
 * only the links the role may open, the current page marked in the link and on its group. The
 * browser's view of it (one row at 390 px, every link at 1280 px, keyboard, JavaScript off, axe)
 * is in src/reader-admin/reader-office-refund-browser.test.ts.
 */
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import type { StaffRole } from '../accounts/index.js';
import { ADMIN_NAV, AdminNav, FLAT_NAV_MAX } from './admin-layout.js';

const linksIn = (html: string) => [...html.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
const groupsIn = (html: string) => [...html.matchAll(/<summary[^>]*>([A-Za-z]+)/g)].map((m) => m[1]);

describe('the admin navigation', () => {
  it.each<[StaffRole, string[], string[]]>([
    ['writer', [], ['/admin/stories', '/admin/keys']],
    [
      'editor',
      ['Newsroom', 'Settings'],
      ['/admin/stories', '/admin/fronts', '/admin/pages', '/admin/newsletter', '/admin/magazine', '/admin/keys'],
    ],
    [
      'business',
      ['Business', 'Settings'],
      [
        '/admin/dashboard',
        '/admin/readers',
        '/admin/organisations',
        '/admin/plans',
        '/admin/offers',
        '/admin/gifts',
        '/admin/meter',
        '/admin/experiments',
        '/admin/magazine/archive',
        '/admin/keys',
      ],
    ],
    ['owner', ['Newsroom', 'Business', 'Settings'], ADMIN_NAV.filter((e) => e.roles.includes('owner')).map((e) => e.href)],
  ])('for a %s: groups %j, links in order', (role, groups, links) => {
    const html = renderToString(<AdminNav staffRole={role} current="keys" />);
    expect(groupsIn(html)).toEqual(groups);
    expect(linksIn(html)).toEqual(links);
    expect(html).toContain('<nav class="admin-nav');
    expect(html).toContain('aria-label="Newsroom"');
    expect(html).toContain('<a href="/admin/keys" aria-current="page">API keys</a>');
    if (groups.length === 0) expect(html).not.toContain('<details');
    expect(links.length > FLAT_NAV_MAX).toBe(groups.length > 0);
  });

  it('marks the current page’s group, opens none (one row on a phone), and makes them exclusive', () => {
    const html = renderToString(<AdminNav staffRole="owner" current="readers" />);
    expect(html).toContain(
      '<summary class="admin-nav-current">Business<span class="visually-hidden"> (this page is here)</span></summary>',
    );
    expect(html.match(/<details name="admin-nav" class="admin-nav-group">/g)).toHaveLength(3);
    expect(html).not.toContain(' open');
    expect(renderToString(<AdminNav staffRole="owner" current={null} />)).not.toContain('admin-nav-current');
  });
});
