/**
 * A CSV file as records with the line each starts on, streamed: csv-parse (RFC 4180 quoting,
 * a byte-order mark, CRLF or LF line ends), never more than one record in memory beyond the
 * stream's buffers. A file that is not CSV (a quote never closed, a record over
 * `MAX_RECORD_BYTES`) throws a `MalformedCsvError` naming the line.
 */
import fs from 'node:fs';
import { CsvError, parse } from 'csv-parse';

/** No reader's row is near this; a larger one is an unclosed quote swallowing the file. */
export const MAX_RECORD_BYTES = 64 * 1024;

export class MalformedCsvError extends Error {}

export interface CsvRecord {
  cells: string[];
  /** The line of the file the record starts on (1: the header). */
  line: number;
}

const BREAK = /\r\n|\r|\n/g;
const CRLF = /\r\n/g;
const count = (re: RegExp, cells: readonly string[]) => cells.reduce((n, c) => n + (c.match(re)?.length ?? 0), 0);

export async function* csvRecords(path: string): AsyncGenerator<CsvRecord> {
  // Opened first, so a file that is not there or not readable throws here, plainly.
  const handle = await fs.promises.open(path, 'r');
  const input = handle.createReadStream();
  const parser = input.pipe(
    parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_RECORD_BYTES }),
  );
  // pipe() forwards no error: a read that fails would leave the parser waiting.
  input.on('error', (err) => parser.destroy(err));
  // csv-parse's `info.lines` is the line a record ends on, but it counts a CRLF inside a quoted
  // field as two lines; take those back out, so every later record keeps its true line.
  let extra = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const cells = item.record;
      extra += count(CRLF, cells);
      const end = item.info.lines - extra;
      yield { cells, line: end - count(BREAK, cells) };
    }
  } catch (err) {
    if (err instanceof CsvError) throw new MalformedCsvError(`the file is not valid CSV: ${err.message}`);
    throw err;
  } finally {
    input.destroy();
  }
}
