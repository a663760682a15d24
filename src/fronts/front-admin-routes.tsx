/**
 * The front editor at /admin/fronts (editors and owners): thin routes. Each form posts, the
 * service decides, and the page is rendered again with the problem next to its field (400), the
 * front as it now stands (409), or a 303 back to the editor. The drag-to-order island posts the
 * same form and asks for JSON (`accept: application/json`): it gets `{ saved: true }` or the
 * error's status and message.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { adminRoute, EDITORS, seeOther, sendAdminPage, staffOf } from '../admin/index.js';
import type { AlsoInTransaction } from '../articles/index.js';
import { AppError, type FieldProblem } from '../http/app-error.js';
import type { Csrf } from '../http/csrf.js';
import { MAX_PLACED, NEW_STORY_RULES, TIERS, type Tier } from './front.js';
import type { FrontAction, FrontRef, FrontService, PostedRow } from './front-service.js';
import { fromLocalInput } from './pin-time.js';
import { type EditorRow, editorRows, FrontEditorPage } from './views/front-editor-page.js';
import { FrontListPage } from './views/front-list-page.js';

export interface FrontAdminRouteDeps {
  fronts: FrontService;
  csrf: Pick<Csrf, 'token' | 'guard'>;
  clock: () => Date;
  timezone: string;
  /** The audit trail's entry for this request, written in the layout's transaction (src/admin's recorder). */
  auditWithin(request: FastifyRequest): Promise<AlsoInTransaction | undefined>;
}

const FrontParams = Type.Object({ front: Type.String({ maxLength: 80 }) });
const EditorQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  saved: Type.Optional(Type.String({ maxLength: 20 })),
});
const Many = (item: ReturnType<typeof Type.String>) => Type.Optional(Type.Union([item, Type.Array(item, { maxItems: MAX_PLACED })]));
const EditBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  article: Many(Type.String({ maxLength: 64 })),
  tier: Many(Type.String({ maxLength: 20 })),
  pin: Many(Type.String({ maxLength: 40 })),
  action: Type.String({ maxLength: 80 }),
});
const AddBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  articleId: Type.String({ minLength: 1, maxLength: 64 }),
});
const RuleBody = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })), newStories: Type.String({ maxLength: 20 }) });

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const isTier = (t: string): t is Tier => (TIERS as readonly string[]).includes(t);
const NOTICES: Record<string, string> = { layout: 'Layout saved.', added: 'Story added on top.', rule: 'Rule for new stories saved.' };

/** The form's rows and button, read; or the problems, each naming the control it is about. */
export function parseEdit(
  body: Static<typeof EditBody>,
  timeZone: string,
  now: Date,
): { rows: PostedRow[]; action: FrontAction } | { problems: FieldProblem[]; typed: { id: string; tier: string; pin: string }[] } {
  const ids = list(body.article);
  const tiers = list(body.tier);
  const pins = list(body.pin);
  const typed = ids.map((id, i) => ({ id, tier: tiers[i] ?? '', pin: pins[i] ?? '' }));
  const problems: FieldProblem[] = [];
  if (tiers.length !== ids.length || pins.length !== ids.length)
    problems.push({ field: 'form', message: 'Every placed story needs its tier and pin fields. Reload the page and try again.' });
  const rows: PostedRow[] = [];
  typed.forEach((r, i) => {
    const n = i + 1;
    if (!isTier(r.tier)) problems.push({ field: `tier-${n}`, message: 'Choose Lead, Secondary or List.' });
    let pinnedUntil: Date | null = null;
    if (r.pin.trim() !== '') {
      const at = fromLocalInput(r.pin.trim(), timeZone);
      if (!at) problems.push({ field: `pin-${n}`, message: 'Enter a date and time, like 2026-12-07 18:30, or leave it empty.' });
      else if (at.getTime() <= now.getTime()) problems.push({ field: `pin-${n}`, message: 'A pin must end in the future.' });
      else pinnedUntil = at;
    }
    rows.push({ articleId: r.id, tier: isTier(r.tier) ? r.tier : 'list', pinnedUntil });
  });
  let action: FrontAction | undefined;
  if (body.action === 'save') action = { kind: 'save' };
  else {
    const m = /^(up|down|remove):(.+)$/.exec(body.action);
    if (m?.[1] && m[2]) action = { kind: m[1] as 'up' | 'down' | 'remove', articleId: m[2] };
  }
  if (!action) problems.push({ field: 'form', message: 'Use one of the buttons: Move up, Move down, Remove or Save layout.' });
  return problems.length > 0 || !action ? { problems, typed } : { rows, action };
}

