/**
 * The bench's generated articles: rows ready for `insertArticleRows`. Bodies come from a pool of
 * templates rendered once with `renderBody`; each article renders only its own lead paragraph.
 */
import { createHash } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { AccessLevel, ArticleSummary, Block, ImageVariant } from '../src/articles/article.js';
import { countWords, slugify } from '../src/articles/article.js';
import { bodyText, renderBody } from '../src/articles/article-body.js';
import { insertArticleRows, type NewArticleRows } from '../src/articles/article-write-repository.js';
import { markdownToDoc } from '../src/articles/body-markdown.js';
import type { Db } from '../src/db/database.js';
import {
  between,
  bodyTemplate,
  COMMON_TAGS,
  dek,
  headline,
  heroCaption,
  leadParagraph,
  pick,
  pickSkewed,
  placeName,
  type Rng,
  SEARCH_WORD,
  TOPICS,
  updateNote,
} from './generated-text.js';

const TEMPLATES = 100;
/** One story every 20 minutes: 100,000 stories reach back almost four years. */
const INTERVAL_MS = 20 * 60_000;

interface Template {
  markdown: string;
  /** The rendered blocks as JSON array items, without the brackets. */
  blocksJson: string;
  /** The body document's top-level nodes as JSON array items, without the brackets. */
  docJson: string;
  text: string;
  words: number;
}

interface Ref {
  id: string;
  slug: string;
  name: string;
}

export interface ArticleFactoryDeps {
  rng: Rng;
  sections: Ref[];
  authors: Ref[];
  tags: Ref[];
  total: number;
  newest: Date;
}

export type SampleSummary = Pick<ArticleSummary, 'slug' | 'section' | 'publishedAt' | 'updatedAt'>;

export interface ArticleFactory {
  make(index: number): NewArticleRows;
  insert(db: Db, rows: NewArticleRows[]): Promise<void>;
  /**
   * The bench's two article pages, alike (a picture, tags, three related stories, the same body
   * template): the newest story, `free` (the unmetered article page), and the one before it,
   * `metered` (read with a meter cookie). Undefined until both are made.
   */
  sample(): { article: SampleSummary; metered: SampleSummary; searchWord: string } | undefined;
}

