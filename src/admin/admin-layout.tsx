/**
 * The page shell of every staff page: the paper's name, the navigation (only what the signed-in
 * role may open), who is signed in with a Sign out button, and the main landmark. Pure: typed
 * props in, markup out. The paper's name comes from the guard (`adminContextOf`), which looked
 * it up for this request's staff member; `siteName` overrides it.
 */
import type { ComponentChildren } from 'preact';
import type { StaffMember, StaffRole } from '../accounts/index.js';
import { adminIslandUrl, adminStylesheet, htmxAsset } from './admin-assets.js';
import { ALL_STAFF, BUSINESS, EDITORS, NEWSROOM, OWNER } from './admin-roles.js';

export type AdminNavKey =
  | 'stories'
  | 'fronts'
  | 'pages'
  | 'newsletter'
  // The weekly magazine (src/magazine): editors' editions, and the business office's archive.
  | 'magazine'
  | 'magazine-archive'
  | 'readers'
  | 'dashboard'
  | 'organisations'
  // The business office's money and meter screens (src/office).
  | 'plans'
  | 'offers'
  | 'gifts'
  | 'meter'
  | 'experiments'
  | 'staff'
  | 'keys'
  | 'audit';

/** The navigation's groups, in order: the newsroom's screens, the business office's, and the settings. */
export type AdminNavGroup = 'newsroom' | 'business' | 'settings';
export const ADMIN_NAV_GROUPS: readonly { key: AdminNavGroup; label: string }[] = [
  { key: 'newsroom', label: 'Newsroom' },
  { key: 'business', label: 'Business' },
  { key: 'settings', label: 'Settings' },
];

/** The navigation: each entry's group, address, words, and who sees it (the pages' own guards decide access). */
export const ADMIN_NAV: readonly {
  key: AdminNavKey;
  group: AdminNavGroup;
  href: string;
  label: string;
  roles: readonly StaffRole[];
}[] = [
  { key: 'stories', group: 'newsroom', href: '/admin/stories', label: 'Stories', roles: NEWSROOM },
  { key: 'fronts', group: 'newsroom', href: '/admin/fronts', label: 'Fronts', roles: EDITORS },
  { key: 'pages', group: 'newsroom', href: '/admin/pages', label: 'Pages', roles: EDITORS },
  { key: 'newsletter', group: 'newsroom', href: '/admin/newsletter', label: 'Daily email', roles: EDITORS },
  { key: 'magazine', group: 'newsroom', href: '/admin/magazine', label: 'Magazine', roles: EDITORS },
  // The business office's dashboard (src/dashboard): where the business role lands at /admin.
  { key: 'dashboard', group: 'business', href: '/admin/dashboard', label: 'Dashboard', roles: BUSINESS },
  { key: 'readers', group: 'business', href: '/admin/readers', label: 'Readers', roles: BUSINESS },
  { key: 'organisations', group: 'business', href: '/admin/organisations', label: 'Group licences', roles: BUSINESS },
  // The business office's money and meter screens (src/office).
  { key: 'plans', group: 'business', href: '/admin/plans', label: 'Plans', roles: BUSINESS },
  { key: 'offers', group: 'business', href: '/admin/offers', label: 'Offers', roles: BUSINESS },
  { key: 'gifts', group: 'business', href: '/admin/gifts', label: 'Gifts', roles: BUSINESS },
  { key: 'meter', group: 'business', href: '/admin/meter', label: 'Meter and paywall', roles: BUSINESS },
  { key: 'experiments', group: 'business', href: '/admin/experiments', label: 'Experiments', roles: BUSINESS },
  // The printed editions' PDFs and mailing lists for circulation (editors reach it from Magazine).
  {
    key: 'magazine-archive',
    group: 'business',
    href: '/admin/magazine/archive',
    label: 'Magazine archive',
    roles: ['business'],
  },
  { key: 'staff', group: 'settings', href: '/admin/staff', label: 'Staff', roles: OWNER },
  { key: 'keys', group: 'settings', href: '/admin/keys', label: 'API keys', roles: ALL_STAFF },
  { key: 'audit', group: 'settings', href: '/admin/audit', label: 'Audit trail', roles: OWNER },
];

/**
 * Up to this many entries the navigation is one plain list (a writer's two, an editor's five fit
 * two rows on a phone); past it, it is grouped, so an owner's thirteen do not wrap to five rows.
 */
export const FLAT_NAV_MAX = 5;

/** What the guard learnt for a signed-in staff member's request, keyed by the StaffMember it returned. */
const contexts = new WeakMap<StaffMember, { siteName: string }>();

export function setAdminContext(staff: StaffMember, context: { siteName: string }): void {
  contexts.set(staff, context);
}

export function adminContextOf(staff: StaffMember): { siteName: string } | undefined {
  return contexts.get(staff);
}

export interface AdminLayoutProps {
  title: string;
  staff: StaffMember;
  /** The page's CSRF token (the Sign out form posts it). */
  csrf: string;
  /** The current navigation entry; null on pages outside the navigation (errors). */
  nav: AdminNavKey | null;
  /** Island names (ADMIN_ISLANDS), loaded as ES modules. */
  scripts?: readonly string[] | undefined;
  /** A line at the top of the page: what just happened ("Invitation sent to …"). */
  notice?: string | undefined;
  /** The paper's name; by default the one the guard found for this request. */
  siteName?: string | undefined;
  /** Reload the page after this many seconds (a page waiting for a job, without JavaScript). */
  refreshSeconds?: number | undefined;
  children?: ComponentChildren;
}

