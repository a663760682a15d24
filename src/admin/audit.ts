/**
 * The audit trail's domain: who did what, through what, when. Pure: no database, no HTTP.
 */

/**
 * Who acted: a staff member; for an API key made on the command line, the person who made it; or
 * the system itself (a worker's job acting on its own, such as asking again for a stalled PDF).
 */
export interface AuditActor {
  kind: 'staff' | 'cli' | 'system';
  /** A staff id, the key's maker as the command line recorded it (`cli:<user>`), or `system:<what>`. */
  id: string;
  name: string;
}

/** The worker's jobs when they change something by themselves (`via: 'job'`). */
export const JOB_RUNNER_ACTOR: AuditActor = { kind: 'system', id: 'system:job-runner', name: 'The job runner (by itself)' };

export interface AuditEvent {
  id: string;
  at: Date;
  actor: AuditActor;
  /** Through the newsroom's pages, the Admin API, or a worker's job (no request: `method` is `JOB`). */
  via: 'admin' | 'api' | 'job';
  apiKeyId: string | null;
  method: string;
  /** The route's pattern, e.g. `POST /admin/staff/:id/role`. */
  route: string;
  targetId: string | null;
  /** What kind of thing the target is (`story`, `staff`, …), from the route. */
  targetKind: AuditTargetKind | null;
  /** The target's human name when the change was made (headline, staff name, page title…). */
  targetName: string | null;
  status: number;
}

/** What a change acted on, named: the id and its human name at the time. */
export interface AuditTarget {
  id: string;
  name: string;
}

/** The kinds of thing the trail names, in the order the filter offers them. */
export const AUDIT_TARGET_KINDS = [
  'story',
  'front',
  'page',
  'staff',
  'key',
  'picture',
  'section',
  'author',
  'tag',
  'plan',
  'offer',
  'organisation',
  'reader',
  'meter',
  'experiment',
  'gift',
  'edition',
] as const;
export type AuditTargetKind = (typeof AUDIT_TARGET_KINDS)[number];

export const TARGET_KIND_LABELS: Record<AuditTargetKind, string> = {
  story: 'Stories',
  front: 'Fronts',
  page: 'Pages',
  staff: 'Staff',
  key: 'API keys',
  picture: 'Pictures',
  section: 'Sections',
  author: 'Authors',
  tag: 'Tags',
  plan: 'Plans',
  offer: 'Offers',
  organisation: 'Group licences',
  reader: 'Readers',
  meter: 'The meter',
  experiment: 'Experiments',
  gift: 'Gifts',
  edition: 'Magazine editions',
};

/** The first path segment after /admin or /api/v1/admin → the kind of thing a route acts on. */
const KIND_OF_SEGMENT: Record<string, AuditTargetKind> = {
  stories: 'story',
  articles: 'story',
  fronts: 'front',
  pages: 'page',
  staff: 'staff',
  keys: 'key',
  images: 'picture',
  sections: 'section',
  authors: 'author',
  tags: 'tag',
  plans: 'plan',
  offers: 'offer',
  organisations: 'organisation',
  readers: 'reader',
  meter: 'meter',
  experiments: 'experiment',
  gifts: 'gift',
  magazine: 'edition',
};

/** The kind of thing a route (`POST /admin/stories/:id`) acts on, or null (signing out, …). */
export function targetKindOf(route: string): AuditTargetKind | null {
  const m = /^[A-Z]+ \/(?:api\/v1\/)?admin\/([a-z-]+)/.exec(route);
  return (m?.[1] && KIND_OF_SEGMENT[m[1]]) || null;
}

/** What the trail may be filtered by (every part optional); the page's query string, parsed. */
export interface AuditFilter {
  actorId?: string | undefined;
  route?: string | undefined;
  targetKind?: AuditTargetKind | undefined;
  /** From this instant, inclusive. */
  from?: Date | undefined;
  /** Before this instant. */
  before?: Date | undefined;
}

/** Whether a request is one the trail records: a change (not GET, HEAD or OPTIONS) that succeeded. */
export function isAuditable(method: string, status: number): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS' && status >= 200 && status < 400;
}

/** Whether a URL is the admin's or the Admin API's (the two places the trail covers). */
export function auditedArea(url: string): 'admin' | 'api' | undefined {
  if (url === '/admin' || url.startsWith('/admin/') || url.startsWith('/admin?')) return 'admin';
  if (url === '/api/v1/admin' || url.startsWith('/api/v1/admin/') || url.startsWith('/api/v1/admin?')) return 'api';
  return undefined;
}

const ID_PARAMS = ['id', 'articleId', 'staffId', 'keyId', 'slug'];

/**
 * What a request acted on: its route's id parameter, else (a creation) the id in the address it
 * sent the browser to, else the `id` of the JSON it answered with, else nothing. A route may
 * name it itself (`setAuditTarget`).
 */
