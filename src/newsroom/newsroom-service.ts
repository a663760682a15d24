/**
 * The desk's use-cases over the articles feature: the stories list a staff member may see, the
 * story form's save (with the writer's limits and the version check that stops an overwrite
 * before it happens), bulk actions, the revision list with people's names, update notes, and
 * signed preview links. Every write goes through the article service, so each keeps a revision.
 */
import { randomBytes } from 'node:crypto';
import type { StaffMember } from '../accounts/index.js';
import {
  type AlsoInTransaction,
  type Article,
  type ArticleInput,
  type ArticleService,
  type ArticleSummary,
  inputFromArticle,
} from '../articles/index.js';
import type { Db } from '../db/database.js';
import { AppError, type FieldProblem } from '../http/app-error.js';
import type { Clock } from '../platform.js';
import {
  type BulkAction,
  type BulkPlan,
  decideStorySave,
  mayEdit,
  mayPublish,
  maySee,
  planBulk,
  refusalMessage,
  savedByOfStaff,
  saverName,
  searchWords,
} from './desk-rules.js';
import {
  countStoriesByStatus,
  findCreators,
  findOldSlugs,
  findPreviewSecret,
  listStoryIds,
  savePreviewSecret,
} from './newsroom-repository.js';
import { checkPreviewToken, type PreviewCheck, readPreviewClaim, signPreviewToken } from './preview-token.js';
import { inputOfForm, type StoryFormValues, type StoryIntent } from './story-form.js';

