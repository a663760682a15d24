/**
 * Makes a fresh bench database and fills it with generated articles (never the demo paper).
 *
 *   node --import tsx bench/seed-bench-db.ts [--articles 1000] [--pg postgres://…/postgres] [--data-dir DIR]
 *
 * SQLite goes in a new temporary data directory (or --data-dir); with --pg, a new database named
 * `masthead_bench_…` is made on that server. Speed comes from rendering ~100 distinct bodies once
 * (renderBody) and giving each article its own rendered lead paragraph, and from inserting in
 * multi-row statements, 1,000 articles per transaction.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { uuidv7 } from 'uuidv7';
import { articlePath, slugify } from '../src/articles/article.js';
import { insertAuthor } from '../src/authors/author-repository.js';
import { openDatabase } from '../src/db/connect.js';
import type { Db } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { insertSection } from '../src/sections/section-repository.js';
import { writeSiteSettings } from '../src/settings/site-settings.js';
import { insertTag } from '../src/tags/tag-repository.js';
import { personName, seededRandom, tagNames } from './generated-text.js';
import { type ArticleFactory, buildArticles, makeArticleFactory } from './seed-articles.js';

export interface SeedOptions {
  articles: number;
  /** Where the SQLite file (and the server's secret key) go; a new temp directory if absent. */
  dataDir?: string | undefined;
  /** A PostgreSQL URL whose server gets a new database; absent: SQLite. */
  pgUrl?: string | undefined;
  seed?: number;
  log?: (line: string) => void;
}

export interface SeededDatabase {
  dataDir: string;
  /** Set on PostgreSQL: the new database's URL, for the server's DATABASE_URL. */
  databaseUrl: string | undefined;
  articles: number;
  /**
   * Two alike articles (hero, tags, related stories): `articlePath` is free (the unmetered article
   * page), `meteredPath` is metered; the free one's section, and a word that search finds.
   */
  sample: { articlePath: string; meteredPath: string; sectionPath: string; searchWord: string };
  seconds: number;
  /** Removes the data directory and, on PostgreSQL, drops the database. */
  destroy(): Promise<void>;
}

export const SECTIONS = [
  ['news', 'News', 'What happened today across the region.'],
  ['politics', 'Politics', 'Councils, parliament and the people who run them.'],
  ['business', 'Business', 'Companies, jobs and money.'],
  ['world', 'World', 'Reports from abroad.'],
  ['science', 'Science', 'Research, health and the environment.'],
  ['culture', 'Culture', 'Books, music, theatre and film.'],
  ['sport', 'Sport', 'Results, fixtures and the stories behind them.'],
  ['opinion', 'Opinion', 'Columns and letters.'],
] as const;

const AUTHORS = 40;
const BATCH = 1_000;

export async function seedBenchDatabase(opts: SeedOptions): Promise<SeededDatabase> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const started = Date.now();
  // A bench database is always new, and removed on failure: never seed into someone's data.
  if (opts.dataDir && fs.existsSync(opts.dataDir) && fs.readdirSync(opts.dataDir).length > 0) {
    throw new Error(`${opts.dataDir} is not empty: give a new directory`);
  }
  const pgDb = opts.pgUrl ? await createPostgresDatabase(opts.pgUrl) : undefined;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-bench-'));
  const destroy = async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await pgDb?.drop();
  };
  const handle = await openDatabase({ databaseUrl: pgDb?.url, dataDir }).catch(async (err: unknown) => {
    await destroy();
    throw err;
  });
  try {
    await migrateToLatest(handle.db);
    const rng = seededRandom(opts.seed ?? 20261125);
    const at = new Date();
    const people = await seedPeopleAndPlaces(handle.db, rng, at);
    const factory = makeArticleFactory({ rng, ...people, total: opts.articles, newest: new Date(at.getTime() - 60_000) });
    const where = pgDb ? pgDb.url.replace(/:[^:@/]*@/, ':***@') : path.join(dataDir, 'masthead.sqlite');
    log(`seeding ${opts.articles.toLocaleString('en')} articles into ${where}`);
    await insertAll(handle.db, factory, opts.articles, log);
    // Fresh statistics, as a database that has been running would have (and so that PostgreSQL's
    // autovacuum does not analyse the new tables in the middle of a measurement).
    await sql`analyze`.execute(handle.db);
    await handle.close();
    const sample = factory.sample();
    if (!sample) throw new Error('the sample articles (hero, tags, related) were not made: seed more articles');
    const seconds = (Date.now() - started) / 1000;
    log(`seeded ${opts.articles.toLocaleString('en')} articles in ${seconds.toFixed(1)} s`);
    return {
      dataDir,
      databaseUrl: pgDb?.url,
      articles: opts.articles,
      sample: {
        articlePath: articlePath(sample.article, 'UTC'),
        meteredPath: articlePath(sample.metered, 'UTC'),
        sectionPath: `/${sample.article.section.slug}`,
        searchWord: sample.searchWord,
      },
      seconds,
      destroy,
    };
  } catch (err) {
    await handle.close().catch(() => undefined);
    await destroy();
    throw err;
  }
}

