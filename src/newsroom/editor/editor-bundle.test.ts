/**
 * The island's weight (issue 14: each admin page under 200 KB of JavaScript compressed). The story
 * page loads this island and the admin shell's htmx (stack.md: 13.7 KB gzipped), so the island
 * gets what is left: 200 − 14 = 186 KB after minifying and gzip.
 */
import { describe, expect, it } from 'vitest';
import { buildIsland } from './editor-test-support.js';

const PAGE_BUDGET = 200 * 1024;
const HTMX_GZIP = 14 * 1024;

describe('the editor island bundle', () => {
  it('fits the admin page budget beside htmx, and carries no eval', async () => {
    const bundle = await buildIsland();
    console.info(
      `editor island: ${(bundle.minifiedBytes / 1024).toFixed(1)} KB minified, ${(bundle.gzipBytes / 1024).toFixed(1)} KB gzipped`,
    );
    expect(bundle.gzipBytes).toBeGreaterThan(50 * 1024); // it really holds the editor
    expect(bundle.gzipBytes + HTMX_GZIP).toBeLessThan(PAGE_BUDGET);
    expect(bundle.code).not.toMatch(/\beval\(|new Function\(/);
  });
});