const ROLE_NAMES: Record<StaffRole, string> = { owner: 'Owner', editor: 'Editor', writer: 'Writer', business: 'Business' };

export function roleName(role: StaffRole): string {
  return ROLE_NAMES[role];
}

/** The document around an admin page: head with the stylesheet and scripts, skip link. */
export function AdminDocument(props: {
  title: string;
  siteName: string;
  scripts?: readonly string[] | undefined;
  refreshSeconds?: number | undefined;
  children: ComponentChildren;
}) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        {props.refreshSeconds ? <meta httpEquiv="refresh" content={String(props.refreshSeconds)} /> : null}
        <title>{`${props.title} | ${props.siteName} newsroom`}</title>
        <link rel="stylesheet" href={adminStylesheet().url} />
        <script src={htmxAsset().url} defer />
        {(props.scripts ?? []).map((name) => (
          <script key={name} type="module" src={adminIslandUrl(name)} />
        ))}
      </head>
      <body class="admin">
        <a class="skip" href="#content">
          Skip to content
        </a>
        {props.children}
      </body>
    </html>
  );
}

function NavLinks(p: { entries: typeof ADMIN_NAV; current: AdminNavKey | null }) {
  return (
    <ul>
      {p.entries.map((e) => (
        <li key={e.key}>
          <a href={e.href} aria-current={e.key === p.current ? 'page' : undefined}>
            {e.label}
          </a>
        </li>
      ))}
    </ul>
  );
}

/**
 * The navigation, grouped when the role sees many entries. Each group is a `<details>` (no
 * script: the browser opens and closes it, by keyboard too; `name` makes one open at a time
 * where supported). On a phone the groups are one row of buttons, each opening its links
 * beneath; from 48rem wide the stylesheet shows every group's links beside its name
 * (`::details-content`), so nothing needs opening; a browser without that shows the phone's
 * version.
 */
export function AdminNav(p: { staffRole: StaffRole; current: AdminNavKey | null }) {
  const entries = ADMIN_NAV.filter((e) => e.roles.includes(p.staffRole));
  if (entries.length <= FLAT_NAV_MAX)
    return (
      <nav class="admin-nav" aria-label="Newsroom">
        <NavLinks entries={entries} current={p.current} />
      </nav>
    );
  const currentGroup = ADMIN_NAV.find((e) => e.key === p.current)?.group;
  return (
    <nav class="admin-nav admin-nav-grouped" aria-label="Newsroom">
      <ul class="admin-nav-groups">
        {ADMIN_NAV_GROUPS.map((g) => {
          const mine = entries.filter((e) => e.group === g.key);
          if (mine.length === 0) return null;
          return (
            <li key={g.key}>
              <details name="admin-nav" class="admin-nav-group">
                <summary class={g.key === currentGroup ? 'admin-nav-current' : undefined}>
                  {g.label}
                  {g.key === currentGroup ? <span class="visually-hidden"> (this page is here)</span> : null}
                </summary>
                <NavLinks entries={mine} current={p.current} />
              </details>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

export function AdminLayout({ title, staff, csrf, nav, scripts, notice, siteName, refreshSeconds, children }: AdminLayoutProps) {
  const name = siteName ?? adminContextOf(staff)?.siteName ?? 'Masthead';
  return (
    <AdminDocument title={title} siteName={name} scripts={scripts} refreshSeconds={refreshSeconds}>
      <header class="admin-head">
        <div class="admin-bar">
          <p class="admin-paper">
            <a href="/admin">{name}</a> <span class="admin-tag">Newsroom</span>
          </p>
          <div class="admin-who">
            <span>
              {staff.name} <span class="admin-role">({roleName(staff.role)})</span>
            </span>
            <a href="/" class="admin-site-link">
              View site
            </a>
            <form method="post" action="/admin/sign-out" class="inline">
              <input type="hidden" name="_csrf" value={csrf} />
              <button type="submit" class="link-button">
                Sign out
              </button>
            </form>
          </div>
        </div>
        <AdminNav staffRole={staff.role} current={nav} />
      </header>
      <main id="content" tabIndex={-1} class="admin-main">
        {notice ? (
          <p class="notice" role="status">
            {notice}
          </p>
        ) : null}
        {children}
      </main>
    </AdminDocument>
  );
}

/** A page for someone not (yet) signed in as staff: sign-in, sign-in problems, 401. */
export function AdminBarePage(props: { title: string; siteName: string; children: ComponentChildren }) {
  return (
    <AdminDocument title={props.title} siteName={props.siteName}>
      <header class="admin-head">
        <div class="admin-bar">
          <p class="admin-paper">
            <a href="/">{props.siteName}</a> <span class="admin-tag">Newsroom</span>
          </p>
        </div>
      </header>
      <main id="content" tabIndex={-1} class="admin-main admin-narrow">
        {props.children}
      </main>
    </AdminDocument>
  );
}
