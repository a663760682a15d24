/**
 * The audit trail's domain: who did what, through what, when. Pure: no database, no HTTP.
 */

/** Who acted: a staff member, or, for an API key made on the command line, the person who made it. */
export interface AuditActor {
  kind: 'staff' | 'cli';
  /** A staff id, or the key's maker as the command line recorded it (`cli:<user>`). */
  id: string;
  name: string;
}

export interface AuditEvent {
  id: string;
  at: Date;
  actor: AuditActor;
  via: 'admin' | 'api';
  apiKeyId: string | null;
  method: string;
  /** The route's pattern, e.g. `POST /admin/staff/:id/role`. */
  route: string;
  targetId: string | null;
  status: number;
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
 * What a request acted on: its route's id parameter, else (a creation) the `id` of the JSON it
 * answered with, else nothing.
 */
export function targetOf(params: unknown, payload: unknown): string | null {
  if (params !== null && typeof params === 'object') {
    const record = params as Record<string, unknown>;
    for (const name of ID_PARAMS) {
      const v = record[name];
      if (typeof v === 'string' && v !== '') return v.slice(0, 200);
    }
    for (const v of Object.values(record)) if (typeof v === 'string' && v !== '' && v.length <= 200) return v;
  }
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
  'POST /api/v1/admin/articles': 'Created a story',
  'PUT /api/v1/admin/articles/:id': 'Saved a story',
  'DELETE /api/v1/admin/articles/:id': 'Deleted a story',
  'POST /api/v1/admin/articles/:id/publish': 'Published a story',
  'POST /api/v1/admin/articles/:id/unpublish': 'Unpublished a story',
  'POST /api/v1/admin/articles/:id/schedule': 'Scheduled a story',
  'POST /api/v1/admin/images': 'Uploaded a picture',
};

export function describeAction(route: string): string | undefined {
  return DESCRIPTIONS[route];
}
