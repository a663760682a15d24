/**
 * `masthead magazine new [--week-of YYYY-MM-DD]`, `masthead magazine list`,
 * `masthead magazine pdf --edition N [--trim a4|letter] [--bleed MM] [--cmyk] --out FILE` and
 * `masthead magazine mailing-list --edition N --out FILE.csv [--incomplete FILE.csv]`. Exit 0 when
 * done; 1 when the edition cannot be made (no such edition, a story without a picture, a draft's
 * mailing list, no folder to write in, the engine failed), with nothing written, or when an
 * address request could not be emailed (the lists are written; run again to retry); 2 for bad
 * arguments.
 */
import { parseArgs } from 'node:util';
import { createLocalContentEvents } from '../cache/content-events.js';
import type { Config } from '../config.js';
import { openAndMigrate } from '../db/open-and-migrate.js';
import { AppError } from '../http/app-error.js';
import { createLogger } from '../logger.js';
import { createServices, type Services } from '../services.js';
import { readSiteSettings } from '../settings/site-settings.js';
import { editionLabel, parseDay } from './magazine.js';
import { incompletePathFor } from './mailing-list.js';
import { isTrim, TRIMS, type Trim } from './pdf/trims.js';

export const MAGAZINE_USAGE = `Usage:
  masthead magazine new [--week-of YYYY-MM-DD]
      propose the edition of the week holding that date (default: this week in
      MASTHEAD_TIMEZONE) from the week's most-read and front-page stories; prints its number
  masthead magazine list
      every edition: number, Vol./No., week, status, stories
  masthead magazine pdf --edition N [--trim a4|letter] [--bleed MM] [--cmyk] --out FILE
      the print-ready PDF of edition N (default A4, 3 mm bleed); a frozen edition's is the
      same file every time. --cmyk: converted to CMYK (with an OutputIntent) through
      Ghostscript (apt-get install ghostscript), trim and bleed boxes kept
  masthead magazine mailing-list --edition N --out FILE.csv [--incomplete FILE.csv]
      the mail house's list of a frozen edition: every reader entitled to the printed
      magazine when it went to the printer, with a complete postal address, one row per
      copy, sorted by country and postcode; readers whose address will not do go to
      --incomplete (default: FILE-incomplete.csv) and are emailed once per edition to
      complete it`;

export type MagazineArgs =
  | { action: 'help' }
  | { action: 'new'; weekOf: string | undefined }
  | { action: 'list' }
  | { action: 'pdf'; edition: number; trim: Trim; bleedMm: number; out: string; cmyk?: boolean }
  | { action: 'mailing-list'; edition: number; out: string; incomplete: string };

/** The parsed command, or a string saying what is wrong with the arguments. */
export function parseMagazineArgs(args: readonly string[]): MagazineArgs | string {
  const [sub, ...rest] = args;
  if (sub === undefined) return 'magazine needs a command: new, list, pdf or mailing-list.';
  if (sub === 'help' || sub === '--help' || sub === '-h') return { action: 'help' };
  try {
    if (sub === 'new') {
      const { values } = parseArgs({ args: [...rest], options: { 'week-of': { type: 'string' } }, strict: true });
      const w = values['week-of'];
      if (w !== undefined && parseDay(w) === null) return `--week-of must be a date as YYYY-MM-DD (got "${w}").`;
      return { action: 'new', weekOf: w };
    }
    if (sub === 'list') {
      parseArgs({ args: [...rest], options: {}, strict: true });
      return { action: 'list' };
    }
    if (sub === 'pdf') {
      const { values } = parseArgs({
        args: [...rest],
        options: {
          edition: { type: 'string' },
          trim: { type: 'string', default: 'a4' },
          bleed: { type: 'string', default: '3' },
          out: { type: 'string' },
          cmyk: { type: 'boolean' },
        },
        strict: true,
      });
      if (values.edition === undefined) return 'pdf needs --edition N.';
      if (!/^[1-9]\d{0,6}$/.test(values.edition)) return `--edition must be an edition's number, e.g. 3 (got "${values.edition}").`;
      if (!isTrim(values.trim)) return `--trim must be one of ${Object.keys(TRIMS).join(', ')} (got "${values.trim}").`;
      if (!/^\d{1,2}(\.\d+)?$/.test(values.bleed) || Number(values.bleed) > 10)
        return `--bleed must be millimetres from 0 to 10 (got "${values.bleed}").`;
      if (values.out === undefined || values.out === '') return 'pdf needs --out FILE.';
      return {
        action: 'pdf',
        edition: Number(values.edition),
        trim: values.trim,
        bleedMm: Number(values.bleed),
        out: values.out,
        ...(values.cmyk === true && { cmyk: true }),
      };
    }
    if (sub === 'mailing-list') {
      const { values } = parseArgs({
        args: [...rest],
        options: { edition: { type: 'string' }, out: { type: 'string' }, incomplete: { type: 'string' } },
        strict: true,
      });
      if (values.edition === undefined) return 'mailing-list needs --edition N.';
      if (!/^[1-9]\d{0,6}$/.test(values.edition)) return `--edition must be an edition's number, e.g. 3 (got "${values.edition}").`;
      if (values.out === undefined || values.out === '') return 'mailing-list needs --out FILE.csv.';
      if (values.incomplete === '') return '--incomplete needs a file name.';
      const incomplete = values.incomplete ?? incompletePathFor(values.out);
      return { action: 'mailing-list', edition: Number(values.edition), out: values.out, incomplete };
    }
  } catch (err) {
    return (err as Error).message;
  }
  return `Unknown magazine command "${sub}".`;
}

