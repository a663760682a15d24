/**
 * What the desk's routes use: the desk's service, the lists its forms offer, the picture
 * lookups, the media ingest, CSRF, the site's preview and the paper's settings. Narrow ports,
 * wired in src/app.ts.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { StaffMember } from '../accounts/index.js';
import { AdminLayout, seeOther, sendAdminPage } from '../admin/index.js';
import type { AlsoInTransaction, Article, ImageRef } from '../articles/index.js';
import type { Csrf } from '../http/csrf.js';
import type { MediaService } from '../media/index.js';
import type { Clock } from '../platform.js';
import type { NewsroomService } from './newsroom-service.js';

export interface NewsroomRouteDeps {
  newsroom: NewsroomService;
  csrf: Pick<Csrf, 'token' | 'guard' | 'verify'>;
  clock: Clock;
  config: { timezone: string; publicUrl: string };
  sections(): Promise<{ id: string; slug: string; name: string }[]>;
  authors(): Promise<{ id: string; slug: string; name: string }[]>;
  findImage(id: string): Promise<ImageRef | undefined>;
  media: Pick<MediaService, 'ingestImage'>;
  /** The site's article page for a story in any status (src/site `preview`): the real page. */
  previewPage(article: Article, opts: { walled: boolean }): Promise<string>;
  siteName(): Promise<string>;
  /** The audit trail's entry for this request, written in the save's transaction (src/admin's recorder). */
  auditWithin(request: FastifyRequest, status?: number): Promise<AlsoInTransaction | undefined>;
}

export { seeOther };

export interface DeskPage {
  title: string;
  staff: StaffMember;
  body: VNode;
  scripts?: readonly string[];
  notice?: string | undefined;
  status?: number;
}

/** Renders a desk page in the admin layout with a fresh CSRF token. */
export async function sendDeskPage(
  deps: Pick<NewsroomRouteDeps, 'csrf'>,
  request: FastifyRequest,
  reply: FastifyReply,
  p: DeskPage,
  csrf?: string,
) {
  const token = csrf ?? (await deps.csrf.token(request, reply));
  return sendAdminPage(
    reply,
    <AdminLayout title={p.title} staff={p.staff} csrf={token} nav="stories" scripts={p.scripts} notice={p.notice}>
      {p.body}
    </AdminLayout>,
    p.status,
  );
}
