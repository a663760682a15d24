/**
 * The weekly magazine's use-cases: propose the edition of a week (from the funnel's reads and the
 * home front), list and read editions, change a draft (stories in order, cover, editor's note,
 * cover date), freeze it for the printer (a snapshot of everything it prints, update notes
 * included), and the content a PDF prints: a frozen edition's snapshot, a draft's live stories.
 */
import { uuidv7 } from 'uuidv7';
import type { Article, ArticleSummary, ImageRef } from '../articles/index.js';
import type { Db } from '../db/database.js';
import { AppError } from '../http/app-error.js';
import type { Clock } from '../platform.js';
import type { ArticleReading, Viewer } from '../reading/index.js';
import { dayToMidnight, localDayNumber } from '../time/local-time.js';
import {
  DEFAULT_EDITION_STORIES,
  type EditionContent,
  editionWeek,
  formatDay,
  type MagazineEdition,
  nextNumbering,
  type PrintImage,
  type PrintStory,
  parseDay,
  proposeStories,
} from './magazine.js';
import {
  type EditionChanges,
  findEditionByNumber,
  findEditionByWeek,
  findSnapshot,
  freezeEdition,
  insertEdition,
  listEditions,
  listNumberings,
  replaceStories,
  updateDraft,
} from './magazine-repository.js';

export interface MagazineServiceDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  /** Published stories of [start, end), newest first. */
  publishedBetween(start: Date, end: Date): Promise<ArticleSummary[]>;
  /** Whole articles in the order asked (missing ones left out). */
  findArticles(ids: readonly string[]): Promise<Article[]>;
  findImages(ids: readonly string[]): Promise<Map<string, ImageRef>>;
  /** Reads per article over local dates [from, to] (the funnel's counters). */
  readsBetween(from: string, to: string): Promise<Map<string, number>>;
  /** The home front's story ids now, in front order. */
  homeFront(): Promise<string[]>;
  /** The one content-read service, asked as the staff who print the edition. */
  read(article: Article, viewer: Viewer): ArticleReading;
  /** The story's path on the website. */
  pathOf(article: ArticleSummary): string;
  /** Published stories matching a search, best first (the admin's "Add a story"). */
  searchPublished?(query: string, limit: number): Promise<ArticleSummary[]>;
  /** Stories as lists show them, in the order asked (missing ones left out). */
  summaries?(ids: readonly string[]): Promise<ArticleSummary[]>;
  /** Said when an edition is frozen: the public edition pages (through the page cache) change. */
  changed?(): void;
}

export interface ProposedEdition {
  edition: MagazineEdition;
  created: boolean;
  /** Stories of the week left out for want of a picture. */
  withoutPicture: string[];
  /** What the proposal ranked by: the week's local dates. */
  readsFrom: string;
  readsTo: string;
}

export interface DraftChanges extends EditionChanges {
  storyIds?: string[] | undefined;
}

const STAFF: Viewer = { kind: 'staff' };
const MAX_STORIES = 60;

function noEdition(number: number): AppError {
  return new AppError('NOT_FOUND', 404, `No magazine edition No. ${number}.`, [{ field: 'edition', message: `no edition ${number}` }]);
}

export function printImageOf(image: ImageRef, words: { alt: string; caption: string; credit: string }): PrintImage {
  return {
    imageId: image.id,
    originalKey: image.originalKey,
    contentType: image.contentType,
    width: image.width,
    height: image.height,
    ...words,
  };
}

