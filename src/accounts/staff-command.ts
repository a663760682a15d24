/**
 * `masthead staff create --email E --name N --role R [--password-stdin]`: makes a staff account
 * (the first owner, typically). It prompts for nothing: the password comes on standard input,
 * or the command prints a one-time link to choose one.
 */
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { openAndMigrate } from '../db/open-and-migrate.js';
import { AppError } from '../http/app-error.js';
import { createLogger } from '../logger.js';
import type { Clock } from '../platform.js';
import { isStaffRole, STAFF_ROLES, type StaffRole } from './staff.js';
import { createStaffMember } from './staff-service.js';

export const STAFF_USAGE = `Usage:
  masthead staff create --email E --name N --role R [--password-stdin]

Roles: ${STAFF_ROLES.join(', ')}. Without --password-stdin the command prints a one-time link
(valid 72 hours) where the new staff member chooses a password.`;

export type StaffCommand = { action: 'create'; email: string; name: string; role: StaffRole; passwordStdin: boolean } | { action: 'help' };

export interface StaffCommandIo {
  db: Db;
  clock: Clock;
  publicUrl: string;
  out(text: string): void;
  err(text: string): void;
  readStdin(): Promise<string>;
}

export function parseStaffArgs(args: readonly string[]): StaffCommand | string {
  const [sub, ...rest] = args;
  try {
    if (sub === undefined) return 'staff needs a command: create.';
    if (sub === 'help' || sub === '--help' || sub === '-h') return { action: 'help' };
    if (sub !== 'create') return `Unknown staff command "${sub}".`;
    const { values } = parseArgs({
      args: rest,
      options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    });
    if (!values.email) return 'staff create needs --email.';
    if (!values.name?.trim()) return 'staff create needs --name.';
    if (!values.role) return `staff create needs --role (one of ${STAFF_ROLES.join(', ')}).`;
    if (!isStaffRole(values.role)) return `--role must be one of ${STAFF_ROLES.join(', ')} (got "${values.role}").`;
    return {
      action: 'create',
      email: values.email,
      name: values.name,
      role: values.role,
      passwordStdin: values['password-stdin'] === true,
    };
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

export async function executeStaffCommand(cmd: StaffCommand, io: StaffCommandIo): Promise<number> {
  if (cmd.action === 'help') {
    io.out(`${STAFF_USAGE}\n`);
    return 0;
  }
  // One line, without its line end: `printf '%s' "$PW" | masthead staff create … --password-stdin`.
  const password = cmd.passwordStdin ? (await io.readStdin()).replace(/\r?\n$/, '') : undefined;
  try {
    const { staff, setPasswordUrl } = await createStaffMember(io, { email: cmd.email, name: cmd.name, role: cmd.role, password });
    io.out(`Created staff account ${staff.email} (${staff.name}, role ${staff.role}) with id ${staff.id}.\n`);
    if (setPasswordUrl) {
      io.out('Open this link to choose a password. It works once, for 72 hours:\n\n');
      io.out(`  ${setPasswordUrl}\n\n`);
    } else {
      io.out(`Sign in to the newsroom at ${io.publicUrl}/admin/sign-in with that address and the password given.\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof AppError && err.statusCode < 500) {
      io.err(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** The `staff` entry of the CLI: opens (and migrates) the database only for valid arguments. */
export async function staffCommand(args: string[], config: Config): Promise<number> {
  const out = (t: string) => process.stdout.write(t);
  const err = (t: string) => process.stderr.write(t);
  const cmd = parseStaffArgs(args);
  if (typeof cmd === 'string') {
    err(`${cmd}\n\n${STAFF_USAGE}\n`);
    return 2;
  }
  if (cmd.action === 'help') {
    out(`${STAFF_USAGE}\n`);
    return 0;
  }
  const handle = await openAndMigrate(config, createLogger(config));
  try {
    return await executeStaffCommand(cmd, {
      db: handle.db,
      clock: () => new Date(),
      publicUrl: config.publicUrl,
      out,
      err,
      readStdin: readAllStdin,
    });
  } finally {
    await handle.close();
  }
}
