/**
 * The compiled process entry (`node dist/src/cli-main.js …`): what `npm start` runs after
 * `npm run build`. bin/masthead.js is the same without a build step, through tsx.
 */
import { runCli } from './cli.js';

const code = await runCli(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
