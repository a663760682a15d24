// The publishing core: sections, authors, tags, images, articles and their satellites, API keys,
// settings, background jobs and the search index. Frozen in time: imports nothing from src/.
// Runs on SQLite and PostgreSQL (15+); the few dialect differences are spelled out inline.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  // Natural types per dialect: timestamptz/jsonb/boolean on PostgreSQL, ISO-8601 text /
  // JSON text / 0-1 integers on SQLite (the app converts at the driver edge).
  const ts = pg ? sql`timestamptz` : sql`text`;
  const json = pg ? sql`jsonb` : sql`text`;

  await db.schema
    .createTable('sections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('images')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('original_key', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('variants', json, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('authors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('photo_image_id', 'text', (c) => c.references('images.id').onDelete('set null'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('articles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('section_id', 'text', (c) => c.notNull().references('sections.id'))
    .addColumn('headline', 'text', (c) => c.notNull())
    .addColumn('dek', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_markdown', 'text', (c) => c.notNull())
    // The body rendered once on save into top-level blocks: [{type, html, text}].
    .addColumn('body_blocks', json, (c) => c.notNull())
    // Plain text of the body, for the search index.
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('word_count', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('access', 'text', (c) => c.notNull().defaultTo('metered'))
    .addColumn('dateline', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('hero_image_id', 'text', (c) => c.references('images.id').onDelete('set null'))
    .addColumn('hero_alt', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('hero_caption', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('hero_credit', 'text', (c) => c.notNull().defaultTo(''))
    // When it goes (or went) live; for scheduled stories, the time it will.
    .addColumn('published_at', ts)
    // Last substantive update, shown as "Updated …".
    .addColumn('revised_at', ts)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('articles_status_published_idx').on('articles').columns(['status', 'published_at']).execute();
  await db.schema.createIndex('articles_section_published_idx').on('articles').columns(['section_id', 'status', 'published_at']).execute();

  await db.schema
    .createTable('article_authors')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('authors.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_authors_pk', ['article_id', 'author_id'])
    .execute();
  await db.schema.createIndex('article_authors_author_idx').on('article_authors').column('author_id').execute();

  await db.schema
    .createTable('article_tags')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('tag_id', 'text', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('article_tags_tag_idx').on('article_tags').column('tag_id').execute();

  await db.schema
    .createTable('article_related')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('related_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_related_pk', ['article_id', 'related_id'])
    .execute();

  await db.schema
    .createTable('article_updates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('noted_at', ts, (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('article_updates_article_idx').on('article_updates').column('article_id').execute();

  // Slugs an article used to have: requests for them are redirected (301) to the current URL.
  await db.schema
    .createTable('article_slug_history')
    .addColumn('slug', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  // Every saved version of an article, whole, with who saved it.
  await db.schema
    .createTable('article_revisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('saved_by', 'text', (c) => c.notNull())
    .addColumn('saved_at', ts, (c) => c.notNull())
    .addColumn('snapshot', json, (c) => c.notNull())
    .addUniqueConstraint('article_revisions_version_uq', ['article_id', 'version'])
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('scopes', json, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_used_at', ts)
    .addColumn('revoked_at', ts)
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', json, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  // Background work, safe with several processes: a worker claims a due job by setting a lease.
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    // Enqueueing with a key that exists replaces the pending job instead of adding another.
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('payload', json, (c) => c.notNull())
    .addColumn('run_at', ts, (c) => c.notNull())
    .addColumn('locked_until', ts)
    .addColumn('locked_by', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_run_at_idx').on('jobs').column('run_at').execute();

  // Full-text search over headline, dek and body.
  if (pg) {
    await sql`
      alter table articles add column search_vector tsvector generated always as (
        setweight(to_tsvector('english', coalesce(headline, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(dek, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(body_text, '')), 'C')
      ) stored`.execute(db);
    await sql`create index articles_search_idx on articles using gin (search_vector)`.execute(db);
  } else {
    // An FTS5 table keyed by article id, kept in step with `articles` by triggers. (Not an
    // external-content table: that would key on rowid, which VACUUM may renumber here.)
    await sql`
      create virtual table articles_fts using fts5(
        article_id unindexed, headline, dek, body_text,
        tokenize='porter unicode61 remove_diacritics 2'
      )`.execute(db);
    await sql`
      create trigger articles_fts_ai after insert on articles begin
        insert into articles_fts(article_id, headline, dek, body_text) values (new.id, new.headline, new.dek, new.body_text);
      end`.execute(db);
    await sql`
      create trigger articles_fts_ad after delete on articles begin
        delete from articles_fts where article_id = old.id;
      end`.execute(db);
    await sql`
      create trigger articles_fts_au after update of headline, dek, body_text on articles begin
        delete from articles_fts where article_id = old.id;
        insert into articles_fts(article_id, headline, dek, body_text) values (new.id, new.headline, new.dek, new.body_text);
      end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) await sql`drop table if exists articles_fts`.execute(db);
  for (const t of [
    'jobs',
    'settings',
    'api_keys',
    'article_revisions',
    'article_slug_history',
    'article_updates',
    'article_related',
    'article_tags',
    'article_authors',
    'articles',
    'tags',
    'authors',
    'images',
    'sections',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
