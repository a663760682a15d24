/**
 * The lead-in: what a walled reader sees of a story's body. The first blocks of any
 * kind — paragraph, heading, list, quote, table, figure — up to the policy's number of blocks,
 * its number of characters of text, and its share of the story's text, whichever comes first.
 * So a story that opens with a long list or table stops before it rather than giving itself
 * away, and a short story never shows most of itself.
 *
 * A paragraph that does not fit whole may be cut (for a walled reader only): at the last sentence
 * end that fits, else the last word, with "…", as plain escaped text (its links and emphasis are
 * lost, which is the price of cutting without parsing HTML per request). That gives a
 * one-paragraph story a sensible lead-in: its opening sentence or so, within the share. Other
 * kinds of block are never cut: half a table or list misleads.
 *
 * An editor may mark where the lead-in ends (the body's paywall break, `breakAt`: how many
 * blocks stand before it). The lead-in then ends there at the latest; the policy's caps still
 * hold, so a break placed late gives away no more than the policy allows.
 *
 * Pure: blocks and limits in, blocks out.
 */
import type { Block } from '../articles/index.js';
import { escapeText } from '../articles/index.js';

export interface LeadInLimits {
  /** Blocks at most. */
  blocks: number;
  /** Characters of text at most. */
  chars: number;
  /** Per cent of the story's text at most. */
  share: number;
}

/** A cut paragraph shorter than this says too little to be worth showing. */
export const MIN_CUT_CHARS = 60;

export function leadInOf(
  blocks: readonly Block[],
  limits: LeadInLimits,
  opts: { cut: boolean; breakAt?: number | null | undefined },
): Block[] {
  const total = blocks.reduce((n, b) => n + b.text.length, 0);
  const budget = Math.min(limits.chars, Math.floor((total * limits.share) / 100));
  const most = opts.breakAt === null || opts.breakAt === undefined ? limits.blocks : Math.min(limits.blocks, Math.max(0, opts.breakAt));
  const out: Block[] = [];
  let used = 0;
  for (const b of blocks) {
    if (out.length >= most) break;
    if (used + b.text.length <= budget) {
      out.push(b);
      used += b.text.length;
      continue;
    }
    if (opts.cut && b.type === 'paragraph') {
      const cut = cutParagraph(b.text, budget - used);
      if (cut) out.push(cut);
    }
    break;
  }
  return out;
}

/** The start of a paragraph's text in at most `room` characters (the "…" included), or null. */
export function cutParagraph(text: string, room: number): Block | null {
  if (room < MIN_CUT_CHARS) return null;
  const window = text.slice(0, room);
  // The last sentence end inside the window ("." "?" "!" and closing quotes, then a space).
  let sentence = -1;
  for (const m of window.matchAll(/[.?!][”’"')]*\s/g)) sentence = m.index + m[0].trimEnd().length;
  let piece: string;
  if (sentence >= room * 0.4) piece = window.slice(0, sentence);
  else {
    const space = window.lastIndexOf(' ', room - 1);
    if (space < room * 0.4) return null;
    piece = `${window.slice(0, space).replace(/[\s,;:–—-]+$/, '')}…`;
  }
  return { type: 'paragraph', html: `<p>${escapeText(piece)}</p>`, text: piece };
}
