/**
 * The story editing page: `GET /admin/stories/new`, `GET /admin/stories/:id`, the form's POSTs
 * (create, save with its intent: save, publish, schedule, unpublish), the JSON autosave, and the
 * update note. A POST whose version is not the story's shows the conflict page (409) before
 * anything is written; a form with a problem comes back (400) with the problem beside its field.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { StaffMember, StaffRole } from '../accounts/index.js';
import { ADMIN_ISLANDS, staffOf } from '../admin/index.js';
import {
  type Article,
  articlePath,
  countWords,
  docImageIds,
  docToMarkdown,
  emptyDoc,
  markdownToDoc,
  mediaUrl,
  parseBodyDoc,
  pickVariant,
} from '../articles/index.js';
import type { FieldProblem } from '../http/app-error.js';
import { formatTime } from '../views/format.js';
import { localDateTimeValue, mayEdit, mayPublish, STORY_ROLES } from './desk-rules.js';
import { type NewsroomRouteDeps, seeOther, sendDeskPage } from './newsroom-route-deps.js';
import type { SaveOutcome } from './newsroom-service.js';
import {
  changedFields,
  EMPTY_FORM,
  formValuesOfArticle,
  formValuesOfBody,
  StoryFormBody,
  type StoryFormValues,
  type StoryIntent,
} from './story-form.js';
import { ConflictView } from './views/conflict-view.js';
import { StoryEditView } from './views/story-edit-view.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const EditQuery = Type.Object({
  done: Type.Optional(Type.String({ maxLength: 40 })),
  hero: Type.Optional(Type.String({ maxLength: 100 })),
  previewLink: Type.Optional(Type.String({ maxLength: 300 })),
});
const UpdateBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 100 })),
  version: Type.String({ pattern: '^[0-9]{1,9}$' }),
  note: Type.String({ maxLength: 4000 }),
  correction: Type.Optional(Type.Literal('yes')),
});

const DONE: Record<string, string> = {
  save: 'Saved.',
  publish: 'Published: the story is live.',
  schedule: 'Scheduled.',
  unpublish: 'Unpublished: the story is off the site.',
  update: 'Update added.',
  restore: 'Restored: the older version is now the latest.',
  'preview-revoked': 'Every preview link of this story has stopped working.',
  uploaded: 'Picture uploaded: add its alt text and save.',
};

/** The editor island (contract C) and the desk's own (autosave, focal point, copy link). */
const SCRIPTS = ['editor', 'story-desk'].filter((name) => Object.hasOwn(ADMIN_ISLANDS, name));

export interface EditExtras {
  problems?: readonly FieldProblem[];
  notice?: string | undefined;
  status?: number;
  previewLink?: { url: string; expiresAt: Date } | undefined;
  update?: { note: string; correction: boolean; problems: readonly FieldProblem[] } | undefined;
}