export function targetOf(params: unknown, payload: unknown, location?: string): string | null {
  if (params !== null && typeof params === 'object') {
    const record = params as Record<string, unknown>;
    for (const name of ID_PARAMS) {
      const v = record[name];
      if (typeof v === 'string' && v !== '') return v.slice(0, 200);
    }
    for (const v of Object.values(record)) if (typeof v === 'string' && v !== '' && v.length <= 200) return v;
  }
  // A form that made something answers 303 to its page: /admin/stories/<id>.
  const made = location ? /\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[/?#]|$)/i.exec(location) : null;
  if (made?.[1]) return made[1];
  if (typeof payload === 'string' && payload.startsWith('{') && payload.length < 1_000_000) {
    try {
      const parsed: unknown = JSON.parse(payload);
      if (parsed !== null && typeof parsed === 'object' && 'id' in parsed && typeof parsed.id === 'string') return parsed.id.slice(0, 200);
    } catch {
      return null;
    }
  }
  return null;
}

/** What an entry did, in words, for the routes whose meaning is known; undefined for others (the route pattern says it). */
const DESCRIPTIONS: Record<string, string> = {
  'POST /admin/staff': 'Invited a member of staff',
  'POST /admin/staff/:id/role': 'Changed a role',
  'POST /admin/staff/:id/disable': 'Disabled a staff account',
  'POST /admin/staff/:id/enable': 'Enabled a staff account',
  'POST /admin/staff/:id/invite': 'Sent a new invitation',
  'POST /admin/keys': 'Made an API key',
  'POST /admin/keys/:id/revoke': 'Revoked an API key',
  'POST /admin/stories': 'Created a story',
  'POST /admin/stories/:id': 'Saved a story',
  'POST /admin/stories/autosave': 'Autosaved a new story',
  'POST /admin/stories/:id/autosave': 'Autosaved a story',
  'POST /admin/stories/:id/updates': 'Added an update note',
  'POST /admin/stories/:id/revisions/:version/restore': 'Restored a revision',
  'POST /admin/stories/:id/preview-link': 'Made a preview link',
  'POST /admin/stories/:id/preview-link/revoke': 'Revoked the preview links',
  'POST /admin/stories/bulk': 'Changed several stories',
  'POST /admin/images': 'Uploaded a picture',
  'POST /admin/fronts/:front': 'Laid out a front',
  'POST /admin/fronts/:front/add': 'Put a story on a front',
  'POST /admin/fronts/:front/rule': 'Changed where new stories land',
  'POST /admin/pages/:slug': 'Saved a page',
  'POST /api/v1/admin/articles': 'Created a story',
  'PUT /api/v1/admin/articles/:id': 'Saved a story',
  'DELETE /api/v1/admin/articles/:id': 'Deleted a story',
  'POST /api/v1/admin/articles/:id/publish': 'Published a story',
  'POST /api/v1/admin/articles/:id/unpublish': 'Unpublished a story',
  'POST /api/v1/admin/articles/:id/schedule': 'Scheduled a story',
  'POST /api/v1/admin/images': 'Uploaded a picture',
  'POST /admin/organisations': 'Made a group licence',
  'POST /admin/organisations/:id': 'Changed a group licence',
  'POST /api/v1/admin/organisations': 'Made a group licence',
  'PATCH /api/v1/admin/organisations/:id': 'Changed a group licence',
  'POST /api/v1/admin/organisations/:id/deactivate': 'Ended a group licence',
  'POST /admin/readers/export': 'Downloaded readers as CSV',
  'POST /admin/readers/:id/comp': 'Comped a subscription',
  'POST /admin/readers/:id/subscriptions/:subscriptionId/cancel': 'Cancelled a subscription',
  'POST /admin/readers/:id/link': 'Sent a reader a link',
  'POST /admin/readers/:id/export': 'Downloaded a reader’s data',
  'POST /admin/readers/:id/close': 'Closed a reader’s account',
  // The business office (src/office).
  'POST /admin/plans': 'Made a plan',
  'POST /admin/plans/:id': 'Changed a plan',
  'POST /admin/offers': 'Made an offer',
  'POST /admin/offers/:id': 'Changed an offer’s availability',
  'POST /admin/gifts/:id/resend': 'Sent a gift’s code again',
  'POST /admin/meter': 'Changed the meter and the paywall',
  // The weekly magazine (src/magazine).
  'POST /admin/magazine': 'Proposed a magazine edition',
  'POST /admin/magazine/editions/:number': 'Changed a magazine edition',
  'POST /admin/magazine/editions/:number/freeze': 'Froze a magazine edition for the printer',
  'POST /admin/magazine/editions/:number/pdf': 'Asked for a magazine edition’s PDF',
  'POST /admin/magazine/editions/:number/pdf/:trim/again': 'Asked again for a magazine edition’s stalled or failed PDF',
  'JOB magazine.pdf-sweep/ask-again': 'Asked again by itself for a magazine edition’s stalled PDF',
  'JOB magazine.pdf-sweep/give-up': 'Gave up a magazine edition’s PDF whose builds kept stopping',
  'POST /api/v1/admin/magazine/editions': 'Proposed a magazine edition',
  'PATCH /api/v1/admin/magazine/editions/:number': 'Changed a magazine edition',
  'POST /api/v1/admin/magazine/editions/:number/freeze': 'Froze a magazine edition for the printer',
};

export function describeAction(route: string): string | undefined {
  return DESCRIPTIONS[route];
}

/** The actions the filter offers by name: every route whose meaning is known. */
export const DESCRIBED_ROUTES: readonly string[] = Object.keys(DESCRIPTIONS);