async function seedPeopleAndPlaces(db: Db, rng: () => number, at: Date) {
  await writeSiteSettings(
    db,
    {
      name: 'The Bench Ledger',
      tagline: 'A generated paper for load tests',
      description: 'Generated text for benchmarks.',
      language: 'en',
    },
    at,
  );
  const sections = SECTIONS.map(([slug, name, description], position) => ({ id: uuidv7(), slug, name, description, position }));
  for (const s of sections) await insertSection(db, s, at);
  const authors: { id: string; slug: string; name: string }[] = [];
  const seen = new Set<string>();
  while (authors.length < AUTHORS) {
    const name = personName(rng);
    const slug = slugify(name);
    if (seen.has(slug)) continue;
    seen.add(slug);
    authors.push({ id: uuidv7(), slug, name });
  }
  for (const a of authors) await insertAuthor(db, { ...a, bio: `${a.name} reports for the paper.`, photoImageId: null }, at);
  const tags = tagNames().map((name) => ({ id: uuidv7(), slug: slugify(name), name }));
  for (const t of tags) await insertTag(db, t, at);
  return { sections, authors, tags };
}

async function insertAll(db: Db, factory: ArticleFactory, total: number, log: (line: string) => void): Promise<void> {
  const t0 = Date.now();
  let lastLog = 0;
  for (let done = 0; done < total; ) {
    const n = Math.min(BATCH, total - done);
    const rows = buildArticles(factory, done, n);
    await db.transaction().execute((tx) => factory.insert(tx, rows));
    done += n;
    const now = Date.now();
    if (now - lastLog > 5_000 || done === total) {
      lastLog = now;
      const rate = done / Math.max(0.001, (now - t0) / 1000);
      log(`  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} articles (${Math.round(rate).toLocaleString('en')}/s)`);
    }
  }
}

/** A new, empty database on the server of `adminUrl`. */
async function createPostgresDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `masthead_bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`create database ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      articles: { type: 'string', default: '1000' },
      pg: { type: 'string' },
      'data-dir': { type: 'string' },
      seed: { type: 'string' },
    },
    strict: true,
  });
  const articles = Number(values.articles);
  if (!Number.isInteger(articles) || articles < 10) throw new Error('--articles must be a whole number, at least 10');
  const seeded = await seedBenchDatabase({
    articles,
    pgUrl: values.pg,
    dataDir: values['data-dir'] ? path.resolve(values['data-dir']) : undefined,
    seed: values.seed ? Number(values.seed) : undefined,
  });
  process.stdout.write(
    `${JSON.stringify({ dataDir: seeded.dataDir, databaseUrl: seeded.databaseUrl, sample: seeded.sample, seconds: seeded.seconds }, null, 2)}\n` +
      `Serve it with: MASTHEAD_DATA_DIR=${seeded.dataDir}${seeded.databaseUrl ? ` DATABASE_URL=${seeded.databaseUrl}` : ''} node bin/masthead.js serve\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`seed-bench-db failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  });
}