export async function magazineCommand(args: string[], config: Config): Promise<number> {
  const parsed = parseMagazineArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`${parsed}\n\n${MAGAZINE_USAGE}\n`);
    return 2;
  }
  if (parsed.action === 'help') {
    process.stdout.write(`${MAGAZINE_USAGE}\n`);
    return 0;
  }
  const log = createLogger(config);
  const handle = await openAndMigrate(config, log);
  const services = createServices({ config, handle, clock: () => new Date(), log, events: createLocalContentEvents() });
  try {
    return await run(parsed, services);
  } catch (err) {
    if (err instanceof AppError) {
      process.stderr.write(`${err.message}\n${err.fields.map((f) => `  ${f.field}: ${f.message}\n`).join('')}`);
      return 1;
    }
    throw err;
  } finally {
    await services.close();
    await handle.close();
  }
}

async function run(parsed: Exclude<MagazineArgs, { action: 'help' }>, services: Services): Promise<number> {
  const m = services.magazine;
  if (parsed.action === 'new') {
    const made = await m.propose(parsed.weekOf, 'cli');
    const e = made.edition;
    if (!made.created) {
      process.stdout.write(
        `Edition ${e.number} (${editionLabel(e)}) already covers the week of ${e.weekOf}: ${e.status}, ${e.storyIds.length} stories.\n`,
      );
      return 0;
    }
    process.stdout.write(
      `Edition ${e.number} (${editionLabel(e)}), the week of ${e.weekOf}, cover date ${e.coverDate}: ${e.storyIds.length} stories proposed ` +
        `from the week's reads (${made.readsFrom} to ${made.readsTo}) and the home front.\n`,
    );
    if (made.withoutPicture.length > 0)
      process.stdout.write(`${made.withoutPicture.length} stories of the week were left out: they have no picture.\n`);
    process.stdout.write(`${e.number}\n`);
    return 0;
  }
  if (parsed.action === 'pdf') {
    const { runEditionPdf } = await import('./pdf/edition-pdf.js');
    return runEditionPdf(editionPdfDeps(services), parsed);
  }
  if (parsed.action === 'mailing-list') {
    const { runMailingList } = await import('./mailing-list-command.js');
    return runMailingList(services.mailingList, parsed);
  }
  const all = await m.list();
  if (all.length === 0) process.stdout.write('No editions yet: make one with `masthead magazine new`.\n');
  for (const e of all)
    process.stdout.write(
      `${e.number}\t${editionLabel(e)}\tweek of ${e.weekOf}\tcover ${e.coverDate}\t${e.status}\t${e.storyIds.length} stories\n`,
    );
  return 0;
}

/** What the PDF needs of the running paper: its codes are the signed /p/ URLs (print-code.ts). */
function editionPdfDeps(services: Services) {
  return {
    magazine: services.magazine,
    readFile: (key: string) => services.storage.get(key),
    siteName: async () => (await readSiteSettings(services.db)).name,
    codes: { story: services.printCodes.storyUrl, back: services.printCodes.backUrl },
  };
}
