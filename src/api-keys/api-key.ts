/**
 * API keys: domain types and pure functions. One table holds every kind of key: staff roles and
 * partner full-text access add rows, not tables. No database, no HTTP.
 */

export const API_KEY_KINDS = ['admin', 'content-partner'] as const;
export type ApiKeyKind = (typeof API_KEY_KINDS)[number];

/** The scope that lets a content-partner key read whole articles through the Content API. */
export const FULL_TEXT_SCOPE = 'full_text';

/** Roles of admin keys. Content-partner keys have none. */
export const ADMIN_ROLES = ['owner', 'editor', 'writer', 'business'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

export interface ApiKey {
  id: string;
  kind: ApiKeyKind;
  role: AdminRole | null;
  scopes: string[];
  name: string;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** The staff member whose own key this is (made in the admin); null for keys made on the command line. */
  staffId: string | null;
}

const ANY_ADMIN: readonly AdminRole[] = ADMIN_ROLES;
const EDITORS: readonly AdminRole[] = ['owner', 'editor'];
const WRITERS: readonly AdminRole[] = ['owner', 'editor', 'writer'];
/** The reader business: plans, offers, reader data. */
const BUSINESS: readonly AdminRole[] = ['owner', 'business'];

/**
 * Which admin roles may do what: the one table every Admin API route is checked against.
 * - owner and editor: everything here; editors publish.
 * - writer: reads, and `articles.write` limited to drafts it created. The table lets the request
 *   through; the Admin API then checks the article (src/api/admin-article-access.ts).
 * - business: reads articles; owns plans, offers, group licences and reader data (with the owner). Its meter
 *   settings have their own actions.
 * Content-partner keys have no role and may do none of it.
 */
export const ADMIN_ROUTE_ROLES = {
  'articles.read': ANY_ADMIN,
  'articles.write': WRITERS,
  'articles.publish': EDITORS,
  'articles.delete': EDITORS,
  'sections.write': EDITORS,
  'authors.write': EDITORS,
  'tags.write': EDITORS,
  'images.upload': EDITORS,
  'plans.read': ANY_ADMIN,
  'plans.write': BUSINESS,
  'offers.read': ANY_ADMIN,
  'offers.write': BUSINESS,
  'readers.read': BUSINESS,
  'organisations.read': BUSINESS,
  'organisations.write': BUSINESS,
  'meter.read': ['owner', 'editor', 'business'],
  'meter.write': ['owner', 'business'],
  'funnel.read': ['owner', 'business'],
  'experiments.read': ['owner', 'business'],
  'experiments.write': ['owner', 'business'],
  'newsletter.read': EDITORS,
  'newsletter.write': EDITORS,
  'magazine.read': EDITORS,
  'magazine.write': EDITORS,
} as const satisfies Record<string, readonly AdminRole[]>;

export type AdminAction = keyof typeof ADMIN_ROUTE_ROLES;

export function isAdminAction(value: unknown): value is AdminAction {
  return typeof value === 'string' && Object.hasOwn(ADMIN_ROUTE_ROLES, value);
}

/** Whether a key may perform an admin action: an admin key whose role the table lists. */
export function mayPerform(key: Pick<ApiKey, 'kind' | 'role'>, action: AdminAction): boolean {
  if (key.kind !== 'admin' || key.role === null) return false;
  return (ADMIN_ROUTE_ROLES[action] as readonly AdminRole[]).includes(key.role);
}

export function isApiKeyKind(value: unknown): value is ApiKeyKind {
  return typeof value === 'string' && (API_KEY_KINDS as readonly string[]).includes(value);
}

export function isAdminRole(value: unknown): value is AdminRole {
  return typeof value === 'string' && (ADMIN_ROLES as readonly string[]).includes(value);
}

const SECRET_RE = /^mh_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

/** `mh_<id without dashes>_<32 random bytes, base64url>`: the id finds the row, the rest proves it. */
export function formatSecret(id: string, random: string): string {
  return `mh_${id.replace(/-/g, '').toLowerCase()}_${random}`;
}

/** The key id a secret claims to belong to, or undefined when it is not shaped like one of ours. */
export function keyIdOfSecret(secret: string): string | undefined {
  const m = SECRET_RE.exec(secret);
  return m?.[1] ? dashedId(m[1]) : undefined;
}

/** A key id as stored (UUID with dashes), from either spelling. */
export function normalizeKeyId(id: string): string | undefined {
  const hex = id.trim().toLowerCase().replace(/-/g, '');
  return /^[0-9a-f]{32}$/.test(hex) ? dashedId(hex) : undefined;
}

function dashedId(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
