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
  | 'staff'
  | 'keys'
  | 'audit';

/** The navigation: each entry's address, words, and who sees it (the pages' own guards decide access). */
export const ADMIN_NAV: readonly { key: AdminNavKey; href: string; label: string; roles: readonly StaffRole[] }[] = [
  { key: 'stories', href: '/admin/stories', label: 'Stories', roles: NEWSROOM },
  { key: 'fronts', href: '/admin/fronts', label: 'Fronts', roles: EDITORS },
  { key: 'pages', href: '/admin/pages', label: 'Pages', roles: EDITORS },
  { key: 'newsletter', href: '/admin/newsletter', label: 'Daily email', roles: EDITORS },
  { key: 'magazine', href: '/admin/magazine', label: 'Magazine', roles: EDITORS },
  // The business office's dashboard (src/dashboard): where the business role lands at /admin.
  { key: 'dashboard', href: '/admin/dashboard', label: 'Dashboard', roles: BUSINESS },
  { key: 'readers', href: '/admin/readers', label: 'Readers', roles: BUSINESS },
  { key: 'organisations', href: '/admin/organisations', label: 'Group licences', roles: BUSINESS },
  // The business office's money and meter screens (src/office).
  { key: 'plans', href: '/admin/plans', label: 'Plans', roles: BUSINESS },
  { key: 'offers', href: '/admin/offers', label: 'Offers', roles: BUSINESS },
  { key: 'gifts', href: '/admin/gifts', label: 'Gifts', roles: BUSINESS },
  { key: 'meter', href: '/admin/meter', label: 'Meter and paywall', roles: BUSINESS },
  // The printed editions' PDFs and mailing lists for circulation (editors reach it from Magazine).
  { key: 'magazine-archive', href: '/admin/magazine/archive', label: 'Magazine archive', roles: ['business'] },
  { key: 'staff', href: '/admin/staff', label: 'Staff', roles: OWNER },
  { key: 'keys', href: '/admin/keys', label: 'API keys', roles: ALL_STAFF },
  { key: 'audit', href: '/admin/audit', label: 'Audit trail', roles: OWNER },
];

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

export function AdminLayout({ title, staff, csrf, nav, scripts, notice, siteName, refreshSeconds, children }: AdminLayoutProps) {
  const name = siteName ?? adminContextOf(staff)?.siteName ?? 'Masthead';
  const entries = ADMIN_NAV.filter((e) => e.roles.includes(staff.role));
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
        <nav class="admin-nav" aria-label="Newsroom">
          <ul>
            {entries.map((e) => (
              <li key={e.key}>
                <a href={e.href} aria-current={e.key === nav ? 'page' : undefined}>
                  {e.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
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
