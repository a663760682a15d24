/**
 * Moving a list of readers to the paper: `masthead readers import <file.csv>` reads a plain
 * list or Ghost's members export, streaming, and makes or updates confirmed readers (marked as
 * imported) with complimentary subscriptions where the list names a plan. It sends no email.
 * The CLI (src/cli.ts) loads `readersCommand` when the command runs.
 */
export { parseReadersArgs, READERS_USAGE, readersCommand } from './reader-import-command.js';
export { checkReaderFile, importReaders, ReaderImportError, type ReaderImportSummary } from './reader-import-service.js';
