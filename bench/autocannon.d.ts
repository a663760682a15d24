/**
 * The part of autocannon 9's programmatic API the bench uses (the package ships no types).
 * Shapes from its README, "API" and "results".
 */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  export interface Options {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    pipelining?: number;
    /** Seconds to wait for a response. */
    timeout?: number;
    headers?: Record<string, string>;
    method?: string;
    title?: string;
    /** An untimed run first, with these settings (JIT, connections, caches warm up). */
    warmup?: { connections?: number; duration?: number };
  }

  /** An hdr-histogram summary: mean, spread and percentiles. */
  export interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p2_5: number;
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
  }

  export interface Result {
    url: string;
    connections: number;
    /** Seconds. */
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    resets: number;
    '2xx': number;
    statusCodeStats: Record<string, { count: number }>;
    /** Milliseconds. */
    latency: Histogram;
    /** Per-second samples; `total` is completed requests. */
    requests: Histogram & { sent: number };
    /** Bytes per second samples; `total` is every byte read, headers included. */
    throughput: Histogram;
  }

  export interface Instance extends EventEmitter, PromiseLike<Result> {
    stop(): void;
  }

  export default function autocannon(opts: Options): Instance;
}
