/**
 * Test support for the tests that print an edition through the real engine (edition-pdf.test.ts,
 * edition-cmyk.test.ts): an app with the week of stories published, its clock on the Monday after,
 * a scratch folder, and the deps `masthead magazine pdf` gives makeEditionPdf.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestApp, seedBasics, type TestApp } from '../../test-support/test-app.js';
import { publishWeek } from '../magazine-test-support.js';
import type { EditionPdfDeps, Progress } from './edition-pdf.js';

/** No progress bar in a test's output. */
export const QUIET: Progress = { start() {}, step() {}, stop() {} };

export interface PdfTestBed {
  t: TestApp;
  /** The published week's story ids, in WEEK_HEADS's order. */
  ids: string[];
  /** A scratch folder of the test's own, removed by close(). */
  dir: string;
  deps: EditionPdfDeps;
  close(): Promise<void>;
}

/**
 * An app on `dialect` with seedBasics and publishWeek, the clock at 2026-12-07 10:00 UTC, and a
 * scratch folder named after `prefix`. No edition is made: each test makes its own.
 */
export async function startPdfTestBed(dialect: 'sqlite' | 'postgres', prefix: string): Promise<PdfTestBed> {
  const t = await createTestApp(dialect);
  try {
    await seedBasics(t.services);
    const ids = await publishWeek(t);
    t.clock.set(new Date('2026-12-07T10:00:00Z'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    return {
      t,
      ids,
      dir,
      deps: {
        magazine: t.services.magazine,
        readFile: (key) => t.services.storage.get(key),
        siteName: async () => 'The Test Ledger',
        // The signed /p/ codes, as `masthead magazine pdf` prints them.
        codes: { story: t.services.printCodes.storyUrl, back: t.services.printCodes.backUrl },
      },
      async close() {
        await t.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await t.close();
    throw e;
  }
}