export function makeArticleFactory(deps: ArticleFactoryDeps): ArticleFactory {
  const { rng, sections, authors, tags, total, newest } = deps;
  const templates: Template[] = [];
  for (let i = 0; i < TEMPLATES; i++) {
    const markdown = bodyTemplate(rng, between(rng, 12, 18));
    const blocks = renderBody(markdown);
    const text = bodyText(blocks);
    const docJson = JSON.stringify(markdownToDoc(markdown).content).slice(1, -1);
    templates.push({ markdown, blocksJson: JSON.stringify(blocks).slice(1, -1), docJson, text, words: countWords(text) });
  }
  const tagBySlug = new Map(tags.map((t) => [t.slug, t]));
  const commonTags = COMMON_TAGS.map((n) => tagBySlug.get(slugify(n))).filter((t): t is Ref => t !== undefined);
  const recent: string[] = [];
  const samples: { free?: SampleSummary; metered?: SampleSummary } = {};
  let sampleTemplate: Template | undefined;
  /** The two newest stories are the samples, whatever the random draws: newest free, then metered. */
  const sampleAccess = (index: number): AccessLevel | undefined =>
    index === total - 1 ? 'free' : index === total - 2 ? 'metered' : undefined;

  function make(index: number): NewArticleRows {
    const id = uuidv7();
    const forced = sampleAccess(index);
    // The sample must be findable by the search word: the newest stories are about it.
    const topic = index >= total - 3 ? SEARCH_WORD : pick(rng, TOPICS);
    const place = placeName(rng);
    const section = pickSkewed(rng, sections);
    const title = headline(rng, topic, place);
    const slug = `${slugify(title).slice(0, 70).replace(/-+$/, '')}-${index.toString(36)}`;
    const published = rng() < 0.995 || index >= total - 3;
    const publishedAt = new Date(newest.getTime() - (total - 1 - index) * INTERVAL_MS + Math.floor(rng() * 60_000));

    const leadMd = leadParagraph(rng, topic, place);
    const leadBlocks: Block[] = renderBody(leadMd);
    const leadText = bodyText(leadBlocks);
    const drawnTemplate = pick(rng, templates);
    // Both samples share one body, so their pages differ only by what the meter adds.
    if (forced && !sampleTemplate) sampleTemplate = drawnTemplate;
    const template = forced && sampleTemplate ? sampleTemplate : drawnTemplate;

    const byline = [pickSkewed(rng, authors)];
    if (rng() < 0.2) {
      const second = pick(rng, authors);
      if (second.id !== byline[0]?.id) byline.push(second);
    }
    const topicTag = tagBySlug.get(topic);
    const articleTags = new Set<string>(topicTag ? [topicTag.id] : []);
    for (let n = between(rng, 0, 3); n > 0; n--) articleTags.add(pickSkewed(rng, commonTags).id);

    const hasHero = rng() < 0.45 || forced !== undefined;
    const heroId = hasHero ? uuidv7() : null;
    const hero = hasHero ? heroCaption(rng, topic, place) : { alt: '', caption: '', credit: '' };
    const hasRelated = rng() < 0.3;
    const relatedIds = forced ? recent.slice(-3) : hasRelated ? recent.slice(-between(rng, 1, 3)) : [];
    const updates =
      rng() < 0.06
        ? Array.from({ length: between(rng, 1, 2) }, (_, k) => ({
            id: uuidv7(),
            // An hour apart, but never in the future.
            notedAt: new Date(Math.min(publishedAt.getTime() + (k + 1) * 3_600_000, newest.getTime())),
            note: updateNote(rng),
          }))
        : [];
    const drawnAccess = rng() < 0.85 ? 'metered' : rng() < 0.67 ? 'free' : 'subscribers';
    const access = forced ?? drawnAccess;
    const stamp = published ? publishedAt : newest;

    if (published) {
      recent.push(id);
      if (recent.length > 50) recent.shift();
    }
    if (forced && published && hasHero && relatedIds.length > 0 && articleTags.size > 0) {
      samples[forced === 'free' ? 'free' : 'metered'] = { slug, section, publishedAt, updatedAt: stamp };
    }
    return {
      article: {
        id,
        slug,
        section_id: section.id,
        headline: title,
        dek: dek(rng, topic, place),
        body_markdown: `${leadMd}\n\n${template.markdown}`,
        body_blocks: `[${JSON.stringify(leadBlocks).slice(1, -1)},${template.blocksJson}]`,
        body_doc: `{"type":"doc","content":[${JSON.stringify(markdownToDoc(leadMd).content).slice(1, -1)},${template.docJson}]}`,
        body_text: `${leadText}\n\n${template.text}`,
        word_count: countWords(leadText) + template.words,
        status: published ? 'published' : 'draft',
        access,
        dateline: rng() < 0.6 ? place.toUpperCase() : '',
        hero_image_id: heroId,
        hero_alt: hero.alt,
        hero_caption: hero.caption,
        hero_credit: hero.credit,
        published_at: published ? publishedAt : null,
        revised_at: updates.length > 0 ? (updates[updates.length - 1]?.notedAt ?? null) : null,
        version: 1,
        created_at: stamp,
        updated_at: stamp,
      },
      authorIds: byline.map((a) => a.id),
      tagIds: [...articleTags],
      relatedIds,
      updates,
      ...(heroId ? { heroImage: fakeImage(heroId, stamp) } : {}),
    };
  }

  return {
    make,
    insert: insertArticleRows,
    sample: () =>
      samples.free && samples.metered ? { article: samples.free, metered: samples.metered, searchWord: SEARCH_WORD } : undefined,
  };
}

export function buildArticles(factory: ArticleFactory, from: number, count: number): NewArticleRows[] {
  return Array.from({ length: count }, (_, k) => factory.make(from + k));
}

const WIDTHS = [320, 640, 960, 1280, 1920];

/** An image record whose variant keys point at files that do not exist (the bench loads no /media). */
function fakeImage(id: string, at: Date) {
  const variants: ImageVariant[] = WIDTHS.flatMap((width) =>
    (['webp', 'jpeg'] as const).map((format) => ({
      width,
      height: Math.round((width * 2) / 3),
      format,
      key: `images/${id}/${width}.${format === 'jpeg' ? 'jpg' : 'webp'}`,
      bytes: width * 90,
    })),
  );
  return {
    id,
    sha256: createHash('sha256').update(id).digest('hex'),
    original_key: `images/${id}/original.jpg`,
    content_type: 'image/jpeg',
    width: 2400,
    height: 1600,
    bytes: 850_000,
    variants: JSON.stringify(variants),
    created_at: at,
  };
}
