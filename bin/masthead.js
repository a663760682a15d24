#!/usr/bin/env node
// The `masthead` command. It runs the TypeScript sources through tsx's loader, so there is no
// build step between a checkout and a running paper.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli.ts');
const code = await runCli(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
