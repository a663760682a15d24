/**
 * The magazine's part of the bench: an edition of generated stories, each with a picture at print
 * resolution, frozen, then `masthead magazine pdf` timed end to end as a user runs it (a child
 * process of bin/masthead.js: loading the command, reading the frozen edition, the QR codes, the
 * HTML, WeasyPrint, qpdf, the rename), a few times; the median against the target
 * ("a 48-page edition in under 20 s on this machine"). The PDF's page count comes from `pdfinfo`.
 *
 *   node --import tsx bench/magazine.ts [--stories 15] [--runs 3]
 *
 * `npm run bench` runs it after the dashboard (`--magazine off` skips it). It uses SQLite: the
 * database's share of the PDF's time is a few queries.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pino from 'pino';
import sharp from 'sharp';
import { uuidv7 } from 'uuidv7';
import { insertAuthor } from '../src/authors/author-repository.js';
import { createLocalContentEvents } from '../src/cache/content-events.js';
import { loadConfig } from '../src/config.js';
import { openAndMigrate } from '../src/db/open-and-migrate.js';
import { insertSection } from '../src/sections/section-repository.js';
import { createServices } from '../src/services.js';
import {
  between,
  bodyTemplate,
  dek,
  headline,
  heroCaption,
  leadParagraph,
  pick,
  placeName,
  seededRandom,
  TOPICS,
} from './generated-text.js';
import type { MagazineResult } from './report.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The week the edition covers (Monday) and the moment it goes to the printer (the Monday after). */
const WEEK_OF = '2026-11-30';
const FROZEN_AT = new Date('2026-12-07T08:00:00Z');
/** 6 × 4 inches at 400 ppi: more than a full-width picture on A4 needs at 300 ppi. */
const PICTURE = { width: 2400, height: 1600 };

export interface MagazineBenchOptions {
  /** Stories in the edition; the default (15) gives an edition of about 50 pages, the 48 and a little more. */
  stories?: number;
  /** Timed runs of the command; the median is the figure. */
  runs?: number;
  log?: (line: string) => void;
}

