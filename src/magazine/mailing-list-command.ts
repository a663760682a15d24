/**
 * `masthead magazine mailing-list --edition N --out FILE.csv [--incomplete FILE.csv]`: the command's
 * side of the mailing list. Both files are written to scratch files beside their places and
 * renamed only when both are whole, so an error leaves neither half-written (nor an old one
 * replaced); the emails asking for addresses go only once both files are in place.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import cliProgress from 'cli-progress';
import { AppError } from '../http/app-error.js';
import { editionLabel } from './magazine.js';
import { cutOffText } from './mailing-list.js';
import type { MailingListKind } from './mailing-list-repository.js';
import type { MailingListService } from './mailing-list-service.js';

export interface MailingListRequest {
  edition: number;
  out: string;
  incomplete: string;
}

/** Refuses an output that cannot be written before anything is made: no folder, or a folder in its place. */
function checkOutput(file: string, flag: string): void {
  const full = path.resolve(file);
  const dir = path.dirname(full);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw new AppError('VALIDATION_FAILED', 400, `No folder ${dir} to write ${file} in.`, [{ field: flag, message: 'no such folder' }]);
  if (fs.existsSync(full) && fs.statSync(full).isDirectory())
    throw new AppError('VALIDATION_FAILED', 400, `${file} is a folder: give a file name.`, [{ field: flag, message: 'is a folder' }]);
}

function partialOf(file: string): string {
  const full = path.resolve(file);
  return path.join(path.dirname(full), `.${path.basename(full)}.${process.pid}.partial`);
}

export async function runMailingList(service: Pick<MailingListService, 'make'>, req: MailingListRequest): Promise<number> {
  checkOutput(req.out, 'out');
  checkOutput(req.incomplete, 'incomplete');
  if (path.resolve(req.out) === path.resolve(req.incomplete))
    throw new AppError('VALIDATION_FAILED', 400, '--out and --incomplete name the same file.', [
      { field: 'incomplete', message: 'the same file as --out' },
    ]);

  const tty = Boolean(process.stderr.isTTY);
  const bar = new cliProgress.SingleBar(
    { format: 'Edition {edition} mailing list [{bar}] {value} readers', hideCursor: true, clearOnComplete: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let barOn = false;
  const onProgress = (readers: number) => {
    if (!tty) return;
    // The audience's size is not counted first (that would walk it twice): the bar runs a page ahead.
    if (!barOn) {
      bar.start(readers + 500, readers, { edition: req.edition });
      barOn = true;
    } else {
      bar.setTotal(readers + 500);
      bar.update(readers);
    }
  };
  if (!tty) process.stderr.write(`Edition ${req.edition}: reading the entitlements and addresses…\n`);

  const run = await service.make(req.edition, onProgress).finally(() => {
    if (barOn) bar.stop();
    barOn = false;
  });
  const files: [string, MailingListKind][] = [
    [req.out, 'copy'],
    [req.incomplete, 'incomplete'],
  ];
  try {
    const partials = files.map(([file]) => partialOf(file));
    try {
      for (const [i, [, list]] of files.entries())
        await pipeline(Readable.from(run.lines(list), { objectMode: false }), fs.createWriteStream(partials[i] as string, { flags: 'wx' }));
      for (const [i, [file]] of files.entries()) fs.renameSync(partials[i] as string, path.resolve(file));
    } catch (err) {
      for (const p of partials) fs.rmSync(p, { force: true });
      throw err;
    }
    const { copies, incomplete, notEntitled } = run.counts;
    process.stdout.write(
      `Edition ${run.edition.number} (${editionLabel(run.edition)}), entitlements at its cut-off ${cutOffText(run.cutOff)}:\n` +
        `  ${copies} ${copies === 1 ? 'copy' : 'copies'} to mail: ${req.out}\n` +
        `  ${incomplete} ${incomplete === 1 ? 'reader' : 'readers'} with an incomplete address: ${req.incomplete}\n` +
        `  ${notEntitled} who once had the magazine and have none now (lapsed, ended, closed).\n`,
    );
    const asked = await run.requestAddresses();
    process.stdout.write(
      `  Emailed ${asked.sent} ${asked.sent === 1 ? 'reader' : 'readers'} to complete their address` +
        (asked.askedBefore > 0 ? ` (${asked.askedBefore} asked before for this edition, not again)` : '') +
        '.\n',
    );
    if (asked.failed > 0) {
      process.stderr.write(
        `${asked.failed} ${asked.failed === 1 ? 'email' : 'emails'} could not be sent: run the command again to retry (nobody is emailed twice).\n`,
      );
      return 1;
    }
    return 0;
  } finally {
    await run.close();
  }
}
