/**
 * The compiled process entry: `npm run build` compiles it to dist/src/cli-main.js and bundles
 * that into dist/bundle/cli-main.js, what `npm start` runs. bin/masthead.js is the same without
 * a build step, through tsx.
 */
import { runCli } from './cli.js';

const code = await runCli(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
