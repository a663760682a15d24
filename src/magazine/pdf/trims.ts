/**
 * The magazine's trims (the page's finished size) and the fixed parts of its layout, in
 * millimetres: what the stylesheet sets and what the picture check measures printed sizes by.
 */
export const TRIMS = {
  a4: { label: 'A4', widthMm: 210, heightMm: 297 },
  letter: { label: 'US Letter', widthMm: 215.9, heightMm: 279.4 },
} as const;
export type Trim = keyof typeof TRIMS;

export function isTrim(v: string | undefined): v is Trim {
  return v !== undefined && Object.hasOwn(TRIMS, v);
}

/** Margins inside the trim: top (running head above), outer sides, bottom (folio below). */
export const MARGIN_MM = { top: 20, side: 16, bottom: 20 } as const;

/** The width of the text block, where a story's picture is printed full width. */
export function textWidthMm(trim: Trim): number {
  return TRIMS[trim].widthMm - 2 * MARGIN_MM.side;
}

const MM_PER_INCH = 25.4;

/** The lowest resolution a picture may print at without a warning. */
export const MIN_PPI = 200;

/**
 * Pixels per inch of a picture of `px` printed into a box of `box` mm. `fill`: the picture covers
 * the box and is cropped (the cover); otherwise it is scaled to the box's width, its height following.
 */
export function printedPpi(px: { width: number; height: number }, box: { widthMm: number; heightMm: number }, fill: boolean): number {
  const across = px.width / (box.widthMm / MM_PER_INCH);
  if (!fill) return across;
  const down = px.height / (box.heightMm / MM_PER_INCH);
  return Math.min(across, down);
}
