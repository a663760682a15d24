/**
 * `masthead orgs create|list`: sell a group licence from the command line, and see them all. The
 * arguments are parsed and checked before the database is opened; a bad argument is a message
 * naming it, exit code 2, and nothing written. A licence made here reaches running servers at
 * once on PostgreSQL (the change event's NOTIFY), and within 30 seconds on SQLite (the
 * entitlement service's cache).
 */
import { parseArgs } from 'node:util';
import { createLocalContentEvents, createPostgresContentEvents } from '../cache/content-events.js';
import type { Config } from '../config.js';
import { openAndMigrate } from '../db/open-and-migrate.js';
import { AppError } from '../http/app-error.js';
import { createLogger } from '../logger.js';
import type { Clock } from '../platform.js';
import { checkOrganisationInput, licenceInForce, type OrganisationInput, type OrganisationSummary } from './group-licence.js';
import { createOrganisationService, type OrganisationService } from './organisation-service.js';

export const ORGS_USAGE = `Usage:
  masthead orgs create --name N [--range CIDR]… [--domain D]… --seats N [--until YYYY-MM-DD]
                       [--contact-name NAME] [--contact-email EMAIL]
  masthead orgs list

A group licence grants web reading to everyone inside its address ranges (no seat needed) and
to readers with a verified address at one of its email domains, while seats last. --until is the
licence's last day in the paper's time zone (MASTHEAD_TIMEZONE); without it the licence has no end.`;

export type OrgsCommand = { action: 'create'; input: OrganisationInput } | { action: 'list' } | { action: 'help' };

/** Parses and checks the arguments after `orgs`; a string is the error to print. */
export function parseOrgsArgs(args: readonly string[]): OrgsCommand | string {
  const [sub, ...rest] = args;
  try {
    if (sub === undefined) return 'orgs needs a command: create or list.';
    if (sub === 'help' || sub === '--help' || sub === '-h') return { action: 'help' };
    if (sub === 'list') {
      parseArgs({ args: rest, options: {}, strict: true, allowPositionals: false });
      return { action: 'list' };
    }
    if (sub !== 'create') return `Unknown orgs command "${sub}".`;
    const { values } = parseArgs({
      args: rest,
      options: {
        name: { type: 'string' },
        range: { type: 'string', multiple: true },
        domain: { type: 'string', multiple: true },
        seats: { type: 'string' },
        until: { type: 'string' },
        'contact-name': { type: 'string' },
        'contact-email': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.name === undefined) return 'orgs create needs --name.';
    if (values.seats === undefined) return 'orgs create needs --seats (how many readers may hold a seat by email domain).';
    if (!/^\d+$/.test(values.seats)) return `--seats must be a whole number, at least 1 (got "${values.seats}").`;
    const checked = checkOrganisationInput({
      name: values.name,
      ipRanges: values.range ?? [],
      emailDomains: values.domain ?? [],
      seatLimit: Number(values.seats),
      validUntil: values.until ?? null,
      contactName: values['contact-name'] ?? '',
      contactEmail: values['contact-email'] ?? '',
      active: true,
    });
    if (!checked.ok) return checked.problems.map((p) => `${OPTION[p.field]}: ${p.message}`).join('\n');
    return { action: 'create', input: checked.value };
  } catch (err) {
    // node:util parseArgs: unknown option, missing value, unexpected positional.
    return (err as Error).message;
  }
}

const OPTION: Record<keyof OrganisationInput, string> = {
  name: '--name',
  ipRanges: '--range',
  emailDomains: '--domain',
  seatLimit: '--seats',
  validUntil: '--until',
  contactName: '--contact-name',
  contactEmail: '--contact-email',
  active: 'active',
};

function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/** The `orgs list` table: one line per organisation. */
export function orgsTable(orgs: readonly OrganisationSummary[], at: Date, timeZone: string): string {
  if (orgs.length === 0) return 'No group licences yet. Make one with `masthead orgs create`.\n';
  const rows = orgs.map((o) => [
    o.name,
    o.ipRanges.join(',') || '-',
    o.emailDomains.join(',') || '-',
    `${o.seatsUsed}/${o.seatLimit ?? 'no limit'}`,
    o.validUntil ?? '-',
    licenceInForce(o, at, timeZone) ? 'yes' : o.active ? 'no (ended)' : 'no',
  ]);
  return formatTable(['NAME', 'RANGES', 'DOMAINS', 'SEATS', 'UNTIL', 'ACTIVE'], rows);
}

export interface OrgsCommandIo {
  organisations: Pick<OrganisationService, 'create' | 'list'>;
  clock: Clock;
  timeZone: string;
  out(text: string): void;
  err(text: string): void;
}

/** Runs a parsed command. */
export async function executeOrgsCommand(cmd: Exclude<OrgsCommand, { action: 'help' }>, io: OrgsCommandIo): Promise<number> {
  if (cmd.action === 'list') {
    io.out(orgsTable(await io.organisations.list(), io.clock(), io.timeZone));
    return 0;
  }
  try {
    const o = await io.organisations.create(cmd.input);
    io.out(`Created the group licence "${o.name}" (${o.id}).\n`);
    return 0;
  } catch (err) {
    if (err instanceof AppError && err.statusCode < 500) {
      io.err(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

/** The `orgs` entry of the CLI: opens the configured database only for a valid command. */
export async function orgsCommand(args: string[], config: Config): Promise<number> {
  const out = (t: string) => process.stdout.write(t);
  const err = (t: string) => process.stderr.write(t);
  const cmd = parseOrgsArgs(args);
  if (typeof cmd === 'string') {
    err(`${cmd}\n\n${ORGS_USAGE}\n`);
    return 2;
  }
  if (cmd.action === 'help') {
    out(`${ORGS_USAGE}\n`);
    return 0;
  }
  const log = createLogger(config);
  const handle = await openAndMigrate(config, log);
  // On PostgreSQL the change is sent with NOTIFY: running servers forget their cached organisations.
  const events = config.databaseUrl ? await createPostgresContentEvents(config.databaseUrl, log) : createLocalContentEvents();
  try {
    const clock = () => new Date();
    const organisations = createOrganisationService({ db: handle.db, clock, changed: () => events.changed() });
    return await executeOrgsCommand(cmd, { organisations, clock, timeZone: config.timezone, out, err });
  } finally {
    await (events as { close?: () => Promise<void> }).close?.();
    await handle.close();
  }
}
