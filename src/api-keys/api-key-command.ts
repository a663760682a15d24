/**
 * `masthead api-key create|list|revoke`: manage API keys from the command line. Arguments are
 * checked before the database is opened; every mistake is a clear message and exit code 2.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Db } from '../db/database.js';
import { AppError } from '../http/app-error.js';
import {
  ADMIN_ROLES,
  type AdminRole,
  API_KEY_KINDS,
  type ApiKey,
  type ApiKeyKind,
  FULL_TEXT_SCOPE,
  isAdminRole,
  isApiKeyKind,
} from './api-key.js';
import { type ApiKeyService, createApiKeyService } from './api-key-service.js';

export const API_KEY_USAGE = `Usage:
  masthead api-key create --name N --role R [--kind admin|content-partner] [--full-text]
  masthead api-key list
  masthead api-key revoke <id>

Roles (admin keys): ${ADMIN_ROLES.join(', ')}. Content-partner keys take no role; --full-text lets a
content-partner key read whole articles through the Content API (otherwise it gets what the public gets).`;

export type ApiKeyCommand =
  | { action: 'create'; name: string; kind: ApiKeyKind; role: AdminRole | null; fullText: boolean }
  | { action: 'list' }
  | { action: 'revoke'; id: string }
  | { action: 'help' };

export interface ApiKeyCommandIo {
  keys: ApiKeyService;
  out(text: string): void;
  err(text: string): void;
  /** Recorded on new keys as who made them. */
  createdBy: string;
}

/** Parses the arguments after `api-key`; a string is the error to print. */
export function parseApiKeyArgs(args: readonly string[]): ApiKeyCommand | string {
  const [sub, ...rest] = args;
  try {
    if (sub === undefined) return 'api-key needs a command: create, list or revoke.';
    if (sub === 'help' || sub === '--help' || sub === '-h') return { action: 'help' };
    if (sub === 'list') {
      parseArgs({ args: rest, options: {}, strict: true, allowPositionals: false });
      return { action: 'list' };
    }
    if (sub === 'revoke') {
      const { positionals } = parseArgs({ args: rest, options: {}, strict: true, allowPositionals: true });
      if (positionals.length !== 1) return 'api-key revoke takes exactly one key id.';
      return { action: 'revoke', id: positionals[0] as string };
    }
    if (sub === 'create') {
      const { values } = parseArgs({
        args: rest,
        options: { name: { type: 'string' }, role: { type: 'string' }, kind: { type: 'string' }, 'full-text': { type: 'boolean' } },
        strict: true,
        allowPositionals: false,
      });
      const kind = values.kind ?? 'admin';
      if (!isApiKeyKind(kind)) return `--kind must be one of ${API_KEY_KINDS.join(', ')} (got "${kind}").`;
      const name = values.name?.trim() ?? '';
      if (name === '') return 'api-key create needs --name (what the key is for, e.g. --name "CMS bridge").';
      if (name.length > 100) return '--name must be at most 100 characters.';
      if (kind === 'content-partner') {
        if (values.role !== undefined) return 'content-partner keys take no --role.';
        return { action: 'create', name, kind, role: null, fullText: values['full-text'] === true };
      }
      if (values['full-text']) return '--full-text is for content-partner keys (admin keys read everything).';
      if (values.role === undefined) return `an admin key needs --role (one of ${ADMIN_ROLES.join(', ')}).`;
      if (!isAdminRole(values.role)) return `--role must be one of ${ADMIN_ROLES.join(', ')} (got "${values.role}").`;
      return { action: 'create', name, kind, role: values.role, fullText: false };
    }
    return `Unknown api-key command "${sub}".`;
  } catch (err) {
    // node:util parseArgs: unknown option, missing value, unexpected positional.
    return (err as Error).message;
  }
}

export async function executeApiKeyCommand(cmd: ApiKeyCommand, io: ApiKeyCommandIo): Promise<number> {
  switch (cmd.action) {
    case 'help':
      io.out(`${API_KEY_USAGE}\n`);
      return 0;
    case 'create': {
      const { key, secret } = await io.keys.createKey({
        name: cmd.name,
        kind: cmd.kind,
        role: cmd.role,
        scopes: cmd.fullText ? [FULL_TEXT_SCOPE] : [],
        createdBy: io.createdBy,
      });
      const what = key.kind === 'admin' ? `admin key (role ${key.role})` : `content-partner key${cmd.fullText ? ' with full text' : ''}`;
      io.out(`Created ${what} "${key.name}" with id ${key.id}.\n`);
      io.out('Its secret is shown this once and cannot be recovered; store it now:\n\n');
      io.out(`  ${secret}\n\n`);
      io.out('Send it as "Authorization: Bearer <secret>".\n');
      return 0;
    }
    case 'list': {
      const keys = await io.keys.list();
      if (keys.length === 0) {
        io.out('No API keys yet. Make one with: masthead api-key create --name N --role R\n');
        return 0;
      }
      io.out(formatKeyTable(keys));
      return 0;
    }
    case 'revoke': {
      try {
        const key = await io.keys.revoke(cmd.id);
        io.out(`Revoked key ${key.id} ("${key.name}"). Requests with it now get 401.\n`);
        return 0;
      } catch (err) {
        if (err instanceof AppError && err.statusCode === 404) {
          io.err(`${err.message} See "masthead api-key list".\n`);
          return 2;
        }
        throw err;
      }
    }
  }
}

/** Parses and runs; what the CLI and the tests call. */
export async function runApiKeyCommand(args: readonly string[], io: ApiKeyCommandIo): Promise<number> {
  const cmd = parseApiKeyArgs(args);
  if (typeof cmd === 'string') {
    io.err(`${cmd}\n\n${API_KEY_USAGE}\n`);
    return 2;
  }
  return executeApiKeyCommand(cmd, io);
}

/** The database a command works on, opened (and migrated) by the caller's process. */
export interface OpenedDatabase {
  db: Db;
  close(): Promise<void>;
}

/** The `api-key` entry of the CLI: opens the database (with `open`) only for valid arguments. */
export async function apiKeyCommand(args: string[], open: () => Promise<OpenedDatabase>): Promise<number> {
  const out = (t: string) => process.stdout.write(t);
  const err = (t: string) => process.stderr.write(t);
  const cmd = parseApiKeyArgs(args);
  if (typeof cmd === 'string') {
    err(`${cmd}\n\n${API_KEY_USAGE}\n`);
    return 2;
  }
  if (cmd.action === 'help') {
    out(`${API_KEY_USAGE}\n`);
    return 0;
  }
  const handle = await open();
  try {
    const keys = createApiKeyService({ db: handle.db, clock: () => new Date() });
    return await executeApiKeyCommand(cmd, { keys, out, err, createdBy: cliUser() });
  } finally {
    await handle.close();
  }
}

function cliUser(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return 'cli';
  }
}

const minute = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')}Z` : '-');

/** A plain-text table: id, name, kind, role, created, last used, revoked (times in UTC). */
export function formatKeyTable(keys: readonly ApiKey[]): string {
  const header = ['ID', 'NAME', 'KIND', 'ROLE', 'CREATED', 'LAST USED', 'REVOKED'];
  const rows = keys.map((k) => [k.id, k.name, k.kind, k.role ?? '-', minute(k.createdAt), minute(k.lastUsedAt), minute(k.revokedAt)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
