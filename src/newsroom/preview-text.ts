/**
 * The previews' text rules, shared by the story page (server) and the desk island (browser):
 * the slug a headline makes and the clipped description. Pure, and free of imports: the
 * server's `slugify` (src/http/slug.ts) sits beside TypeBox schemas that would add ~20 KB gzip
 * to the island, so the browser has this copy of its rule; preview-text.test.ts holds them equal.
 */
export function previewSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
}

/** A description cut to `max` characters, an ellipsis marking the cut. */
export function clipText(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}…` : text;
}
