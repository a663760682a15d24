/**
 * The `masthead` command: serve, migrate, seed-demo, import, api-key, staff, readers, crawlers, newsletter, orgs, magazine. Each
 * command parses its own arguments, builds only what it uses, and returns an exit code: `serve`
 * loads the web app and the job runner (src/main.ts) only when it runs.
 */
import { parseArgs } from 'node:util';
import { type Config, ConfigError, loadConfig } from './config.js';
import { openAndMigrate } from './db/open-and-migrate.js';
import { hasRows } from './db/table-repository.js';
import { createLogger } from './logger.js';
import type { Services } from './services.js';

const USAGE = `Usage: masthead <command> [options]

Commands:
  serve [--role web|worker|all] [--seed-if-empty]
                                 start the website and the job runner (all, the default),
                                 the website alone (web), or the job runner alone (worker)
  migrate                        apply pending database migrations
  seed-demo [--force]            fill the database with the demo paper
  import <dir>                   import Markdown articles with YAML front matter
  api-key create --name N --role R [--kind admin|content-partner]
  api-key list
  api-key revoke <id>
  staff create --email E --name N --role R [--password-stdin]
  readers import <file.csv> [--comp-plan SLUG] [--report FILE]
                                 import readers from a CSV list or Ghost's members export
  crawlers load --crawler googlebot|bingbot --file F
  crawlers list
  newsletter send [--date YYYY-MM-DD]
                                 send the daily email of that date (default today) to its readers
  newsletter bounces <file.eml|mbox|dir>
                                 read bounce and complaint reports saved from the bounce address
  orgs create --name N [--range CIDR]… [--domain D]… --seats N [--until YYYY-MM-DD]
              [--contact-name NAME] [--contact-email EMAIL]
  orgs list                      group licences: ranges, domains, seats used, term
  magazine new [--week-of YYYY-MM-DD]
                                 propose the weekly magazine's edition of that week; prints its number
  magazine list                  the magazine's editions
  magazine pdf --edition N --out FILE
                                 the print-ready PDF of an edition
  magazine mailing-list --edition N --out FILE.csv [--incomplete FILE.csv]
                                 the mail house's list of a frozen edition, and who must complete their address

Configuration comes from environment variables: see README.md.`;

export type Command = (args: string[], config: Config) => Promise<number>;

// Each command's module is loaded when it runs, so `masthead api-key list` loads the API keys'
// code and the database, never the web app, the job runner or the other features.
const commands: Record<string, Command> = {
  'api-key': async (args, config) =>
    (await import('./api-keys/api-key-command.js')).apiKeyCommand(args, () => openAndMigrate(config, createLogger(config))),
  staff: async (args, config) => (await import('./accounts/staff-command.js')).staffCommand(args, config),
  readers: async (args, config) => (await import('./reader-import/reader-import-command.js')).readersCommand(args, config),
  crawlers: async (args, config) => (await import('./crawlers/crawler-command.js')).crawlersCommand(args, config),
  newsletter: async (args, config) => (await import('./newsletter/newsletter-command.js')).newsletterCommand(args, config),
  orgs: async (args, config) => (await import('./subscriptions/organisation-command.js')).orgsCommand(args, config),
  magazine: async (args, config) => (await import('./magazine/magazine-command.js')).magazineCommand(args, config),
  async serve(args, config) {
    const { values } = parseArgs({
      args,
      options: { 'seed-if-empty': { type: 'boolean' }, role: { type: 'string', default: 'all' } },
      strict: true,
    });
    const { isRole, serve } = await import('./main.js');
    const role = values.role;
    if (!isRole(role)) {
      throw Object.assign(new Error(`--role must be web, worker or all (got "${role}")`), { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' });
    }
    await serve(config, { role, ...(values['seed-if-empty'] ? { beforeListen: seedIfEmpty } : {}) });
    return -1; // keeps running
  },
  async migrate(_args, config) {
    const log = createLogger(config);
    const handle = await openAndMigrate(config, log);
    await handle.close();
    process.stdout.write('Database is up to date.\n');
    return 0;
  },
  import: async (args, config) => (await import('./importer/import-command.js')).importCommand(args, config),
  'seed-demo': async (args, config) => (await import('./demo/seed-demo-command.js')).seedDemoCommand(args, config),
};

async function seedIfEmpty(services: Services): Promise<void> {
  // A seeded database (every start but the first) is told by one row, before the demo's modules
  // load: the demo's own check counts and sorts every article (seconds at 100,000).
  if (await hasRows(services.db, 'articles')) return;
  const { seedDemoIfEmpty } = await import('./demo/seed-demo-command.js');
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
