/**
 * The demo paper, The Ellery Ledger: draws its pictures, imports `demo/` with the article
 * importer, and names the site. The demo's stories are dated around late November 2026; every
 * date is moved by one offset so the newest published one lands about an hour before now, so the
 * front page and the 48-hour news sitemap always look like a working paper's.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import type { FrontService } from '../fronts/index.js';
import {
  type ArticleFrontMatter,
  type ImportOptions,
  type ImportServices,
  type ImportSummary,
  importDirectory,
  parseArticleFile,
  parseYamlText,
  schemaProblems,
} from '../importer/index.js';
import { DEFAULT_PAYWALL_COPY, type MeterSettings, type PaywallCopy } from '../meter/index.js';
import { PACKAGE_ROOT } from '../package-root.js';
import type { PagesService } from '../pages/index.js';
import { type SiteSettings, writeSiteSettings } from '../settings/index.js';
import { seedDemoPlans } from '../subscriptions/index.js';
import { seedDemoFront } from './demo-front.js';
import { DEMO_PAGES } from './demo-pages.js';
import { drawPictures, type PictureSpec, SCENES } from './picture-generator.js';

export const DEMO_DIR = path.join(PACKAGE_ROOT, 'demo');

export const DEMO_SITE: SiteSettings = {
  name: 'The Ellery Ledger',
  tagline: 'Port Ellery and the Marrow Valley, every morning since 1887',
  description:
    'The Ellery Ledger is the daily paper of Port Ellery and the Marrow Valley: city hall and the harbour, ' +
    'the port economy, science and climate on the estuary, culture and sport. A demonstration paper: ' +
    'every name and story in it is invented.',
  language: 'en',
};

/** The demo paper's paywall: the default words, signed by its editor (demo/authors.yaml); `{opening}` fits the wall. */
export const DEMO_PAYWALL: PaywallCopy = {
  ...DEFAULT_PAYWALL_COPY,
  heading: 'Keep reading the Ledger',
  letter: [
    'Dear reader,',
    '',
    '{opening}',
    '',
    'Port Ellery has had a daily paper since 1887 because people here wanted someone at the harbour board and',
    'the council chamber who worked for them. That still costs money: a reporter in the gallery for a three-day',
    'planning inquiry, a photographer on the sea wall at six in the morning when the surge comes in, an editor',
    'who checks every figure in the budget story twice.',
    '',
    'Your subscription pays for that work, and for the stories nobody else in the valley will chase. It brings',
    'you the whole website, the morning email, and the weekly magazine through your letterbox.',
    '',
    'If we get something wrong, write to me. We will put it right in the open, with a dated note on the story.',
  ].join('\n'),
  openingFreeUsed: 'You have read your free stories from the Ledger this month, which tells me you keep coming back. Thank you.',
  signature: 'Samuel Okafor-Hale, Editor',
};

const HOUR = 3_600_000;
const FIVE_MINUTES = 300_000;

const PictureSpecsSchema = Type.Array(
  Type.Object(
    { file: Type.String({ minLength: 1 }), scene: Type.Enum([...SCENES]), seed: Type.Integer() },
    { additionalProperties: false },
  ),
);

export interface SeedDemoOptions {
  /** Import even when the database already has articles (the import updates them in place). */
  force?: boolean;
  /** Where `sections.yaml`, `authors.yaml`, `articles/` and `pictures-*.yaml` are; `demo/` by default. */
  demoDir?: string;
  onProgress?: ImportOptions['onProgress'];
}

/** What seeding uses: the importer's services, the data directory (for the drawn pictures), and the paywall's words. */
export interface SeedDemoDeps extends ImportServices {
  config: { dataDir: string };
  meterSettings: Pick<MeterSettings, 'saveCopy'>;
  fronts: Pick<FrontService, 'find' | 'add' | 'editorView' | 'edit'>;
  pages: Pick<PagesService, 'save'>;
}

export type SeedDemoResult = { seeded: false; reason: string } | ({ seeded: true } & ImportSummary);

