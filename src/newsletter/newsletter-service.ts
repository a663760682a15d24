/**
 * The daily email's use-cases: assemble an edition for a date (from the home front, once per
 * date whoever asks and however often), list and read editions, the editor's changes (subject,
 * intro, stories: reorder, add, drop), schedule and hold, the preview, a test send to staff
 * addresses, and the public "view in browser" content. The sender (a later part of issue 15)
 * takes due editions with `due`, `beginSending`, `markSent` and `render`.
 */
import type { Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import type { ArticleSummary } from '../articles/index.js';
import type { Db } from '../db/database.js';
import { AppError, invalid, notFound } from '../http/app-error.js';
import type { MailTransport } from '../mail/index.js';
import type { Clock } from '../platform.js';
import {
  addStory,
  assembleStories,
  decideEdit,
  decideSchedule,
  defaultSubject,
  dropStory,
  type Edition,
  type EditionStatus,
  isLiveAt,
  isPublic,
  localInstant,
  MAX_EDITION_STORIES,
  type NewsletterSettings,
  parseEditionDate,
} from './edition.js';
import { type RecipientLinks, type RenderedEdition, renderEdition } from './edition-email-content.js';
import type { EditionEmailContent } from './edition-email-types.js';
import { dateLabel, editionEmailContent } from './edition-presenter.js';
import {
  addTestSend,
  findEditionByDate,
  insertEditionIfAbsent,
  listDueEditions,
  listEditions,
  listSendingEditions,
  moveStatus,
  updateEdition,
} from './edition-repository.js';

/** Test sends of one edition per clock hour, all staff together (a test goes to at most five addresses). */
export const TEST_SEND_LIMIT = { perHour: 10, maxRecipients: 5 } as const;

export interface NewsletterServiceDeps {
  db: Db;
  clock: Clock;
  log: Pick<Logger, 'info' | 'warn'>;
  timeZone: string;
  publicUrl: string;
  settings: NewsletterSettings;
  /** The home front as readers see it now, in front order (src/fronts composes it: placed, pinned, then newest). */
  homeFront(): Promise<ArticleSummary[]>;
  /** Summaries of these stories, any status. */
  stories(ids: readonly string[]): Promise<ArticleSummary[]>;
  siteName(): Promise<string>;
  mailer: Pick<MailTransport, 'send'>;
  /** Whether an address is an active staff member's (only they get test sends). */
  isStaffAddress(email: string): Promise<boolean>;
}

/** An edition with its stories' summaries, in the edition's order (any status). */
export interface EditionView {
  edition: Edition;
  stories: ArticleSummary[];
}

export interface EditionChanges {
  subject?: string | undefined;
  intro?: string | undefined;
  /** The whole story list in its new order: reorder, add and drop in one. */
  stories?: string[] | undefined;
}

const frozen = (reason: 'sending' | 'sent' | 'due') =>
  new AppError(
    'CONFLICT',
    409,
    reason === 'due'
      ? 'This edition’s send time has come: it can no longer change (hold it before its time to keep it back).'
      : `This edition is ${reason === 'sent' ? 'sent' : 'being sent'}: it can no longer change.`,
  );

export function createNewsletterService(deps: NewsletterServiceDeps) {
  const { db, clock, settings, timeZone: tz, publicUrl } = deps;

  function checkedDate(date: string): string {
    const d = parseEditionDate(date);
    if (!d) throw invalid([{ field: 'date', message: `"${date}" is not a date (YYYY-MM-DD, e.g. 2026-12-07)` }]);
    return d;
  }

  async function mustFind(date: string): Promise<Edition> {
    const e = await findEditionByDate(db, checkedDate(date));
    if (!e) throw new AppError('NOT_FOUND', 404, `No edition for ${date}: assemble one first (POST /api/v1/admin/editions).`);
    return e;
  }

  async function viewOf(edition: Edition): Promise<EditionView> {
    const found = new Map((await deps.stories(edition.storyIds)).map((s) => [s.id, s]));
    return { edition, stories: edition.storyIds.flatMap((id) => found.get(id) ?? []) };
  }

  /** The stories readers may open now, in the edition's order: what the email shows. */
  const liveOf = (view: EditionView, now: Date) => view.stories.filter((s) => isLiveAt(s, now));

  async function contentOf(view: EditionView, now: Date): Promise<EditionEmailContent> {
    return editionEmailContent(view.edition, liveOf(view, now), { siteName: await deps.siteName(), publicUrl, timeZone: tz });
  }

  const defaultSendAt = (date: string) => (settings.sendAt ? localInstant(date, settings.sendAt, tz) : null);

  /** Writes an editor's change to an edition that may still change; 409 when someone changed it first. */
  async function change(edition: Edition, next: Partial<Edition>, by: string): Promise<EditionView> {
    const now = clock();
    const updated: Edition = { ...edition, ...next, updatedAt: now, updatedBy: by };
    const ok = await db.transaction().execute((tx) => updateEdition(tx, updated, edition.version));
    if (!ok) throw new AppError('CONFLICT', 409, 'This edition changed while you were editing it: load it again.');
    return viewOf({ ...updated, version: edition.version + 1 });
  }

  /** New stories must be live now; stories already in may stay (the email leaves out what is no longer live). */
  async function checkStories(edition: Edition, ids: readonly string[], field: string, now: Date): Promise<ArticleSummary[]> {
    if (ids.length > MAX_EDITION_STORIES) throw invalid([{ field, message: `an edition holds at most ${MAX_EDITION_STORIES} stories` }]);
    if (new Set(ids).size !== ids.length) throw invalid([{ field, message: 'names a story twice' }]);
    const found = new Map((await deps.stories(ids)).map((s) => [s.id, s]));
    const problems = ids.flatMap((id) => {
      const s = found.get(id);
      if (!s) return [{ field, message: `no story "${id}"` }];
      if (!edition.storyIds.includes(id) && !isLiveAt(s, now))
        return [{ field, message: `"${s.headline}" (${id}) is not a published story` }];
      return [];
    });
    if (problems.length > 0) throw invalid(problems);
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  /** A scheduled edition must keep the minimum: a change that would leave it thin is refused. */
  function keepsMinimum(edition: Edition, stories: readonly ArticleSummary[], now: Date): void {
    const live = stories.filter((s) => isLiveAt(s, now)).length;
    if (edition.status === 'scheduled' && live < settings.minStories)
      throw new AppError(
        'CONFLICT',
        409,
        `A scheduled edition needs at least ${settings.minStories} published stories (this change leaves ${live}): hold it first, or add stories.`,
      );
  }

  async function edit(date: string, by: string, make: (e: Edition, now: Date) => Promise<Partial<Edition>>): Promise<EditionView> {
    const edition = await mustFind(date);
    const now = clock();
    const decision = decideEdit(edition, now);
    if (!decision.allow) throw frozen(decision.reason);
    return change(edition, await make(edition, now), by);
  }

  return {
    settings,
    timeZone: tz,

    /** Editions, newest date first. */
    async list(f: { status?: EditionStatus | undefined; before?: string | undefined; limit: number }): Promise<EditionView[]> {
      if (f.before !== undefined) checkedDate(f.before);
      const editions = await listEditions(db, f);
      const all = new Map((await deps.stories([...new Set(editions.flatMap((e) => e.storyIds))])).map((s) => [s.id, s]));
      return editions.map((edition) => ({ edition, stories: edition.storyIds.flatMap((id) => all.get(id) ?? []) }));
    },

    async get(date: string): Promise<EditionView> {
      return viewOf(await mustFind(date));
    },

    /** Stories an editor may add: the home front's live stories not in the edition yet, in front order. */
    async candidates(date: string, limit = 30): Promise<ArticleSummary[]> {
      const edition = await mustFind(date);
      const now = clock();
      return (await deps.homeFront()).filter((s) => isLiveAt(s, now) && !edition.storyIds.includes(s.id)).slice(0, limit);
    },

    /**
     * The edition of `date`, assembled from the home front now if it has none (`created`).
     * Two calls for one date, in any processes, make one edition: the date is unique and the
     * loser reads the winner's. An edition with enough stories is scheduled for the date's send
     * time when that is still ahead; a thin one (the paper has too few live stories) stays a draft.
     */
    async assemble(date: string, by: string): Promise<EditionView & { created: boolean }> {
      const d = checkedDate(date);
      const existing = await findEditionByDate(db, d);
      if (existing) return { ...(await viewOf(existing)), created: false };
      const now = clock();
      const front = await deps.homeFront();
      const picked = assembleStories(front, now, settings);
      const byId = new Map(front.map((s) => [s.id, s]));
      const sendAt = defaultSendAt(d);
      const schedule = !picked.thin && sendAt !== null && sendAt.getTime() > now.getTime();
      const edition: Edition = {
        id: uuidv7(),
        date: d,
        subject: defaultSubject(dateLabel(d), byId.get(picked.storyIds[0] ?? '')?.headline),
        intro: '',
        status: schedule ? 'scheduled' : 'draft',
        sendAt: schedule ? sendAt : null,
        sentAt: null,
        storyIds: picked.storyIds,
        version: 1,
        createdAt: now,
        updatedAt: now,
        updatedBy: by,
      };
      const created = await db.transaction().execute((tx) => insertEditionIfAbsent(tx, edition));
      if (!created) return { ...(await viewOf(await mustFind(d))), created: false };
      if (picked.thin)
        deps.log.warn(
          { date: d, stories: picked.storyIds.length, minimum: settings.minStories },
          'newsletter edition is thin: left as a draft',
        );
      else deps.log.info({ date: d, recent: picked.recent, filled: picked.filled, status: edition.status }, 'newsletter edition assembled');
      return { ...(await viewOf(edition)), created: true };
    },

    /** Subject, intro and the story list (reorder, add, drop in one); `ifVersion` refuses a stale change. */
    async update(date: string, changes: EditionChanges, by: string, ifVersion?: number): Promise<EditionView> {
      return edit(date, by, async (e, now) => {
        if (ifVersion !== undefined && ifVersion !== e.version)
          throw new AppError(
            'CONFLICT',
            409,
            `This edition is at version ${e.version}, not ${ifVersion}: someone changed it; load it again.`,
          );
        const next: Partial<Edition> = {};
        if (changes.subject !== undefined) next.subject = changes.subject.trim();
        if (changes.intro !== undefined) next.intro = changes.intro.trim();
        if (next.subject === '') throw invalid([{ field: 'body.subject', message: 'must not be empty' }]);
        if (changes.stories !== undefined) {
          const stories = await checkStories(e, changes.stories, 'body.stories', now);
          keepsMinimum(e, stories, now);
          next.storyIds = [...changes.stories];
        }
        return next;
      });
    },

    /** Adds a published story at `position` (0-based; absent: last). */
    async addStory(date: string, articleId: string, position: number | undefined, by: string): Promise<EditionView> {
      return edit(date, by, async (e, now) => {
        if (e.storyIds.includes(articleId)) return {};
        const ids = addStory(e.storyIds, articleId, position);
        await checkStories(e, ids, 'body.article_id', now);
        return { storyIds: ids };
      });
    },

    async dropStory(date: string, articleId: string, by: string): Promise<EditionView> {
      return edit(date, by, async (e, now) => {
        if (!e.storyIds.includes(articleId)) throw notFound(`story "${articleId}" in this edition`);
        const ids = dropStory(e.storyIds, articleId);
        keepsMinimum(e, await deps.stories(ids), now);
        return { storyIds: ids };
      });
    },

    /** Schedules the edition (at `sendAt`, else the date's send time if still ahead, else now). */
    async schedule(date: string, sendAt: Date | undefined, by: string): Promise<EditionView> {
      const edition = await mustFind(date);
      const now = clock();
      const live = liveOf(await viewOf(edition), now).length;
      const d = decideSchedule(edition, live, sendAt, defaultSendAt(edition.date), now, settings.minStories);
      if (!d.allow) {
        if (d.reason === 'too-few-stories')
          throw new AppError(
            'CONFLICT',
            409,
            `An edition needs at least ${settings.minStories} published stories to go out (this one has ${live}): add stories first.`,
          );
        if (d.reason === 'in-the-past') throw invalid([{ field: 'body.send_at', message: 'is in the past' }]);
        throw frozen(d.reason);
      }
      return change(edition, { status: 'scheduled', sendAt: d.sendAt }, by);
    },

    /** Holds a draft or a scheduled edition back: nothing sends it until it is scheduled again. */
    async hold(date: string, by: string): Promise<EditionView> {
      return edit(date, by, async () => ({ status: 'held', sendAt: null }));
    },

    /** The email as a reader would get it, with /account for both personal links. */
    async preview(date: string): Promise<{ subject: string; html: string; text: string }> {
      const view = await viewOf(await mustFind(date));
      const rendered = await renderEdition(await contentOf(view, clock()));
      return rendered.forRecipient(accountLinks(publicUrl));
    },

    /** Sends the edition, marked as a test, to staff addresses only, through the app's mail transport. */
    async sendTest(date: string, to: readonly string[], by: string): Promise<{ sent: string[] }> {
      const view = await viewOf(await mustFind(date));
      const addresses = [...new Set(to.map((a) => a.trim().toLowerCase()))];
      if (addresses.length === 0 || addresses.length > TEST_SEND_LIMIT.maxRecipients)
        throw invalid([{ field: 'body.to', message: `name 1 to ${TEST_SEND_LIMIT.maxRecipients} staff addresses` }]);
      const strangers: string[] = [];
      for (const a of addresses) if (!(await deps.isStaffAddress(a))) strangers.push(a);
      if (strangers.length > 0)
        throw invalid(strangers.map((a) => ({ field: 'body.to', message: `${a} is not the address of an active staff member` })));
      const now = clock();
      const windowKey = now.toISOString().slice(0, 13);
      if ((await addTestSend(db, view.edition.id, windowKey)) > TEST_SEND_LIMIT.perHour)
        throw new AppError(
          'TOO_MANY_REQUESTS',
          429,
          `At most ${TEST_SEND_LIMIT.perHour} test sends of one edition an hour: try again after ${windowKey.slice(11)}:59 UTC.`,
        );
      const rendered = await renderEdition(await contentOf(view, now));
      const message = rendered.forRecipient(accountLinks(publicUrl));
      for (const a of addresses)
        await deps.mailer.send({ to: a, subject: `[Test] ${message.subject}`, html: message.html, text: message.text });
      deps.log.info({ date: view.edition.date, to: addresses.length, by }, 'newsletter test sent');
      return { sent: addresses };
    },

    /**
     * The "view in browser" page's content: an edition that is sent, or due; else 404. Its
     * stories pass the fronts' gate: live ones only, headline and dek, never a body.
     */
    async publicEdition(date: string): Promise<{ edition: Edition; stories: ArticleSummary[] }> {
      const d = parseEditionDate(date);
      const now = clock();
      const edition = d ? await findEditionByDate(db, d) : undefined;
      if (!edition || !isPublic(edition, now)) throw notFound('edition');
      return { edition, stories: liveOf(await viewOf(edition), now) };
    },

    // For the sender.

    /** Scheduled editions whose send time has come. */
    due: () => listDueEditions(db, clock()),
    /** Scheduled → sending; true for the one caller that moved it. */
    beginSending: (id: string) => moveStatus(db, id, 'scheduled', 'sending', clock()),
    /** Editions being sent, whose senders may have stopped (the job runner resumes them). */
    sending: () => listSendingEditions(db),
    /**
     * The edition of `date`, made ready for the sender: a draft or a scheduled edition with
     * enough published stories moves to sending now (whatever its send time: an operator asked);
     * an edition being sent, or sent, is answered as it is; a held one is a 409.
     */
    async startSending(date: string): Promise<Edition> {
      const edition = await mustFind(date);
      if (edition.status === 'sending' || edition.status === 'sent') return edition;
      if (edition.status === 'held')
        throw new AppError('CONFLICT', 409, `The edition of ${edition.date} is held by an editor: schedule it before sending it.`);
      const now = clock();
      const live = liveOf(await viewOf(edition), now).length;
      if (live < settings.minStories)
        throw new AppError(
          'CONFLICT',
          409,
          `The edition of ${edition.date} has ${live} published stories, fewer than the ${settings.minStories} an edition needs: add stories first.`,
        );
      await moveStatus(db, edition.id, edition.status, 'sending', now, edition.sendAt ? {} : { sendAt: now });
      // Whoever moved it (this call, or another sender at the same moment), it is sending now.
      return mustFind(date);
    },
    /** Sending → sent. */
    markSent: (id: string) => {
      const now = clock();
      return moveStatus(db, id, 'sending', 'sent', now, { sentAt: now });
    },
    /** The edition's email, rendered once; the sender personalises it per recipient. */
    async render(date: string): Promise<RenderedEdition> {
      const view = await viewOf(await mustFind(date));
      return renderEdition(await contentOf(view, clock()));
    },
  };
}

/** The preview's and the test send's personal links: the reader's preferences page, for both. */
export function accountLinks(publicUrl: string): RecipientLinks {
  return { unsubscribeUrl: `${publicUrl}/account`, preferencesUrl: `${publicUrl}/account` };
}

export type NewsletterService = ReturnType<typeof createNewsletterService>;
