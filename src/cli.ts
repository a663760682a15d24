/**
 * The `masthead` command: serve, migrate, seed-demo, import, api-key. Each command parses its
 * own arguments and returns an exit code.
 */
import { parseArgs } from 'node:util';
import { staffCommand } from './accounts/staff-command.js';
import { apiKeyCommand } from './api-keys/index.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { crawlersCommand } from './crawlers/crawler-command.js';
import { seedDemoCommand, seedDemoIfEmpty } from './demo/seed-demo-command.js';
import { importCommand } from './importer/import-command.js';
import { createLogger, openAndMigrate, serve } from './main.js';
import type { Services } from './services.js';

const USAGE = `Usage: masthead <command> [options]

Commands:
  serve [--seed-if-empty]        start the website (and the job runner)
  migrate                        apply pending database migrations
  seed-demo [--force]            fill the database with the demo paper
  import <dir>                   import Markdown articles with YAML front matter
  api-key create --name N --role R [--kind admin|content-partner]
  api-key list
  api-key revoke <id>
  staff create --email E --name N --role R [--password-stdin]
  crawlers load --crawler googlebot|bingbot --file F
  crawlers list

Configuration comes from environment variables: see README.md.`;

export type Command = (args: string[], config: Config) => Promise<number>;

const commands: Record<string, Command> = {
  'api-key': (args, config) => apiKeyCommand(args, () => openAndMigrate(config, createLogger(config))),
  staff: staffCommand,
  crawlers: crawlersCommand,
  async serve(args, config) {
    const { values } = parseArgs({ args, options: { 'seed-if-empty': { type: 'boolean' } }, strict: true });
    await serve(config, values['seed-if-empty'] ? { beforeListen: seedIfEmpty } : {});
    return -1; // keeps running
  },
  async migrate(_args, config) {
    const log = createLogger(config);
    const handle = await openAndMigrate(config, log);
    await handle.close();
    process.stdout.write('Database is up to date.\n');
    return 0;
  },
  import: importCommand,
  'seed-demo': seedDemoCommand,
};

async function seedIfEmpty(services: Services): Promise<void> {
  await seedDemoIfEmpty(services);
}

export async function runCli(argv: string[]): Promise<number | undefined> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n${USAGE}\n`);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 78;
    }
    throw err;
  }
  try {
    const code = await command(args, config);
    return code < 0 ? undefined : code;
  } catch (err) {
    const e = err as Error & { code?: string };
    if (
      e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ||
      e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ||
      e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
    ) {
      process.stderr.write(`${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`masthead ${name} failed: ${e.message}\n`);
    return 1;
  }
}
