/**
 * Each request's logger (`request.log`), made only when the request logs something.
 *
 * Fastify gives every request a child of the server's logger bound to its request id. pino makes
 * a child by serializing its bindings to JSON there and then, and by default a request writes
 * nothing (src/http/request-log.ts: errors and slow requests only), so nearly every child was made
 * and thrown away. The logger handed to Fastify's `childLoggerFactory` here holds the parent, the
 * bindings and the options, and makes pino's child the first time a line is written (or a child,
 * or a level change, is asked for): the same child, the same lines, only later.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'pino';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

// Methods on the prototype, not arrow fields: a request must not pay for seven closures either.
class LazyRequestLogger {
  readonly #parent: FastifyBaseLogger;
  readonly #bindings: Bindings;
  readonly #options: ChildLoggerOptions;
  #child: FastifyBaseLogger | undefined;

  constructor(parent: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions) {
    this.#parent = parent;
    this.#bindings = bindings;
    this.#options = options;
  }

  /** pino's child, made on first use. */
  #made(): FastifyBaseLogger {
    this.#child ??= this.#parent.child(this.#bindings, this.#options);
    return this.#child;
  }

  #write(level: Level, args: unknown[]): void {
    (this.#made() as unknown as Record<Level, (...a: unknown[]) => void>)[level](...args);
  }

  get level(): string {
    return this.#child?.level ?? this.#options.level ?? this.#parent.level;
  }

  set level(level: string) {
    this.#made().level = level;
  }

  fatal(...args: unknown[]): void {
    this.#write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.#write('error', args);
  }
  warn(...args: unknown[]): void {
    this.#write('warn', args);
  }
  info(...args: unknown[]): void {
    this.#write('info', args);
  }
  debug(...args: unknown[]): void {
    this.#write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.#write('trace', args);
  }
  silent(...args: unknown[]): void {
    this.#write('silent', args);
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#made().child(bindings, options);
  }
}

/** For `Fastify({ childLoggerFactory })`: a request's logger, pino's child made on its first line. */
export function lazyChildLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  // The methods take pino's arguments as they are and hand them on unchanged.
  return new LazyRequestLogger(logger, bindings, options) as unknown as FastifyBaseLogger;
}
