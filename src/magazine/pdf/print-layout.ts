/**
 * Decisions about how an edition is laid out on paper, pure: where a long story jumps to the back
 * ("continued on page …"), which body blocks print, and the pictures printed below the resolution
 * a printer needs.
 */
import type { PrintImage, PrintStory } from '../magazine.js';
import { MIN_PPI, printedPpi, TRIMS, type Trim, textWidthMm } from './trims.js';

type Block = PrintStory['blocks'][number];

/**
 * A story whose body is longer than this many characters jumps: its opening pages carry the
 * first part, and the rest runs at the back of the edition with "continued from". About three
 * pages of two columns at the body's size; shorter stories run straight through.
 */
export const JUMP_AFTER_CHARS = 9_000;
/** The opening part of a story that jumps: about one page and a half after the picture. */
export const OPENING_CHARS = 4_500;

/**
 * Figures inside a body are left out of the printed page (the story's picture prints above it),
 * and so is anything that would make the engine fetch a file: the page is built from what the
 * edition holds, nothing from the network.
 */
export function printableBlocks(blocks: readonly Block[]): Block[] {
  return blocks
    .filter((b) => b.type !== 'figure')
    .map((b) =>
      /<(img|picture|source|iframe|video|audio)\b/i.test(b.html)
        ? { ...b, html: b.html.replace(/<(img|picture|source|iframe|video|audio)\b[^>]*>/gi, '') }
        : b,
    );
}

/** The story's body split where it jumps, or whole (`rest` empty) when it runs straight through. */
export function splitForJump(blocks: readonly Block[]): { opening: Block[]; rest: Block[] } {
  const total = blocks.reduce((n, b) => n + b.text.length, 0);
  if (total <= JUMP_AFTER_CHARS) return { opening: [...blocks], rest: [] };
  let chars = 0;
  let cut = 0;
  while (cut < blocks.length && chars < OPENING_CHARS) {
    chars += blocks[cut]?.text.length ?? 0;
    cut++;
  }
  // Never jump before a heading's text or leave a heading last on the opening pages.
  while (cut > 1 && blocks[cut - 1]?.type === 'heading') cut--;
  return { opening: blocks.slice(0, cut), rest: blocks.slice(cut) };
}

export interface PictureWarning {
  where: string;
  ppi: number;
}

/** Pictures that would print below MIN_PPI at their printed size: the cover (full bleed) and each story's. */
export function lowResolutionPictures(
  content: { cover: PrintImage | null; stories: readonly PrintStory[] },
  trim: Trim,
  bleedMm: number,
): PictureWarning[] {
  const out: PictureWarning[] = [];
  const t = TRIMS[trim];
  if (content.cover) {
    const ppi = printedPpi(content.cover, { widthMm: t.widthMm + 2 * bleedMm, heightMm: t.heightMm + 2 * bleedMm }, true);
    if (ppi < MIN_PPI) out.push({ where: 'the cover picture', ppi: Math.floor(ppi) });
  }
  const width = textWidthMm(trim);
  for (const s of content.stories) {
    if (!s.hero) continue;
    const ppi = printedPpi(s.hero, { widthMm: width, heightMm: 0 }, false);
    if (ppi < MIN_PPI) out.push({ where: `the picture of "${s.headline}"`, ppi: Math.floor(ppi) });
  }
  return out;
}