export function registerFrontAdminRoutes(scope: FastifyInstance, deps: FrontAdminRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { fronts } = deps;
  const editors = { config: adminRoute(EDITORS) };
  const posted = { ...editors, preValidation: deps.csrf.guard, attachValidation: true };

  async function frontOr404(slug: string): Promise<FrontRef> {
    const front = await fronts.find(slug);
    if (!front) throw new AppError('NOT_FOUND', 404, 'No such front.');
    return front;
  }

  const wantsJson = (request: FastifyRequest) => (request.headers.accept ?? '').includes('application/json');

  /** The editor page; after a refused post, with the rows as the editor had them. */
  async function editor(
    request: FastifyRequest,
    reply: FastifyReply,
    front: FrontRef,
    p: { problems?: FieldProblem[]; typed?: { id: string; tier: string; pin: string }[]; query?: string; notice?: string; status?: number },
  ) {
    const view = await fronts.editorView(front);
    let rows: EditorRow[] = editorRows(view, deps.timezone);
    if (p.typed) {
      const byId = new Map(view.rows.map((r) => [r.story.id, r.story]));
      const kept = p.typed.flatMap((t) => {
        const story = byId.get(t.id);
        return story ? [{ story, tier: t.tier, pin: t.pin }] : [];
      });
      // Only when the posted rows are still the placed stories; else the front as it stands.
      if (kept.length === rows.length && p.typed.length === rows.length) rows = kept;
    }
    const query = p.query ?? '';
    const results = query.trim() !== '' ? await fronts.searchStories(front, query) : undefined;
    const csrf = await deps.csrf.token(request, reply);
    return sendAdminPage(
      reply,
      <FrontEditorPage
        staff={staffOf(request)}
        csrf={csrf}
        view={view}
        rows={rows}
        timeZone={deps.timezone}
        problems={p.problems ?? []}
        notice={p.notice}
        query={query}
        results={results}
      />,
      p.status ?? 200,
    );
  }

  /** A refused post: JSON for the island, else the editor with the problem. */
  async function refuse(
    request: FastifyRequest,
    reply: FastifyReply,
    front: FrontRef,
    err: unknown,
    typed?: { id: string; tier: string; pin: string }[],
  ) {
    if (!(err instanceof AppError) || err.statusCode >= 500) throw err;
    if (wantsJson(request)) return reply.code(err.statusCode).send({ error: { code: err.code, message: err.message, fields: err.fields } });
    const problems =
      err.fields.length > 0
        ? err.fields.map((f) => (f.field === 'action' ? { ...f, field: 'form' } : f))
        : [{ field: 'form', message: err.message }];
    return editor(request, reply, front, { problems, typed: err.statusCode === 409 ? undefined : typed, status: err.statusCode });
  }

  app.get('/admin/fronts', editors, async (request, reply) => {
    const [all, laidOut] = await Promise.all([fronts.fronts(), fronts.summaries()]);
    const byKey = new Map(laidOut.map((l) => [l.key, l]));
    const rows = all.map((front) => {
      const l = byKey.get(front.key);
      return { front, placed: l?.placed ?? 0, newStories: l?.newStories ?? 'top', laidOutAt: l?.laidOutAt ?? null };
    });
    const csrf = await deps.csrf.token(request, reply);
    return sendAdminPage(reply, <FrontListPage staff={staffOf(request)} csrf={csrf} rows={rows} timeZone={deps.timezone} />);
  });

  app.get('/admin/fronts/:front', { ...editors, schema: { params: FrontParams, querystring: EditorQuery } }, async (request, reply) => {
    const front = await frontOr404(request.params.front);
    const saved = request.query.saved;
    return editor(request, reply, front, { query: request.query.q ?? '', notice: saved ? NOTICES[saved] : undefined });
  });

  app.post('/admin/fronts/:front', { ...posted, schema: { params: FrontParams, body: EditBody } }, async (request, reply) => {
    const front = await frontOr404(request.params.front);
    if (request.validationError) {
      const err = new AppError('VALIDATION_FAILED', 400, 'This form was not complete. Reload the page and try again.');
      return refuse(request, reply, front, err);
    }
    const parsed = parseEdit(request.body, deps.timezone, deps.clock());
    if ('problems' in parsed) {
      const message = `Invalid input — ${parsed.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`;
      return refuse(request, reply, front, new AppError('VALIDATION_FAILED', 400, message, parsed.problems), parsed.typed);
    }
    try {
      await fronts.edit(front, parsed.rows, parsed.action, await deps.auditWithin(request));
    } catch (err) {
      return refuse(request, reply, front, err);
    }
    if (wantsJson(request)) return reply.header('cache-control', 'no-store').send({ saved: true });
    return seeOther(reply, `/admin/fronts/${front.slug}?saved=layout`);
  });

  app.post('/admin/fronts/:front/add', { ...posted, schema: { params: FrontParams, body: AddBody } }, async (request, reply) => {
    const front = await frontOr404(request.params.front);
    if (request.validationError)
      return refuse(
        request,
        reply,
        front,
        new AppError('VALIDATION_FAILED', 400, 'Choose a story to add.', [{ field: 'articleId', message: 'Choose a story to add.' }]),
      );
    try {
      await fronts.add(front, request.body.articleId, await deps.auditWithin(request));
    } catch (err) {
      return refuse(request, reply, front, err);
    }
    return seeOther(reply, `/admin/fronts/${front.slug}?saved=added`);
  });

  app.post('/admin/fronts/:front/rule', { ...posted, schema: { params: FrontParams, body: RuleBody } }, async (request, reply) => {
    const front = await frontOr404(request.params.front);
    const rule = request.validationError ? undefined : NEW_STORY_RULES.find((r) => r === request.body.newStories);
    if (!rule)
      return refuse(
        request,
        reply,
        front,
        new AppError('VALIDATION_FAILED', 400, 'Choose where new stories go.', [
          { field: 'form', message: 'Choose where new stories go: on top, or not on the front.' },
        ]),
      );
    await fronts.setRule(front, rule, await deps.auditWithin(request));
    return seeOther(reply, `/admin/fronts/${front.slug}?saved=rule`);
  });
}
