/**
 * Request and response schemas of the newsletter's Admin API. Snake_case JSON like the rest of
 * the API; unknown fields are refused by name. A date's shape is checked here; whether it is a
 * real date (not 2026-02-30) the service checks, and both answer 400 naming it.
 */
import { Type } from 'typebox';
import { EDITION_STATUSES, MAX_EDITION_STORIES, MAX_INTRO_LENGTH, MAX_SUBJECT_LENGTH } from './edition.js';

const strict = { additionalProperties: false } as const;

export const EditionDate = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'a date in the paper’s time zone, YYYY-MM-DD',
});
const StoryId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'an article id' });

export const DateParams = Type.Object({ date: EditionDate }, strict);
export const DateStoryParams = Type.Object({ date: EditionDate, articleId: StoryId }, strict);

export const EditionListQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum([...EDITION_STATUSES])),
    before: Type.Optional(Type.String({ ...EditionDate, description: 'only editions of dates before this one (paging)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })),
  },
  strict,
);

export const AssembleBody = Type.Object({ date: EditionDate }, strict);

export const EditionUpdateBody = Type.Object(
  {
    subject: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_SUBJECT_LENGTH })),
    intro: Type.Optional(Type.String({ maxLength: MAX_INTRO_LENGTH, description: 'one line above the stories; empty: none' })),
    stories: Type.Optional(
      Type.Array(StoryId, {
        maxItems: MAX_EDITION_STORIES,
        uniqueItems: true,
        description: 'every story of the edition in its new order: reorders, adds and drops in one',
      }),
    ),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'the version you edited: a change made since is refused (409)' })),
  },
  { ...strict, minProperties: 1 },
);

export const AddStoryBody = Type.Object(
  {
    article_id: StoryId,
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_EDITION_STORIES, description: '0 is the top; absent: last' })),
  },
  strict,
);

export const ScheduleBody = Type.Object(
  {
    send_at: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'when to send (RFC 3339); absent: the date’s configured send time if still ahead, else at once',
      }),
    ),
  },
  strict,
);

export const TestSendBody = Type.Object(
  { to: Type.Array(Type.String({ maxLength: 254 }), { minItems: 1, maxItems: 5, description: 'addresses of active staff members' }) },
  strict,
);

export const PreviewQuery = Type.Object({ format: Type.Optional(Type.Enum(['html', 'text'], { default: 'html' })) }, strict);

const EditionStoryJson = Type.Object({
  id: Type.String(),
  headline: Type.String(),
  dek: Type.String(),
  status: Type.String(),
  access: Type.String(),
  section: Type.String(),
  published_at: Type.Union([Type.String(), Type.Null()]),
  url: Type.String(),
});

export const EditionJsonSchema = Type.Object({
  id: Type.String(),
  date: Type.String(),
  subject: Type.String(),
  intro: Type.String(),
  status: Type.String(),
  send_at: Type.Union([Type.String(), Type.Null()]),
  sent_at: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
  created_at: Type.String(),
  updated_at: Type.String(),
  updated_by: Type.String(),
  view_in_browser_url: Type.String(),
  stories: Type.Array(EditionStoryJson),
});

export const EditionListJson = Type.Object({ editions: Type.Array(EditionJsonSchema) });
export const TestSendJson = Type.Object({ sent: Type.Array(Type.String()) });

/** An edition's report (edition-report.ts), in the API's snake_case. */
export const EditionReportJson = Type.Object({
  date: Type.String(),
  status: Type.String(),
  recipients: Type.Integer({ description: 'Readers the edition was written to (its audience in the ledger)' }),
  accepted: Type.Integer({ description: 'Accepted by the receiving server' }),
  failed: Type.Integer({ description: 'Refused (5xx), or given up after 4xx replies' }),
  skipped: Type.Integer({ description: 'Left the audience before their turn (unsubscribed, closed, undeliverable)' }),
  pending: Type.Integer({ description: 'Not final yet' }),
  bounced: Type.Object({ hard: Type.Integer(), soft: Type.Integer() }),
  complaints: Type.Integer(),
  unsubscribes: Type.Integer({ description: 'Recipients who stopped the daily email after this edition, before the next' }),
  clicks: Type.Union([
    Type.Null(),
    Type.Object({
      total: Type.Integer({ description: 'Every counted click (link previews and prefetches are not counted)' }),
      unique: Type.Integer({ description: "Recipients' first clicks on a link, summed over the links" }),
      readers: Type.Integer({ description: 'Recipients who clicked at least one link' }),
      links: Type.Array(
        Type.Object({
          position: Type.Integer(),
          kind: Type.Union([Type.Literal('home'), Type.Literal('browser'), Type.Literal('story')]),
          label: Type.String({ description: "The story's headline as the email showed it; empty for the other kinds" }),
          url: Type.String(),
          clicks: Type.Integer(),
          unique: Type.Integer(),
        }),
      ),
    }),
  ]),
});
