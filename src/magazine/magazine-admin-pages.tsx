/**
 * The weekly magazine in the admin. Editors and owners: /admin/magazine (the editions, and
 * "propose the next edition" for a week), /admin/magazine/editions/:number (one edition: cover,
 * note, stories in order; every form posts the version it showed and a change saved meanwhile is
 * refused with 409, nothing overwritten), its freeze confirmation, and the frozen edition's PDFs.
 * The business office too: /admin/magazine/archive (printed editions, their PDFs and mailing
 * lists) and the PDFs. A PDF is made by a job (magazine-pdf-service.ts); its page waits for it
 * without JavaScript. Thin routes: form → one service call → 303 with a notice, or the page again
 * with the problem beside its field. A PDF whose job was lost (pending past its limit: stalled)
 * or failed is asked for again from its own page.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { type StaffRole, staffIdOfActor } from '../accounts/index.js';
import { adminRoute, adminSavedByOf, EDITORS, seeOther, sendAdminPage, setAuditTarget, setNotAChange, staffOf } from '../admin/index.js';
import type { ImageRef } from '../articles/index.js';
import { AppError, type FieldProblem, invalid } from '../http/app-error.js';
import type { Csrf } from '../http/csrf.js';
import { editionLabel, type MagazineEdition, parseDay } from './magazine.js';
import { editionView } from './magazine-admin-view-model.js';
import { pdfFileName } from './magazine-pdf.js';
import type { MagazinePdfService } from './magazine-pdf-service.js';
import { MAX_NOTE_LENGTH } from './magazine-schemas.js';
import type { MagazineService } from './magazine-service.js';
import { isTrim } from './pdf/trims.js';
import { EditionEditPage, FreezeConfirmPage } from './views/edition-edit-page.js';
import { ArchivePage, EditionListPage } from './views/edition-list-page.js';
import { editionPath, pdfPath } from './views/edition-parts.js';
import { PdfStatusPage } from './views/pdf-status-page.js';

/** Who sees the printed editions and their PDFs: the newsroom's editors and the business office. */
export const MAGAZINE_ARCHIVE_ROLES: readonly StaffRole[] = ['owner', 'editor', 'business'];
/** Who may download the mailing lists (readers' postal addresses) from the archive. */
const MAILING_LIST_ROLES: readonly StaffRole[] = ['owner', 'business'];

export interface MagazineAdminPageDeps {
  magazine: Pick<
    MagazineService,
    'list' | 'frozen' | 'get' | 'propose' | 'update' | 'freeze' | 'content' | 'storySummaries' | 'searchToAdd'
  >;
  pdfs: Pick<MagazinePdfService, 'request' | 'status' | 'file' | 'listFor'>;
  csrf: Pick<Csrf, 'token' | 'guard'>;
  findImage(id: string): Promise<ImageRef | undefined>;
  staffNames(ids: readonly string[]): Promise<ReadonlyMap<string, string>>;
  siteName(): Promise<string>;
  timezone: string;
}

const NumberParams = Type.Object({ number: Type.Integer({ minimum: 1, maximum: 1_000_000 }) });
const PdfParams = Type.Object({
  number: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  trim: Type.Union([Type.Literal('a4'), Type.Literal('letter')]),
});
const EditionQuery = Type.Object({
  done: Type.Optional(Type.String({ maxLength: 20 })),
  left: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
});
/** `?watch=1`: the PDF's page keeps checking by itself while the file is being made. */
const WatchQuery = Type.Object({ watch: Type.Optional(Type.String({ maxLength: 5 })) });
const CsrfField = Type.Optional(Type.String({ maxLength: 200 }));
const ProposeForm = Type.Object({ _csrf: CsrfField, week_of: Type.Optional(Type.String({ maxLength: 40 })) });
const EditionForm = Type.Object({
  _csrf: CsrfField,
  version: Type.String({ pattern: '^[0-9]{1,9}$' }),
  action: Type.String({ maxLength: 100 }),
  cover_story: Type.Optional(Type.String({ maxLength: 64 })),
  cover_image: Type.Optional(Type.String({ maxLength: 64 })),
  cover_date: Type.Optional(Type.String({ maxLength: 40 })),
  // Longer than a note may be, so that a long one is refused with its field named, not as a broken form.
  editor_note: Type.Optional(Type.String({ maxLength: 50_000 })),
});
const FreezeForm = Type.Object({ _csrf: CsrfField, version: Type.String({ pattern: '^[0-9]{1,9}$' }) });
const PdfForm = Type.Object({ _csrf: CsrfField, trim: Type.String({ maxLength: 20 }) });
const CsrfOnlyForm = Type.Object({ _csrf: CsrfField });

