/**
 * The ranges shipped with the project: Google's published Googlebot list, as of its
 * `creationTime`. Read from `src/crawlers/ranges/` under the package root, which is where it is
 * both when running the TypeScript sources and the compiled `dist/` build (the build compiles
 * code only; the source tree ships beside it, as the stylesheets do). No Bing list is shipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import type { CrawlerName } from './crawler.js';
import { type CrawlerRanges, parseRangeFile } from './crawler-ranges.js';

export const SHIPPED_RANGE_FILES: Readonly<Record<CrawlerName, string | null>> = {
  googlebot: path.join(PACKAGE_ROOT, 'src/crawlers/ranges/googlebot.json'),
  bingbot: null,
};

/** The shipped list of a crawler, or null when none is shipped. Reads the file: call it once. */
export function readShippedRanges(crawler: CrawlerName): CrawlerRanges | null {
  const file = SHIPPED_RANGE_FILES[crawler];
  if (file === null) return null;
  const parsed = parseRangeFile(JSON.parse(fs.readFileSync(file, 'utf8')));
  // A broken shipped file is a broken build, not an operator's mistake: fail loudly.
  if (!parsed.ok) throw new Error(`${file}: ${parsed.problems.join('; ')}`);
  return parsed.ranges;
}
