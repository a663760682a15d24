/**
 * The stories list (`GET /admin/stories`, the staff's landing page), its bulk actions
 * (`POST /admin/stories/bulk`, editors and owners; a delete asks first) and the desk's
 * stylesheet.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { StaffRole } from '../accounts/index.js';
import { staffOf } from '../admin/index.js';
import type { FieldProblem } from '../http/app-error.js';
import { DESK_CSS, DESK_CSS_HASH } from './desk-css.js';
import { BULK_ACTIONS, endOfLocalDate, mayPublish, PUBLISH_ROLES, parseLocalDateTime, STORY_ROLES } from './desk-rules.js';
import { type NewsroomRouteDeps, seeOther, sendDeskPage } from './newsroom-route-deps.js';
import { BulkDeleteConfirm, StoryListView } from './views/story-list-view.js';

const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  status: Type.Optional(
    Type.Union([
      Type.Literal(''),
      Type.Literal('draft'),
      Type.Literal('scheduled'),
      Type.Literal('published'),
      Type.Literal('unpublished'),
    ]),
  ),
  section: Type.Optional(Type.String({ maxLength: 100 })),
  author: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(Type.String({ maxLength: 20 })),
  to: Type.Optional(Type.String({ maxLength: 20 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  done: Type.Optional(Type.String({ maxLength: 40 })),
});

const BulkBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 100 })),
  action: Type.Union(BULK_ACTIONS.map((a) => Type.Literal(a))),
  ids: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Array(Type.String({ maxLength: 40 }), { maxItems: 200 })])),
  confirm: Type.Optional(Type.Literal('yes')),
});

const PER_PAGE = 25;

const DONE: Record<string, string> = {
  publish: 'The selected stories are live.',
  unpublish: 'The selected stories are off the site.',
  delete: 'The selected stories are deleted.',
  none: 'Select at least one story first.',
};

export function registerStoryListRoutes(scope: FastifyInstance, deps: NewsroomRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const roles = { adminRoles: STORY_ROLES as readonly StaffRole[] };
  const tz = deps.config.timezone;

  app.get(`/admin/stories/desk-:hash.css`, { config: roles }, async (_request, reply) => {
    return reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('cache-control', `private, max-age=${DESK_CSS_HASH ? 31_536_000 : 0}, immutable`)
      .send(DESK_CSS);
  });

  app.get('/admin/stories', { config: roles, schema: { querystring: ListQuery } }, async (request, reply) => {
    const staff = staffOf(request);
    const q = request.query;
    const [sections, authors] = await Promise.all([deps.sections(), deps.authors()]);
    const problems: FieldProblem[] = [];
    const from = q.from ? (q.from.length === 10 ? parseLocalDateTime(q.from, tz) : undefined) : undefined;
    if (q.from && !from) problems.push({ field: 'from', message: 'From date must be a date (yyyy-mm-dd)' });
    const to = q.to ? endOfLocalDate(q.to, tz) : undefined;
    if (q.to && !to) problems.push({ field: 'to', message: 'To date must be a date (yyyy-mm-dd)' });
    const section = q.section ? sections.find((s) => s.slug === q.section) : undefined;
    if (q.section && !section) problems.push({ field: 'section', message: `No section "${q.section}"` });
    const author = q.author ? authors.find((a) => a.slug === q.author) : undefined;
    if (q.author && !author) problems.push({ field: 'author', message: `No author "${q.author}"` });
    const page = q.page ?? 1;
    const list =
      problems.length > 0
        ? { rows: [], total: 0, counts: {} }
        : await deps.newsroom.list(staff, {
            status: q.status || undefined,
            sectionId: section?.id,
            authorId: author?.id,
            from,
            // "To" is inclusive: the whole of that day in the paper's time zone.
            before: to,
            q: q.q,
            page,
            perPage: PER_PAGE,
          });
    return sendDeskPage(deps, request, reply, {
      title: 'Stories',
      staff,
      status: problems.length > 0 ? 400 : 200,
      notice: q.done ? DONE[q.done] : undefined,
      body: (
        <StoryListView
          rows={list.rows}
          total={list.total}
          counts={list.counts}
          filter={{
            q: q.q ?? '',
            status: q.status ?? '',
            section: q.section ?? '',
            author: q.author ?? '',
            from: q.from ?? '',
            to: q.to ?? '',
          }}
          sections={sections}
          authors={authors}
          page={page}
          perPage={PER_PAGE}
          timeZone={tz}
          csrf={await deps.csrf.token(request, reply)}
          bulk={mayPublish(staff)}
          problems={problems}
        />
      ),
    });
  });

  app.post(
    '/admin/stories/bulk',
    { config: { adminRoles: PUBLISH_ROLES as readonly StaffRole[] }, schema: { body: BulkBody }, preValidation: deps.csrf.guard },
    async (request, reply) => {
      const staff = staffOf(request);
      const b = request.body;
      const ids = [...new Set(b.ids === undefined ? [] : Array.isArray(b.ids) ? b.ids : [b.ids])];
      if (ids.length === 0) return seeOther(reply, '/admin/stories?done=none');
      if (b.action === 'delete' && b.confirm !== 'yes') {
        const chosen = (await deps.newsroom.selected(ids)).map((s) => ({ id: s.id, headline: s.headline }));
        return sendDeskPage(deps, request, reply, {
          title: 'Delete stories?',
          staff,
          body: <BulkDeleteConfirm stories={chosen} csrf={await deps.csrf.token(request, reply)} />,
        });
      }
      await deps.newsroom.bulk(staff, b.action, ids, await deps.auditWithin(request));
      return seeOther(reply, `/admin/stories?done=${b.action}`);
    },
  );
}