export interface NewsroomServiceDeps {
  db: Db;
  clock: Clock;
  /** The app's signing keys: the first signs preview links, all verify. */
  keys: readonly string[];
  timeZone: string;
  /** Staff members' names by id, disabled ones too (a revision keeps its author): accounts owns them. */
  staffNames(ids: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /** How to name the person behind each API key (api-keys owns the keys). */
  keyOwnerNames(ids: readonly string[]): Promise<ReadonlyMap<string, string>>;
  articles: Pick<
    ArticleService,
    'get' | 'create' | 'update' | 'publish' | 'unpublish' | 'remove' | 'revisionsOf' | 'creatorOf' | 'restore' | 'diff'
  >;
  /** Which of these tag slugs exist (a writer may use existing tags only). */
  existingTags(slugs: readonly string[]): Promise<string[]>;
  /** Listing summaries in the order of the ids. */
  summaries(ids: readonly string[]): Promise<ArticleSummary[]>;
}

export interface StoryListFilter {
  status?: string | undefined;
  sectionId?: string | undefined;
  authorId?: string | undefined;
  from?: Date | undefined;
  before?: Date | undefined;
  q?: string | undefined;
  page: number;
  perPage: number;
}

export interface StoryRow {
  story: ArticleSummary;
  mayEdit: boolean;
}

export type SaveOutcome =
  | { kind: 'saved'; article: Article }
  | { kind: 'invalid'; problems: FieldProblem[]; message?: string | undefined }
  | { kind: 'conflict'; theirs: Article; savedBy: string; savedAt: Date };

export interface NamedRevision {
  version: number;
  savedAt: Date;
  savedBy: string;
  /** The person, by name. */
  who: string;
}

function forbidden(message: string): AppError {
  return new AppError('FORBIDDEN', 403, message);
}

export function createNewsroomService(deps: NewsroomServiceDeps) {
  const { db, clock, articles } = deps;

  /** The story, if this staff member may see it (404 otherwise: a writer is not told of others' stories). */
  async function open(staff: StaffMember, id: string): Promise<{ article: Article; createdBy: string | null }> {
    const article = await articles.get(id);
    if (!article || article.id !== id) throw new AppError('NOT_FOUND', 404, 'No such story.');
    const createdBy = await articles.creatorOf(id);
    if (!maySee(staff, createdBy)) throw new AppError('NOT_FOUND', 404, 'No such story.');
    return { article, createdBy };
  }

  async function namedRevisions(id: string): Promise<NamedRevision[]> {
    const revisions = await articles.revisionsOf(id);
    const staffIds = revisions.flatMap((r) => (r.saved_by.startsWith('staff:') ? [r.saved_by.slice(6)] : []));
    const keyIds = revisions.flatMap((r) => (r.saved_by.startsWith('api-key:') ? [r.saved_by.slice(8)] : []));
    const [names, owners] = await Promise.all([deps.staffNames([...new Set(staffIds)]), deps.keyOwnerNames([...new Set(keyIds)])]);
    return revisions.map((r) => ({
      version: r.version,
      savedAt: r.saved_at,
      savedBy: r.saved_by,
      who: saverName(r.saved_by, names, owners),
    }));
  }

  /** Writes an input (after the writer's check), answering problems and conflicts as data. */
  async function write(
    staff: StaffMember,
    current: { article: Article; createdBy: string | null } | undefined,
    input: ArticleInput,
    version: number | undefined,
    also?: AlsoInTransaction,
  ): Promise<SaveOutcome> {
    const tags = input.tags ?? [];
    const known = new Set(await deps.existingTags(tags));
    const decision = decideStorySave(staff, {
      requestedStatus: input.status,
      newTags: tags.filter((t) => !known.has(t)),
      current: current && { status: current.article.status, createdBy: current.createdBy },
    });
    if (!decision.allow) {
      const refusal = refusalMessage(decision);
      if (refusal.field) return { kind: 'invalid', problems: [{ field: refusal.field, message: refusal.message }] };
      throw forbidden(refusal.message);
    }
    if (current && version !== current.article.version) return conflict(current.article.id);
    try {
      const saved = current
        ? await articles.update(current.article.id, input, savedByOfStaff(staff), current.article.version, also)
        : await articles.create(input, savedByOfStaff(staff), also);
      return { kind: 'saved', article: saved };
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION_FAILED')
        return {
          kind: 'invalid',
          problems: err.fields.map((f) => ({
            field: formField(f.field),
            message: f.message,
          })),
        };
      if (err instanceof AppError && err.code === 'ARTICLE_VERSION_CONFLICT' && current) return conflict(current.article.id);
      throw err;
    }
  }

  async function conflict(id: string): Promise<SaveOutcome> {
    const theirs = await articles.get(id);
    if (!theirs) throw new AppError('NOT_FOUND', 404, 'This story was deleted while you edited it.');
    const [latest] = await namedRevisions(id);
    return { kind: 'conflict', theirs, savedBy: latest?.who ?? 'someone', savedAt: latest?.savedAt ?? theirs.updatedAt };
  }

  return {
    open,
    namedRevisions,

    /** The stories this staff member may see, filtered, one page of them, with the counts by status. */
    async list(staff: StaffMember, f: StoryListFilter) {
      const createdBy = staff.role === 'writer' ? savedByOfStaff(staff) : undefined;
      const { rows, total } = await listStoryIds(db, {
        status: f.status,
        sectionId: f.sectionId,
        authorId: f.authorId,
        from: f.from,
        before: f.before,
        words: searchWords(f.q),
        createdBy,
        limit: f.perPage,
        offset: (f.page - 1) * f.perPage,
      });
      const creators = new Map(rows.map((r) => [r.id, r.createdBy]));
      const stories = await deps.summaries(rows.map((r) => r.id));
      const counts = await countStoriesByStatus(db, createdBy);
      return {
        rows: stories.map(
          (story): StoryRow => ({ story, mayEdit: mayEdit(staff, { status: story.status, createdBy: creators.get(story.id) ?? null }) }),
        ),
        total,
        counts,
      };
    },

    /** Saves the story form: a new story when `id` is undefined; `version` is the one the form was opened at. */
    async save(
      staff: StaffMember,
      id: string | undefined,
      values: StoryFormValues,
      intent: StoryIntent,
      version: number | undefined,
      also?: AlsoInTransaction,
    ): Promise<SaveOutcome> {
      const current = id === undefined ? undefined : await open(staff, id);
      if (intent !== 'save' && !mayPublish(staff))
        throw forbidden('Only an editor or an owner may publish, schedule or unpublish a story.');
      const outcome = inputOfForm(values, intent, current?.article, clock(), deps.timeZone);
      if (outcome.problems.length > 0) return { kind: 'invalid', problems: outcome.problems };
      return write(staff, current, outcome.input, version, also);
    },

    /** An update note (a correction when flagged) on a story, saved as a new version. */
    async addUpdate(
      staff: StaffMember,
      id: string,
      note: string,
      correction: boolean,
      version: number | undefined,
      also?: AlsoInTransaction,
    ): Promise<SaveOutcome> {
      const current = await open(staff, id);
      const text = note.trim();
      if (text === '') return { kind: 'invalid', problems: [{ field: 'note', message: 'Write the update note' }] };
      if (text.length > 2000) return { kind: 'invalid', problems: [{ field: 'note', message: 'must be at most 2,000 characters' }] };
      const input = inputFromArticle(current.article);
      const now = clock();
      input.updates = [...(input.updates ?? []), { notedAt: now, note: text, correction }];
      if (current.article.status === 'published') input.revisedAt = now;
      return write(staff, current, input, version, also);
    },

    /**
     * Restores an earlier version's content as the newest save (the articles feature's restore:
     * a new revision, nothing lost; status, publication time and update notes stay as they are),
     * over the version the page was opened at. A writer restores only their own draft.
     */
    async restore(
      staff: StaffMember,
      id: string,
      version: number,
      expectedVersion: number,
      also?: AlsoInTransaction,
    ): Promise<SaveOutcome> {
      const current = await open(staff, id);
      if (!mayEdit(staff, { status: current.article.status, createdBy: current.createdBy }))
        throw forbidden('Only an editor or an owner may change a story that is not your own draft.');
      if (expectedVersion !== current.article.version) return conflict(id);
      try {
        return { kind: 'saved', article: await articles.restore(id, version, savedByOfStaff(staff), expectedVersion, also) };
      } catch (err) {
        if (err instanceof AppError && err.code === 'VALIDATION_FAILED')
          return { kind: 'invalid', problems: err.fields.map((f) => ({ field: formField(f.field), message: f.message })) };
        if (err instanceof AppError && err.code === 'ARTICLE_VERSION_CONFLICT') return conflict(id);
        throw err;
      }
    },

    /** What changed between two versions (the articles feature's diff). */
    async diff(staff: StaffMember, id: string, from: number, to: number) {
      await open(staff, id);
      return articles.diff(id, from, to);
    },

    /** Applies a bulk action (editors and owners) to the selected stories; answers what changed and what was skipped. */
    async bulk(staff: StaffMember, action: BulkAction, ids: readonly string[], also?: AlsoInTransaction): Promise<BulkPlan> {
      if (!mayPublish(staff)) throw forbidden('Only an editor or an owner may publish, unpublish or delete stories.');
      const creators = await findCreators(db, ids);
      const stories = (await deps.summaries(ids.filter((id) => creators.has(id)))).map((s) => ({
        id: s.id,
        headline: s.headline,
        status: s.status,
      }));
      const plan = planBulk(action, stories);
      const by = savedByOfStaff(staff);
      for (const id of plan.apply) {
        // Each story's change and its audit entry in one transaction; a deletion is one statement, recorded after it.
        if (action === 'publish') await articles.publish(id, by, undefined, also);
        else if (action === 'unpublish') await articles.unpublish(id, by, undefined, also);
        else await articles.remove(id);
      }
      return plan;
    },

    /** Listing summaries of the chosen stories (a bulk action's question). */
    selected: (ids: readonly string[]) => deps.summaries(ids),

    /** The story's earlier slugs, each now a redirect to the current address. */
    oldSlugs: (id: string) => findOldSlugs(db, id),

    /** Whether the story has preview links that still work (a secret is set). */
    hasPreviewSecret: async (id: string) => (await findPreviewSecret(db, id)) !== null,

    /** A signed preview link's token for a story: for its latest save, or pinned to this version. */
    async previewToken(staff: StaffMember, id: string, days: number, pinVersion: boolean): Promise<{ token: string; expiresAt: Date }> {
      const { article } = await open(staff, id);
      let secret = await findPreviewSecret(db, id);
      if (secret === null) {
        secret = randomBytes(24).toString('base64url');
        await savePreviewSecret(db, id, secret, clock());
      }
      const expiresAt = new Date(clock().getTime() + days * 86_400_000);
      const token = signPreviewToken({ articleId: id, version: pinVersion ? article.version : null, expiresAt }, deps.keys, secret);
      return { token, expiresAt };
    },

    /** Replaces the story's preview secret: every link made before stops working. */
    async revokePreviews(staff: StaffMember, id: string): Promise<void> {
      await open(staff, id);
      await savePreviewSecret(db, id, randomBytes(24).toString('base64url'), clock());
    },

    /** The story a preview token opens now, or why not. */
    async openPreview(token: string): Promise<{ check: PreviewCheck; article?: Article }> {
      const claim = readPreviewClaim(token);
      if (!claim) return { check: { ok: false, reason: 'malformed' } };
      const article = await articles.get(claim.articleId);
      if (!article || article.id !== claim.articleId) return { check: { ok: false, reason: 'revoked' } };
      const check = checkPreviewToken(token, deps.keys, await findPreviewSecret(db, article.id), article.version, clock());
      return check.ok ? { check, article } : { check };
    },
  };
}

/** The form's name for a field the articles feature named. */
function formField(field: string): string {
  const names: Record<string, string> = {
    'hero.imageId': 'heroImageId',
    'hero.alt': 'heroAlt',
    'hero.focalX': 'heroFocusX',
    'hero.focalY': 'heroFocusY',
  };
  if (field.startsWith('bodyDoc')) return 'bodyDoc';
  return names[field] ?? field;
}

export type NewsroomService = ReturnType<typeof createNewsroomService>;