/** A photograph-like picture (noise over a gradient compresses as a photograph does, not as a flat colour). */
async function picture(i: number): Promise<Buffer> {
  const hue = (i * 47) % 360;
  const gradient = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${PICTURE.width}" height="${PICTURE.height}">` +
      `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},45%,35%)"/>` +
      `<stop offset="1" stop-color="hsl(${(hue + 60) % 360},55%,70%)"/></linearGradient></defs>` +
      `<rect width="100%" height="100%" fill="url(#g)"/></svg>`,
  );
  const noise = await sharp({
    create: {
      width: PICTURE.width,
      height: PICTURE.height,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .png()
    .toBuffer();
  return sharp(gradient)
    .composite([{ input: noise, blend: 'soft-light' }])
    .jpeg({ quality: 88 })
    .toBuffer();
}

/** Seeds a data directory with one frozen edition of `stories` generated stories; returns its number. */
export async function seedMagazineEdition(dataDir: string, stories: number, log: (l: string) => void): Promise<number> {
  const config = loadConfig({ NODE_ENV: 'test', MASTHEAD_DATA_DIR: dataDir, DATABASE_URL: '', MASTHEAD_TIMEZONE: 'UTC' });
  const quiet = pino({ level: 'silent' });
  const handle = await openAndMigrate(config, quiet);
  const services = createServices({ config, handle, clock: () => FROZEN_AT, log: quiet, events: createLocalContentEvents() });
  try {
    const at = new Date('2026-11-01T00:00:00Z');
    await insertSection(services.db, { id: uuidv7(), slug: 'news', name: 'News', description: 'Local news.', position: 0 }, at);
    await insertAuthor(services.db, { id: uuidv7(), slug: 'bench-writer', name: 'Bench Writer', bio: '', photoImageId: null }, at);
    services.events.changed();
    const rng = seededRandom(17);
    const ids: string[] = [];
    for (let i = 0; i < stories; i++) {
      const topic = pick(rng, TOPICS);
      const place = placeName(rng);
      const image = await services.media.ingestImage(await picture(i));
      // 1,000 to 1,900 words: two to four printed pages each, the longest jumping to the back.
      const words = between(rng, 1000, 1900);
      const body = `${leadParagraph(rng, topic, place)}\n\n${bodyTemplate(rng, Math.round(words / 70), words)}`;
      const a = await services.articles.create(
        {
          headline: headline(rng, topic, place),
          dek: dek(rng, topic, place),
          section: 'news',
          authors: ['bench-writer'],
          status: 'published',
          publishedAt: new Date(Date.parse(`${WEEK_OF}T06:00:00Z`) + (i % 7) * 86_400_000 + i * 60_000),
          body,
          hero: { imageId: image.id, ...heroCaption(rng, topic, place) },
        },
        'bench',
      );
      ids.push(a.id);
      if ((i + 1) % 6 === 0) log(`magazine: ${i + 1} of ${stories} stories seeded`);
    }
    const made = await services.magazine.propose(WEEK_OF, 'bench');
    await services.magazine.update(
      made.edition.number,
      { storyIds: ids, coverArticleId: ids[0] ?? null, editorNote: 'A week of generated stories for the bench.' },
      'bench',
    );
    return (await services.magazine.freeze(made.edition.number, 'bench')).number;
  } finally {
    await services.close();
    await handle.close();
  }
}

function pdfPages(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const m = /^Pages:\s+(\d+)/m.exec(info);
  if (!m) throw new Error(`pdfinfo gave no page count for ${file}`);
  return Number(m[1]);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

export async function benchMagazine(opts: MagazineBenchOptions = {}): Promise<MagazineResult> {
  const log = opts.log ?? (() => {});
  const stories = opts.stories ?? 15;
  const runs = opts.runs ?? 3;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-bench-magazine-'));
  try {
    const seedStart = performance.now();
    const edition = await seedMagazineEdition(dataDir, stories, log);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const out = path.join(dataDir, 'edition.pdf');
    const seconds: number[] = [];
    let pages = 0;
    for (let r = 0; r < runs; r++) {
      fs.rmSync(out, { force: true });
      const start = performance.now();
      const run = spawnSync(process.execPath, ['bin/masthead.js', 'magazine', 'pdf', '--edition', String(edition), '--out', out], {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          DATABASE_URL: '',
          MASTHEAD_DATA_DIR: dataDir,
          MASTHEAD_TIMEZONE: 'UTC',
        },
        encoding: 'utf8',
      });
      const took = (performance.now() - start) / 1000;
      if (run.status !== 0) throw new Error(`masthead magazine pdf exited ${run.status}: ${run.stderr}`);
      seconds.push(took);
      pages = pdfPages(out);
      log(`magazine pdf: ${pages} pages in ${took.toFixed(1)} s (run ${r + 1} of ${runs})`);
    }
    return { stories, pages, runs, seconds, medianSeconds: median(seconds), seedSeconds, pdfBytes: fs.statSync(out).size };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: { stories: { type: 'string', default: '15' }, runs: { type: 'string', default: '3' } },
    strict: true,
  });
  const log = (l: string) => process.stderr.write(`${l}\n`);
  benchMagazine({ stories: Number(values.stories), runs: Number(values.runs), log }).then(
    async (r) => {
      const { formatMagazine, magazineVerdicts, table } = await import('./report.js');
      const checks = magazineVerdicts(r);
      process.stdout.write(
        `${formatMagazine(r)}\n${table([['target', 'value', 'goal', 'result'], ...checks.map((c) => [c.target, c.value, c.goal, c.pass ? 'PASS' : 'FAIL'])])}\n`,
      );
      process.exit(0);
    },
    (err: unknown) => {
      log(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exit(1);
    },
  );
}
