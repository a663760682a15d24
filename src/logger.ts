/**
 * The process's logger: pino at the configured level, every line stamped with the pid (a web and
 * a worker process may write to the same place).
 */
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { pid: process.pid } });
}