export function registerStoryEditRoutes(scope: FastifyInstance, deps: NewsroomRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const roles = { adminRoles: STORY_ROLES as readonly StaffRole[] };
  const tz = deps.config.timezone;
  const guard = deps.csrf.guard;

  async function heroOf(id: string) {
    if (id.trim() === '') return null;
    const image = await deps.findImage(id.trim());
    if (!image) return null;
    const v = pickVariant(image, 640);
    return { url: mediaUrl(v ? v.key : image.originalKey), width: v?.width ?? image.width, height: v?.height ?? image.height };
  }

  /** Where the editor shows each picture already in the body from (contract C's `data-body-images`). */
  async function bodyImagesOf(docJson: string): Promise<Record<string, string>> {
    let ids: string[];
    try {
      ids = docImageIds(parseBodyDoc(JSON.parse(docJson))).slice(0, 200);
    } catch {
      return {};
    }
    const found = await Promise.all(ids.map(async (id) => [id, await heroOf(id)] as const));
    const map: Record<string, string> = {};
    for (const [id, image] of found) if (image) map[id] = image.url;
    return map;
  }

  async function renderEdit(
    request: FastifyRequest,
    reply: FastifyReply,
    staff: StaffMember,
    story: { article: Article; createdBy: string | null } | undefined,
    values: StoryFormValues,
    x: EditExtras = {},
  ) {
    const a = story?.article;
    const bodyDocJson = bodyDocJsonOf(a, values);
    const [sections, authors, hero, oldSlugs, revisions, hasPreviewLinks, siteName] = await Promise.all([
      deps.sections(),
      deps.authors(),
      heroOf(values.heroImageId),
      a ? deps.newsroom.oldSlugs(a.id) : [],
      a ? deps.newsroom.namedRevisions(a.id) : [],
      a ? deps.newsroom.hasPreviewSecret(a.id) : false,
      deps.siteName(),
    ]);
    const bodyImagesJson = JSON.stringify(await bodyImagesOf(bodyDocJson));
    const editable = story ? mayEdit(staff, { status: story.article.status, createdBy: story.createdBy }) : true;
    return sendDeskPage(deps, request, reply, {
      title: a ? `Edit: ${a.headline}` : 'New story',
      staff,
      scripts: editable ? SCRIPTS : [],
      notice: x.notice,
      status: x.status,
      body: (
        <StoryEditView
          story={
            a && {
              id: a.id,
              status: a.status,
              version: a.version,
              publishedAt: a.publishedAt,
              updatedAt: a.updatedAt,
              path: articlePath(a, tz),
            }
          }
          values={values}
          bodyDocJson={bodyDocJson}
          bodyImagesJson={bodyImagesJson}
          problems={x.problems ?? []}
          sections={sections}
          authors={authors}
          timeZone={tz}
          csrf={await deps.csrf.token(request, reply)}
          mayPublish={mayPublish(staff)}
          mayEdit={editable}
          hero={hero}
          oldSlugs={oldSlugs}
          revisions={revisions}
          wordCount={a && values.body === a.bodyMarkdown ? a.wordCount : countWords(values.body)}
          site={{ name: siteName, publicUrl: deps.config.publicUrl }}
          previewLink={x.previewLink}
          hasPreviewLinks={hasPreviewLinks}
          update={x.update}
        />
      ),
    });
  }

  const valuesOf = (a: Article) =>
    formValuesOfArticle(a, a.status === 'scheduled' && a.publishedAt ? localDateTimeValue(a.publishedAt, tz) : '');

  /** The page after a save: the story, or the form again with its problems, or the conflict. */
  async function answer(
    request: FastifyRequest,
    reply: FastifyReply,
    staff: StaffMember,
    id: string | undefined,
    values: StoryFormValues,
    intent: StoryIntent,
    outcome: SaveOutcome,
  ) {
    if (outcome.kind === 'saved') return seeOther(reply, `/admin/stories/${outcome.article.id}?done=${intent}`);
    values = withMarkdown(values);
    if (outcome.kind === 'invalid') {
      const story = id ? await deps.newsroom.open(staff, id) : undefined;
      return renderEdit(request, reply, staff, story, values, { problems: outcome.problems, status: 400 });
    }
    const theirs = outcome.theirs;
    return sendDeskPage(deps, request, reply, {
      title: 'Someone else saved this story',
      staff,
      status: 409,
      body: (
        <ConflictView
          id={theirs.id}
          csrf={await deps.csrf.token(request, reply)}
          timeZone={tz}
          intent={intent}
          mine={values}
          theirs={valuesOf(theirs)}
          theirVersion={theirs.version}
          savedBy={outcome.savedBy}
          savedAt={outcome.savedAt}
          changed={changedFields(values, valuesOf(theirs))}
        />
      ),
    });
  }

  const versionOf = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));

  app.get('/admin/stories/new', { config: roles, schema: { querystring: EditQuery } }, async (request, reply) => {
    const staff = staffOf(request);
    const values = { ...EMPTY_FORM, heroImageId: request.query.hero ?? '' };
    return renderEdit(request, reply, staff, undefined, values, { notice: request.query.hero ? DONE.uploaded : undefined });
  });

  app.post('/admin/stories', { config: roles, schema: { body: StoryFormBody }, preValidation: guard }, async (request, reply) => {
    const staff = staffOf(request);
    const values = formValuesOfBody(request.body);
    const intent = request.body.intent ?? 'save';
    return answer(
      request,
      reply,
      staff,
      undefined,
      values,
      intent,
      await deps.newsroom.save(staff, undefined, values, intent, undefined, await deps.auditWithin(request)),
    );
  });

  app.get('/admin/stories/:id', { config: roles, schema: { params: IdParams, querystring: EditQuery } }, async (request, reply) => {
    const staff = staffOf(request);
    const story = await deps.newsroom.open(staff, request.params.id);
    const q = request.query;
    const values = valuesOf(story.article);
    if (q.hero) values.heroImageId = q.hero;
    const previewLink = q.previewLink ? await deps.newsroom.openPreview(q.previewLink) : undefined;
    return renderEdit(request, reply, staff, story, values, {
      notice: q.hero ? DONE.uploaded : q.done ? DONE[q.done] : undefined,
      previewLink:
        previewLink?.check.ok && previewLink.article?.id === story.article.id && q.previewLink
          ? { url: `${deps.config.publicUrl}/preview/${q.previewLink}`, expiresAt: previewLink.check.claim.expiresAt }
          : undefined,
    });
  });

  app.post(
    '/admin/stories/:id',
    { config: roles, schema: { params: IdParams, body: StoryFormBody }, preValidation: guard },
    async (request, reply) => {
      const staff = staffOf(request);
      const values = formValuesOfBody(request.body);
      const intent = request.body.intent ?? 'save';
      const id = request.params.id;
      return answer(
        request,
        reply,
        staff,
        id,
        values,
        intent,
        await deps.newsroom.save(staff, id, values, intent, versionOf(request.body.version), await deps.auditWithin(request)),
      );
    },
  );

  /** Autosave (drafts only): the form as JSON's answer; a conflict is reported, never overwritten. */
  async function autosave(request: FastifyRequest<{ Body: StoryFormBody }>, reply: FastifyReply, id: string | undefined) {
    const staff = staffOf(request);
    reply.header('cache-control', 'no-store');
    const version = versionOf(request.body.version);
    if (id !== undefined) {
      const current = await deps.newsroom.open(staff, id);
      if (current.article.status !== 'draft')
        return reply.code(409).send({ ok: false, reason: 'not-a-draft', message: 'Autosave keeps drafts only: use Save changes.' });
    }
    const outcome = await deps.newsroom.save(
      staff,
      id,
      formValuesOfBody(request.body),
      'save',
      version,
      await deps.auditWithin(request, 200),
    );
    if (outcome.kind === 'saved') {
      const a = outcome.article;
      return reply.send({
        ok: true,
        id: a.id,
        version: a.version,
        savedAt: formatTime(a.updatedAt, tz),
        editUrl: `/admin/stories/${a.id}`,
      });
    }
    if (outcome.kind === 'invalid') return reply.code(400).send({ ok: false, reason: 'invalid', problems: outcome.problems });
    return reply.code(409).send({
      ok: false,
      reason: 'conflict',
      message: `${outcome.savedBy} saved this story at ${formatTime(outcome.savedAt, tz)}. Your changes are not saved: save to compare.`,
      version: outcome.theirs.version,
    });
  }

  app.post('/admin/stories/autosave', { config: roles, schema: { body: StoryFormBody }, preValidation: guard }, (request, reply) =>
    autosave(request, reply, undefined),
  );
  app.post(
    '/admin/stories/:id/autosave',
    { config: roles, schema: { params: IdParams, body: StoryFormBody }, preValidation: guard },
    (request, reply) => autosave(request, reply, request.params.id),
  );

  app.post(
    '/admin/stories/:id/updates',
    { config: roles, schema: { params: IdParams, body: UpdateBody }, preValidation: guard },
    async (request, reply) => {
      const staff = staffOf(request);
      const b = request.body;
      const correction = b.correction === 'yes';
      const outcome = await deps.newsroom.addUpdate(
        staff,
        request.params.id,
        b.note,
        correction,
        Number(b.version),
        await deps.auditWithin(request),
      );
      if (outcome.kind === 'saved') return seeOther(reply, `/admin/stories/${outcome.article.id}?done=update`);
      const story = await deps.newsroom.open(staff, request.params.id);
      if (outcome.kind === 'invalid')
        return renderEdit(request, reply, staff, story, valuesOf(story.article), {
          status: 400,
          update: { note: b.note, correction, problems: outcome.problems },
        });
      return renderEdit(request, reply, staff, story, valuesOf(story.article), {
        status: 409,
        update: {
          note: b.note,
          correction,
          problems: [
            { field: 'note', message: `${outcome.savedBy} saved this story meanwhile: check the story, then add your update again.` },
          ],
        },
      });
    },
  );
}

/** The editor island's document (contract C): the posted one, else the story's, else the Markdown's. */
function bodyDocJsonOf(a: Article | undefined, values: StoryFormValues): string {
  if (values.bodyDoc.trim() !== '') return values.bodyDoc;
  if (a && values.body === a.bodyMarkdown) return JSON.stringify(a.bodyDoc);
  try {
    return JSON.stringify(markdownToDoc(values.body));
  } catch {
    return JSON.stringify(emptyDoc());
  }
}

/**
 * The form with its Markdown spelt from the editor's document when the island posted one, so a
 * page that shows the body (the form again, the conflict page) shows what was written.
 */
function withMarkdown(values: StoryFormValues): StoryFormValues {
  if (values.bodyDoc.trim() === '') return values;
  try {
    return { ...values, body: docToMarkdown(parseBodyDoc(values.bodyDoc)) };
  } catch {
    return values;
  }
}