export async function seedDemo(services: SeedDemoDeps, opts: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  if (!opts.force) {
    const { total } = await services.articles.list({ anyStatus: true, limit: 1, offset: 0 });
    if (total > 0) return { seeded: false, reason: 'the database already has articles' };
  }
  const demoDir = path.resolve(opts.demoDir ?? DEMO_DIR);
  const cacheDir = path.join(services.config.dataDir, 'demo-pictures');
  await drawPictures(await readPictureSpecs(demoDir), cacheDir);
  const stage = await stageImport(demoDir, cacheDir, path.join(services.config.dataDir, 'demo-import'));

  const now = services.clock();
  const offset = await dateOffset(path.join(demoDir, 'articles'), now);
  const summary = await importDirectory(services, stage, {
    savedBy: 'seed-demo',
    adjust: (fm) => shiftDates(fm, offset, now),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  await writeSiteSettings(services.db, DEMO_SITE, services.clock());
  await seedDemoPlans(services.db, services.clock);
  await services.meterSettings.saveCopy(DEMO_PAYWALL, services.clock());
  for (const page of DEMO_PAGES) await services.pages.save(page.slug, page, 'seed-demo');
  await seedDemoFront({ fronts: services.fronts, articleIdBySlug: async (slug) => (await services.articles.get(slug))?.id });
  services.events.changed();
  return { seeded: true, ...summary };
}

/** Every `pictures-*.yaml` of the demo folder, checked. */
export async function readPictureSpecs(demoDir: string): Promise<PictureSpec[]> {
  const names = (await fs.readdir(demoDir)).filter((n) => /^pictures(-.+)?\.ya?ml$/.test(n)).sort();
  const specs: PictureSpec[] = [];
  for (const name of names) {
    const data = parseYamlText(name, await fs.readFile(path.join(demoDir, name), 'utf8')) ?? [];
    const problems = schemaProblems(PictureSpecsSchema, data);
    if (problems.length > 0) throw new Error(`${name}: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    specs.push(...Value.Decode(PictureSpecsSchema, data));
  }
  return specs;
}

/**
 * A folder the importer can read as it is: the demo's YAML files and articles, with the drawn
 * pictures under `pictures/` (linked where the file system allows, else copied).
 */
async function stageImport(demoDir: string, cacheDir: string, stage: string): Promise<string> {
  await fs.rm(stage, { recursive: true, force: true });
  await fs.mkdir(stage, { recursive: true });
  for (const name of ['sections.yaml', 'authors.yaml']) {
    await fs.copyFile(path.join(demoDir, name), path.join(stage, name)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }
  await fs.cp(path.join(demoDir, 'articles'), path.join(stage, 'articles'), { recursive: true });
  try {
    await fs.symlink(cacheDir, path.join(stage, 'pictures'), 'junction');
  } catch {
    await fs.cp(cacheDir, path.join(stage, 'pictures'), { recursive: true });
  }
  return stage;
}

/**
 * How far to move every date: the latest moment of any published story (its publication, last
 * update or update note) becomes about an hour ago, so no published story is dated in the future.
 * Whole multiples of five minutes keep the demo's round times round.
 */
async function dateOffset(articlesDir: string, now: Date): Promise<number> {
  let latest = Number.NEGATIVE_INFINITY;
  for (const name of await fs.readdir(articlesDir)) {
    if (!name.endsWith('.md')) continue;
    let fm: ArticleFrontMatter;
    try {
      fm = parseArticleFile(name, await fs.readFile(path.join(articlesDir, name), 'utf8')).frontMatter;
    } catch {
      continue; // the import reports it
    }
    if (fm.status !== 'published') continue;
    for (const d of [fm.published_at, fm.updated_at, ...(fm.updates ?? []).map((u) => u.at)]) {
      if (d) latest = Math.max(latest, d.getTime());
    }
  }
  if (!Number.isFinite(latest)) return 0;
  return Math.floor((now.getTime() - HOUR - latest) / FIVE_MINUTES) * FIVE_MINUTES;
}

/** Moves a story's dates by `offset`; a scheduled story stays at least two hours in the future. */
export function shiftDates(fm: ArticleFrontMatter, offset: number, now: Date): ArticleFrontMatter {
  const move = (d: Date | undefined) => (d ? new Date(d.getTime() + offset) : undefined);
  let publishedAt = move(fm.published_at);
  if (fm.status === 'scheduled' && publishedAt && publishedAt.getTime() < now.getTime() + 2 * HOUR) {
    publishedAt = new Date(Math.ceil((now.getTime() + 2 * HOUR) / FIVE_MINUTES) * FIVE_MINUTES);
  }
  const shifted: ArticleFrontMatter = { ...fm };
  if (publishedAt) shifted.published_at = publishedAt;
  const updatedAt = move(fm.updated_at);
  if (updatedAt) shifted.updated_at = updatedAt;
  if (fm.updates) shifted.updates = fm.updates.map((u) => ({ ...u, at: new Date(u.at.getTime() + offset) }));
  return shifted;
}
