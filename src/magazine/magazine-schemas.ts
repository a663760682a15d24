/**
 * Request and response schemas of the magazine's Admin API: snake_case JSON like the rest of the
 * API; unknown fields are refused by name.
 */
import { Type } from 'typebox';

const strict = { additionalProperties: false } as const;
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a date, YYYY-MM-DD' });
const Id = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });

export const NumberParams = Type.Object(
  { number: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'the edition’s running number' }) },
  strict,
);

export const ProposeBody = Type.Object(
  { week_of: Type.Optional({ ...Day, description: 'any date of the week (default: this week in the paper’s time zone)' }) },
  strict,
);

export const MAX_NOTE_LENGTH = 4000;

export const MagazineUpdateBody = Type.Object(
  {
    stories: Type.Optional(Type.Array(Id, { maxItems: 60, uniqueItems: true, description: 'every story in its new order' })),
    cover_story: Type.Optional(Type.Union([Id, Type.Null()], { description: 'one of the stories; null: none chosen (the first)' })),
    cover_image: Type.Optional(Type.Union([Id, Type.Null()], { description: 'an uploaded image; null: the cover story’s picture' })),
    editor_note: Type.Optional(Type.String({ maxLength: MAX_NOTE_LENGTH })),
    cover_date: Type.Optional(Day),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'the version you edited: a change made since is refused (409)' })),
  },
  { ...strict, minProperties: 1 },
);

export const MagazineEditionJson = Type.Object({
  number: Type.Integer(),
  volume: Type.Integer(),
  issue: Type.Integer(),
  label: Type.String({ description: 'as printed: Vol. 1, No. 3' }),
  week_of: Type.String(),
  cover_date: Type.String(),
  cover_story: Type.Union([Type.String(), Type.Null()]),
  cover_image: Type.Union([Type.String(), Type.Null()]),
  editor_note: Type.String(),
  status: Type.String(),
  frozen_at: Type.Union([Type.String(), Type.Null()]),
  stories: Type.Array(Type.String()),
  version: Type.Integer(),
  updated_at: Type.String(),
  updated_by: Type.String(),
});

export const MagazineListJson = Type.Object({ editions: Type.Array(MagazineEditionJson) });
