/**
 * The database schema as Kysely sees it. Timestamps are `Date` on both dialects (the SQLite
 * driver edge converts), JSON columns arrive parsed on PostgreSQL and as text on SQLite: read
 * them through `parseJsonColumn`.
 */
import type { ColumnType, Generated, Kysely } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;
type NullableTimestamp = ColumnType<Date | null, Date | null | undefined, Date | null>;
/** Written as a JSON string; read as text (SQLite) or a parsed value (PostgreSQL). */
type Json = ColumnType<unknown, string, string>;

export interface SectionTable {
  id: string;
  slug: string;
  name: string;
  description: Generated<string>;
  position: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ImageTable {
  id: string;
  sha256: string;
  original_key: string;
  content_type: string;
  width: number;
  height: number;
  bytes: number;
  variants: Json;
  created_at: Timestamp;
}

export interface AuthorTable {
  id: string;
  slug: string;
  name: string;
  bio: Generated<string>;
  photo_image_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TagTable {
  id: string;
  slug: string;
  name: string;
  created_at: Timestamp;
}

export interface ArticleTable {
  id: string;
  slug: string;
  section_id: string;
  headline: string;
  dek: string;
  body_markdown: string;
  body_blocks: Json;
  body_text: string;
  word_count: number;
  status: string;
  access: string;
  dateline: string;
  hero_image_id: string | null;
  hero_alt: string;
  hero_caption: string;
  hero_credit: string;
  published_at: NullableTimestamp;
  revised_at: NullableTimestamp;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ArticleAuthorTable {
  article_id: string;
  author_id: string;
  position: number;
}

export interface ArticleTagTable {
  article_id: string;
  tag_id: string;
}

export interface ArticleRelatedTable {
  article_id: string;
  related_id: string;
  position: number;
}

export interface ArticleUpdateTable {
  id: string;
  article_id: string;
  noted_at: Timestamp;
  note: string;
}

export interface ArticleSlugHistoryTable {
  slug: string;
  article_id: string;
  created_at: Timestamp;
}

export interface ArticleRevisionTable {
  id: string;
  article_id: string;
  version: number;
  saved_by: string;
  saved_at: Timestamp;
  snapshot: Json;
}

export interface ApiKeyTable {
  id: string;
  kind: string;
  role: string | null;
  scopes: Json;
  name: string;
  secret_hash: string;
  created_by: string;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface SettingTable {
  key: string;
  value: Json;
  updated_at: Timestamp;
}

export interface JobTable {
  id: string;
  kind: string;
  dedupe_key: string | null;
  payload: Json;
  run_at: Timestamp;
  locked_until: NullableTimestamp;
  locked_by: string | null;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Timestamp;
}

export interface Database {
  sections: SectionTable;
  images: ImageTable;
  authors: AuthorTable;
  tags: TagTable;
  articles: ArticleTable;
  article_authors: ArticleAuthorTable;
  article_tags: ArticleTagTable;
  article_related: ArticleRelatedTable;
  article_updates: ArticleUpdateTable;
  article_slug_history: ArticleSlugHistoryTable;
  article_revisions: ArticleRevisionTable;
  api_keys: ApiKeyTable;
  settings: SettingTable;
  jobs: JobTable;
}

export type Db = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';

/** A database handle and what it is, for the few places (search, jobs) that differ by dialect. */
export interface DbHandle {
  db: Db;
  dialect: Dialect;
  close(): Promise<void>;
}

export function parseJsonColumn(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}