export function createMagazineService(deps: MagazineServiceDeps) {
  const { db, clock, timeZone: tz } = deps;

  async function mustFind(number: number): Promise<MagazineEdition> {
    const e = await findEditionByNumber(db, number);
    if (!e) throw noEdition(number);
    return e;
  }

  /** A live story as the edition would print it now. */
  function printStoryOf(a: Article): PrintStory {
    const reading = deps.read(a, STAFF);
    return {
      articleId: a.id,
      headline: a.headline,
      dek: a.dek,
      section: a.section.name,
      byline: a.authors.map((x) => x.name),
      dateline: a.dateline,
      publishedAt: (a.publishedAt ?? a.updatedAt).toISOString(),
      path: deps.pathOf(a),
      hero: a.hero ? printImageOf(a.hero.image, { alt: a.hero.alt, caption: a.hero.caption, credit: a.hero.credit }) : null,
      blocks: reading.blocks.map((b) => ({ type: b.type, html: b.html, text: b.text })),
      updates: a.updates.map((u) => ({ notedAt: u.notedAt.toISOString(), note: u.note, correction: u.correction })),
    };
  }

  async function liveContent(e: MagazineEdition): Promise<EditionContent> {
    const articles = await deps.findArticles(e.storyIds);
    const stories = articles.map(printStoryOf);
    let cover: PrintImage | null = null;
    if (e.coverImageId) {
      const img = (await deps.findImages([e.coverImageId])).get(e.coverImageId);
      if (img) cover = printImageOf(img, { alt: '', caption: '', credit: '' });
    }
    const coverStory = stories.find((s) => s.articleId === e.coverArticleId) ?? stories[0];
    return { stories, cover: cover ?? coverStory?.hero ?? null };
  }

  /** The problems that keep an edition from the printer, each naming its field. */
  function printProblems(content: EditionContent): { field: string; message: string }[] {
    const problems: { field: string; message: string }[] = [];
    if (content.stories.length === 0) problems.push({ field: 'stories', message: 'the edition has no stories' });
    content.stories.forEach((s, i) => {
      if (!s.hero) problems.push({ field: `stories[${i}]`, message: `"${s.headline}" has no picture: give the story one, or take it out` });
    });
    return problems;
  }

  async function checkStories(ids: readonly string[]): Promise<void> {
    if (new Set(ids).size !== ids.length)
      throw new AppError('VALIDATION_FAILED', 400, 'A story is listed twice.', [
        { field: 'body.stories', message: 'a story is listed twice' },
      ]);
    const found = await deps.findArticles(ids);
    const live = new Set(found.filter((a) => a.status === 'published').map((a) => a.id));
    const missing = ids.filter((id) => !live.has(id));
    if (missing.length > 0)
      throw new AppError('VALIDATION_FAILED', 400, `No published story ${missing.join(', ')}.`, [
        { field: 'body.stories', message: `no published story: ${missing.join(', ')}` },
      ]);
  }

  return {
    /** The local date of now, for the default week. */
    today(): string {
      return formatDay(localDayNumber(clock(), tz));
    },

    /**
     * The edition of the week holding `weekOf` (YYYY-MM-DD; today by default), proposed now when
     * the week has none: its stories are the week's most-read and front-page stories.
     */
    async propose(weekOf: string | undefined, by: string): Promise<ProposedEdition> {
      const day = weekOf === undefined ? localDayNumber(clock(), tz) : parseDay(weekOf);
      if (day === null) {
        throw new AppError('VALIDATION_FAILED', 400, `week_of must be a date as YYYY-MM-DD (got "${weekOf}").`, [
          { field: 'week_of', message: 'not a date as YYYY-MM-DD' },
        ]);
      }
      const week = editionWeek(day);
      const readsFrom = formatDay(week.start);
      const readsTo = formatDay(week.end - 1);
      const known = await findEditionByWeek(db, readsFrom);
      if (known) return { edition: known, created: false, withoutPicture: [], readsFrom, readsTo };
      const [stories, reads, front] = await Promise.all([
        deps.publishedBetween(dayToMidnight(week.start, tz), dayToMidnight(week.end, tz)),
        deps.readsBetween(readsFrom, readsTo),
        deps.homeFront(),
      ]);
      const proposal = proposeStories({
        candidates: stories.map((s) => ({ id: s.id, publishedAt: s.publishedAt ?? s.updatedAt, hasPicture: s.hero !== null })),
        reads,
        front,
        max: DEFAULT_EDITION_STORIES,
      });
      const coverDate = formatDay(week.coverDay);
      const id = uuidv7();
      const at = clock();
      await db.transaction().execute(async (trx) => {
        const numbering = nextNumbering(await listNumberings(trx), coverDate);
        await insertEdition(trx, {
          id,
          ...numbering,
          weekOf: readsFrom,
          coverDate,
          coverArticleId: proposal.storyIds[0] ?? null,
          storyIds: proposal.storyIds,
          at,
          by,
        });
      });
      const edition = await findEditionByWeek(db, readsFrom);
      if (!edition) throw new Error('edition vanished after insert');
      return { edition, created: true, withoutPicture: proposal.withoutPicture, readsFrom, readsTo };
    },

    list: (limit = 100) => listEditions(db, limit),

    /** The frozen editions, the newest first (the public pages and the archive). */
    async frozen(limit = 100): Promise<MagazineEdition[]> {
      return listEditions(db, limit, 'frozen');
    },

    /** A draft's stories as the admin lists them (published or not), in the edition's order. */
    async storySummaries(e: MagazineEdition): Promise<ArticleSummary[]> {
      if (!deps.summaries) return [];
      const found = new Map((await deps.summaries(e.storyIds)).map((s) => [s.id, s]));
      return e.storyIds.flatMap((id) => found.get(id) ?? []);
    },

    /** Published stories matching `query` that are not in the edition yet (at most 10). */
    async searchToAdd(e: MagazineEdition, query: string): Promise<ArticleSummary[]> {
      const q = query.trim();
      if (q === '' || !deps.searchPublished) return [];
      const inIt = new Set(e.storyIds);
      return (await deps.searchPublished(q, 30)).filter((s) => s.status === 'published' && !inIt.has(s.id)).slice(0, 10);
    },

    get: mustFind,

    /** Changes a draft: 409 once frozen, or when `version` is given and someone saved first. */
    async update(number: number, changes: DraftChanges, by: string, version?: number): Promise<MagazineEdition> {
      const e = await mustFind(number);
      if (e.status === 'frozen') throw new AppError('CONFLICT', 409, `Edition No. ${number} is frozen: it went to the printer.`);
      if (version !== undefined && version !== e.version)
        throw new AppError('CONFLICT', 409, `Edition No. ${number} changed since version ${version}: read it again.`);
      const storyIds = changes.storyIds ?? e.storyIds;
      if (changes.storyIds) {
        if (changes.storyIds.length > MAX_STORIES)
          throw new AppError('VALIDATION_FAILED', 400, `At most ${MAX_STORIES} stories.`, [
            { field: 'body.stories', message: `at most ${MAX_STORIES}` },
          ]);
        await checkStories(changes.storyIds);
      }
      const coverArticleId = changes.coverArticleId !== undefined ? changes.coverArticleId : e.coverArticleId;
      if (coverArticleId !== null && !storyIds.includes(coverArticleId)) {
        const field = changes.coverArticleId !== undefined ? 'body.cover_story' : 'body.stories';
        throw new AppError('VALIDATION_FAILED', 400, 'The cover story must be one of the edition’s stories.', [
          { field, message: 'the cover story is not among the stories' },
        ]);
      }
      if (changes.coverImageId) {
        if (!(await deps.findImages([changes.coverImageId])).has(changes.coverImageId))
          throw new AppError('VALIDATION_FAILED', 400, `No image ${changes.coverImageId}.`, [
            { field: 'body.cover_image', message: 'no such image' },
          ]);
      }
      if (changes.coverDate !== undefined && parseDay(changes.coverDate) === null)
        throw new AppError('VALIDATION_FAILED', 400, 'cover_date must be a date as YYYY-MM-DD.', [
          { field: 'body.cover_date', message: 'not a date' },
        ]);
      const ok = await db.transaction().execute(async (trx) => {
        const done = await updateDraft(trx, e.id, e.version, { ...changes, coverArticleId, at: clock(), by });
        if (done && changes.storyIds) await replaceStories(trx, e.id, changes.storyIds);
        return done;
      });
      if (!ok) throw new AppError('CONFLICT', 409, `Edition No. ${number} changed meanwhile: read it again.`);
      return mustFind(number);
    },

    /**
     * Sends a draft to the printer: its content as it is now is kept with it, so later web
     * corrections change the website only. 400 naming each story without a picture.
     */
    async freeze(number: number, by: string): Promise<MagazineEdition> {
      const e = await mustFind(number);
      if (e.status === 'frozen') return e;
      const content = await liveContent(e);
      const problems = printProblems(content);
      if (problems.length > 0) throw new AppError('VALIDATION_FAILED', 400, `Edition No. ${number} cannot go to the printer.`, problems);
      const ok = await freezeEdition(db, e.id, e.version, { content, at: clock(), by });
      if (!ok) throw new AppError('CONFLICT', 409, `Edition No. ${number} changed meanwhile: freeze it again.`);
      deps.changed?.();
      return mustFind(number);
    },

    /**
     * What the edition prints, with the problems that keep it from the printer: a frozen
     * edition's snapshot, a draft's stories as they are now.
     */
    async content(
      number: number,
    ): Promise<{ edition: MagazineEdition; content: EditionContent; problems: { field: string; message: string }[] }> {
      const edition = await mustFind(number);
      const content = edition.status === 'frozen' ? await findSnapshot(db, edition.id) : await liveContent(edition);
      if (!content) throw new Error(`frozen edition ${number} has no snapshot`);
      return { edition, content, problems: printProblems(content) };
    },
  };
}

export type MagazineService = ReturnType<typeof createMagazineService>;