const NOTICES: Record<string, string> = {
  proposed: 'Proposed from the week’s most-read and front-page stories: choose and order them below.',
  opened: 'That week has its edition already: here it is.',
  saved: 'Saved.',
  moved: 'Moved.',
  dropped: 'Dropped.',
  added: 'Added at the end.',
  frozen: 'Frozen: the edition is ready for the printer. Download its PDF below.',
};

type Values = { coverStory: string; coverImage: string; editorNote: string; coverDate: string };

/** The form's fields as the Admin API's names them (body.cover_story) are this form's own here. */
function formProblems(err: AppError): FieldProblem[] {
  if (err.fields.length === 0) return [{ field: 'form', message: err.message }];
  return err.fields.map((f) => {
    const field = f.field.replace(/^body\./, '');
    return ['cover_story', 'cover_image', 'cover_date', 'editor_note', 'week_of'].includes(field)
      ? { field, message: f.message }
      : { field: 'form', message: f.message };
  });
}

export function registerMagazineAdminPages(scope: FastifyInstance, deps: MagazineAdminPageDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const { magazine, pdfs, timezone } = deps;
  const editors = { config: adminRoute(EDITORS) };
  const archive = { config: adminRoute(MAGAZINE_ARCHIVE_ROLES) };
  const posted = { preValidation: deps.csrf.guard, attachValidation: true };

  async function savedByName(e: MagazineEdition): Promise<string> {
    const id = staffIdOfActor(e.updatedBy);
    if (id) return (await deps.staffNames([id])).get(id) ?? 'a former member of staff';
    if (e.updatedBy === 'cli') return 'the command line';
    if (e.updatedBy.startsWith('api-key:')) return 'an API key';
    return e.updatedBy;
  }

  async function listPage(
    request: FastifyRequest,
    reply: FastifyReply,
    o: { weekOf?: string; problems?: FieldProblem[]; notice?: string; status?: number } = {},
  ) {
    const csrf = await deps.csrf.token(request, reply);
    return sendAdminPage(
      reply,
      <EditionListPage
        staff={staffOf(request)}
        csrf={csrf}
        editions={await magazine.list(200)}
        weekOf={o.weekOf ?? ''}
        problems={o.problems ?? []}
        notice={o.notice}
        timeZone={timezone}
      />,
      o.status ?? 200,
    );
  }

  async function editionPage(
    request: FastifyRequest,
    reply: FastifyReply,
    number: number,
    o: { problems?: FieldProblem[]; notice?: string | undefined; values?: Values; query?: string; status?: number } = {},
  ) {
    const view = await editionView({ magazine, findImage: deps.findImage, pdfs }, number, o.query ?? '');
    const csrf = await deps.csrf.token(request, reply);
    return sendAdminPage(
      reply,
      <EditionEditPage
        staff={staffOf(request)}
        csrf={csrf}
        edition={view.edition}
        stories={view.stories}
        cover={view.cover}
        coverChoices={view.coverChoices}
        values={o.values ?? view.values}
        problems={o.problems ?? []}
        notice={o.notice}
        query={o.query ?? ''}
        results={view.results}
        freezeProblems={view.freezeProblems}
        pdfs={view.pdfs}
        savedBy={await savedByName(view.edition)}
        timeZone={timezone}
      />,
      o.status ?? 200,
    );
  }

  /** The page again after a refused change: 409 says who saved meanwhile; 400 names the field. */
  async function refused(request: FastifyRequest, reply: FastifyReply, number: number, err: unknown, values?: Values) {
    if (!(err instanceof AppError) || err.statusCode >= 500 || err.statusCode === 404) throw err;
    let problems = formProblems(err);
    if (err.statusCode === 409) {
      const now = await magazine.get(number);
      problems =
        now.status === 'frozen'
          ? [{ field: 'form', message: `Edition No. ${number} has been frozen meanwhile: nothing was changed.` }]
          : [
              {
                field: 'form',
                message:
                  `Someone else saved this edition after you opened it (${await savedByName(now)}, now version ${now.version}). ` +
                  `Nothing of yours was saved: the page shows the edition as it now stands. ${values ? 'Your cover and note are still in their form: save them again to replace theirs.' : 'Make your change again.'}`,
              },
            ];
    }
    return editionPage(request, reply, number, { problems, values, status: err.statusCode });
  }

  app.get('/admin/magazine', editors, async (request, reply) => listPage(request, reply));

  app.post('/admin/magazine', { ...editors, ...posted, schema: { body: ProposeForm } }, async (request, reply) => {
    if (request.validationError)
      return listPage(request, reply, {
        problems: [{ field: 'week_of', message: 'Write a day of the week as YYYY-MM-DD, e.g. 2026-12-07.' }],
        status: 400,
      });
    const weekOf = (request.body.week_of ?? '').trim();
    try {
      const made = await magazine.propose(weekOf === '' ? undefined : weekOf, adminSavedByOf(request));
      setAuditTarget(request, String(made.edition.number));
      // Opening the week's edition that exists changes nothing: the audit trail leaves it out.
      if (!made.created) setNotAChange(request);
      const left = made.withoutPicture.length > 0 ? `&left=${made.withoutPicture.length}` : '';
      return seeOther(reply, `${editionPath(made.edition.number)}?done=${made.created ? 'proposed' : 'opened'}${left}`);
    } catch (err) {
      if (!(err instanceof AppError) || err.statusCode !== 400) throw err;
      const problems = [{ field: 'week_of', message: `“${weekOf.slice(0, 40)}” is not a date: write it as YYYY-MM-DD, e.g. 2026-12-07.` }];
      return listPage(request, reply, { weekOf: weekOf.slice(0, 40), problems, status: 400 });
    }
  });

  app.get('/admin/magazine/archive', archive, async (request, reply) => {
    const editions = await magazine.frozen(200);
    const staff = staffOf(request);
    const csrf = await deps.csrf.token(request, reply);
    return sendAdminPage(
      reply,
      <ArchivePage
        staff={staff}
        csrf={csrf}
        editions={editions}
        pdfs={await pdfs.listFor(editions.map((e) => e.id))}
        mailingLists={MAILING_LIST_ROLES.includes(staff.role)}
        timeZone={timezone}
      />,
    );
  });

  app.get(
    '/admin/magazine/editions/:number',
    { ...editors, schema: { params: NumberParams, querystring: EditionQuery } },
    async (request, reply) => {
      const { done, left, q } = request.query;
      let notice = done ? NOTICES[done] : undefined;
      if (notice && left)
        notice +=
          left === 1
            ? ' 1 story of the week had no picture and was left out.'
            : ` ${left} stories of the week had no picture and were left out.`;
      return editionPage(request, reply, request.params.number, { notice, query: q ?? '' });
    },
  );

  app.post(
    '/admin/magazine/editions/:number',
    { ...editors, ...posted, schema: { params: NumberParams, body: EditionForm } },
    async (request, reply) => {
      checkParams(request);
      const { number } = request.params;
      if (request.validationError) {
        const problems = [{ field: 'form', message: 'This form was not complete. Reload the page and try again.' }];
        return editionPage(request, reply, number, { problems, status: 400 });
      }
      const body: Static<typeof EditionForm> = request.body;
      const version = Number(body.version);
      const [kind = '', storyId = ''] = splitAction(body.action);
      const by = adminSavedByOf(request);
      let values: Values | undefined;
      try {
        const e = await magazine.get(number);
        let done = '';
        if (kind === 'save') {
          values = {
            coverStory: body.cover_story ?? '',
            coverImage: body.cover_image ?? '',
            editorNote: (body.editor_note ?? '').replace(/\r\n?/g, '\n'),
            coverDate: (body.cover_date ?? '').trim(),
          };
          const problems: FieldProblem[] = [];
          if (values.editorNote.length > MAX_NOTE_LENGTH)
            problems.push({
              field: 'editor_note',
              message: `The note is ${values.editorNote.length} characters long: at most ${MAX_NOTE_LENGTH}.`,
            });
          if (values.coverDate !== '' && parseDay(values.coverDate) === null)
            problems.push({ field: 'cover_date', message: 'Write the cover date as YYYY-MM-DD, e.g. 2026-12-14.' });
          if (problems.length > 0) throw invalid(problems);
          await magazine.update(
            number,
            {
              ...(body.cover_story !== undefined && { coverArticleId: values.coverStory === '' ? null : values.coverStory }),
              ...(body.cover_image !== undefined && { coverImageId: values.coverImage === '' ? null : values.coverImage }),
              editorNote: values.editorNote.trim(),
              ...(values.coverDate !== '' && { coverDate: values.coverDate }),
            },
            by,
            version,
          );
          done = 'saved';
        } else if (kind === 'up' || kind === 'down') {
          const ids = [...e.storyIds];
          const i = ids.indexOf(storyId);
          const j = kind === 'up' ? i - 1 : i + 1;
          const a = ids[i];
          const b = ids[j];
          if (i < 0 || a === undefined || b === undefined)
            throw invalid([{ field: 'form', message: 'That story cannot move that way: reload the page.' }]);
          ids[i] = b;
          ids[j] = a;
          await magazine.update(number, { storyIds: ids }, by, version);
          done = 'moved';
        } else if (kind === 'drop') {
          if (!e.storyIds.includes(storyId))
            throw invalid([{ field: 'form', message: 'That story is not in the edition: reload the page.' }]);
          // Dropping the cover story leaves the choice to the first story, as a new edition has it.
          const changes = {
            storyIds: e.storyIds.filter((id) => id !== storyId),
            ...(e.coverArticleId === storyId && { coverArticleId: null }),
          };
          await magazine.update(number, changes, by, version);
          done = 'dropped';
        } else if (kind === 'add') {
          await magazine.update(number, { storyIds: [...e.storyIds, storyId] }, by, version);
          done = 'added';
        } else throw invalid([{ field: 'form', message: 'Press one of the buttons.' }]);
        setAuditTarget(request, String(number));
        return seeOther(reply, `${editionPath(number)}?done=${done}`);
      } catch (err) {
        return refused(request, reply, number, err, values);
      }
    },
  );

  app.get('/admin/magazine/editions/:number/freeze', { ...editors, schema: { params: NumberParams } }, async (request, reply) => {
    const { number } = request.params;
    const view = await editionView({ magazine, findImage: deps.findImage, pdfs }, number, '');
    if (view.edition.status === 'frozen') return seeOther(reply, editionPath(number));
    if (view.freezeProblems.length > 0) return editionPage(request, reply, number, { problems: view.freezeProblems, status: 409 });
    const csrf = await deps.csrf.token(request, reply);
    return sendAdminPage(
      reply,
      <FreezeConfirmPage staff={staffOf(request)} csrf={csrf} edition={view.edition} stories={view.stories} problems={[]} />,
    );
  });

  app.post(
    '/admin/magazine/editions/:number/freeze',
    { ...editors, ...posted, schema: { params: NumberParams, body: FreezeForm } },
    async (request, reply) => {
      checkParams(request);
      const { number } = request.params;
      if (request.validationError) {
        const problems = [{ field: 'form', message: 'This form was not complete. Reload the page and try again.' }];
        return editionPage(request, reply, number, { problems, status: 400 });
      }
      try {
        const e = await magazine.get(number);
        if (e.status === 'draft' && e.version !== Number(request.body.version))
          throw new AppError('CONFLICT', 409, `Edition No. ${number} changed since you opened it.`);
        await magazine.freeze(number, adminSavedByOf(request));
        setAuditTarget(request, String(number));
        return seeOther(reply, `${editionPath(number)}?done=frozen`);
      } catch (err) {
        return refused(request, reply, number, err);
      }
    },
  );

  app.post(
    '/admin/magazine/editions/:number/pdf',
    { ...archive, ...posted, schema: { params: NumberParams, body: PdfForm } },
    async (request, reply) => {
      checkParams(request);
      const trim = request.validationError ? undefined : request.body.trim;
      if (!isTrim(trim)) throw invalid([{ field: 'trim', message: 'choose A4 or Letter' }]);
      const { number } = request.params;
      await pdfs.request(number, trim, adminSavedByOf(request));
      setAuditTarget(request, String(number));
      return seeOther(reply, pdfPath(number, trim));
    },
  );

  // "Ask again": a PDF that failed or stalled (its job lost to a worker that died, or given up
  // after its retries) is put back on the runner. One still being made, or made, is left alone
  // (the trail leaves such a press out): two people pressing at once start one build.
  app.post(
    '/admin/magazine/editions/:number/pdf/:trim/again',
    { ...archive, preValidation: deps.csrf.guard, schema: { params: PdfParams, body: CsrfOnlyForm } },
    async (request, reply) => {
      const { number, trim } = request.params;
      const { asked } = await pdfs.request(number, trim, adminSavedByOf(request));
      setAuditTarget(request, String(number));
      if (!asked) setNotAChange(request);
      return seeOther(reply, pdfPath(number, trim));
    },
  );

  app.get(
    '/admin/magazine/editions/:number/pdf/:trim',
    { ...archive, schema: { params: PdfParams, querystring: WatchQuery } },
    async (request, reply) => {
      const { number, trim } = request.params;
      const { edition, pdf } = await pdfs.status(number, trim);
      const staff = staffOf(request);
      const csrf = await deps.csrf.token(request, reply);
      const backTo =
        staff.role === 'business'
          ? { href: '/admin/magazine/archive', label: 'The archive of printed editions' }
          : { href: editionPath(number), label: `Edition No. ${number}` };
      return sendAdminPage(
        reply,
        <PdfStatusPage
          staff={staff}
          csrf={csrf}
          edition={edition}
          trim={trim}
          pdf={pdf}
          timeZone={timezone}
          watching={request.query.watch === '1'}
          backTo={backTo}
        />,
      );
    },
  );

  app.get('/admin/magazine/editions/:number/pdf/:trim/file', { ...archive, schema: { params: PdfParams } }, async (request, reply) => {
    const { number, trim } = request.params;
    const { edition, bytes } = await pdfs.file(number, trim);
    const name = pdfFileName(await deps.siteName(), edition, trim);
    return reply
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('x-content-type-options', 'nosniff')
      .type('application/pdf')
      .send(bytes);
  });
}

/**
 * A form's routes attach their validation errors (to show the form again), so a path that names no
 * edition (/admin/magazine/editions/abc) would reach them: refused here, as the GET routes refuse it.
 */
function checkParams(request: FastifyRequest): void {
  const err = request.validationError;
  if (err && Reflect.get(err, 'validationContext') === 'params')
    throw invalid([{ field: 'number', message: 'an edition’s number, e.g. /admin/magazine/editions/3' }]);
}

/** "up:<id>" → ["up", "<id>"]; "save" → ["save", ""]. */
function splitAction(action: string): [string, string] {
  const at = action.indexOf(':');
  return at < 0 ? [action, ''] : [action.slice(0, at), action.slice(at + 1)];
}

/** For the audit trail's name of an edition: "No. 3 (Vol. 1, No. 3)". */
export function editionTargetName(e: MagazineEdition): string {
  return `No. ${e.number} (${editionLabel(e)})`;
}
