/**
 * The admin's static files, served only under /admin/assets with a content hash in the name, so
 * a browser keeps each for a year (`immutable`) and a changed file has a new address:
 * - the islands (ADMIN_ISLANDS): each entry bundled by esbuild (minified ES module, Preact's
 *   JSX) from the sources the process runs, on the first admin request, and kept in memory with
 *   its gzip and brotli forms;
 * - htmx (the `htmx.org` package's minified build), for partial updates on admin pages;
 * - the admin stylesheet (src/admin/assets/admin.css).
 *
 * Nothing here loads before the first admin request: esbuild is imported when the islands are
 * first built, the files are read when first asked for. The bundles are a process-wide cache
 * (a bundle depends only on the source files, so every app in a process may share it), which
 * is what lets `adminIslandUrl` be a plain synchronous function a view can call.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { BuildOptions } from 'esbuild';
import { PACKAGE_ROOT } from '../package-root.js';
import { ADMIN_ISLANDS } from './admin-islands.js';

export interface AdminAsset {
  /** The file name under /admin/assets, with its hash. */
  file: string;
  url: string;
  contentType: string;
  body: Buffer;
  gzip: Buffer;
  br: Buffer;
  etag: string;
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const require = createRequire(import.meta.url);

export function makeAsset(base: string, ext: 'js' | 'css', body: Buffer): AdminAsset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const file = `${base}-${hash}.${ext}`;
  return {
    file,
    url: `/admin/assets/${file}`,
    contentType: ext === 'js' ? JS : CSS,
    body,
    gzip: gzipSync(body),
    br: brotliCompressSync(body),
    etag: `"${hash}"`,
  };
}

/** esbuild's options for one island: one self-contained, minified ES module for today's browsers. */
export function islandBuildOptions(entry: string): BuildOptions & { write: false } {
  return {
    entryPoints: [path.resolve(PACKAGE_ROOT, entry)],
    absWorkingDir: PACKAGE_ROOT,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    logLevel: 'silent',
    write: false,
  };
}

type Built = { ok: true; asset: AdminAsset } | { ok: false; error: Error };

/**
 * Bundles a set of islands (name → entry file relative to the repository root). `prepare`
 * builds them all, once, in parallel, without blocking the event loop; `url` answers at once
 * after that, and builds synchronously (esbuild's `buildSync`) for a page rendered before it.
 * An island whose build fails fails only the pages that use it (`url` throws its error).
 */
export function createIslandBundler(islands: Readonly<Record<string, string>>) {
  const built = new Map<string, Built>();
  let preparing: Promise<void> | undefined;

  const assetOf = (name: string, code: Uint8Array | undefined) => {
    if (!code) throw new Error(`esbuild produced no output for island "${name}"`);
    return makeAsset(name, 'js', Buffer.from(code));
  };

  function entryOf(name: string): string {
    const entry = islands[name];
    if (entry === undefined) throw new Error(`No admin island "${name}": add it to ADMIN_ISLANDS (src/admin/admin-islands.ts).`);
    return entry;
  }

  function buildSync(name: string): Built {
    const esbuild: typeof import('esbuild') = require('esbuild');
    try {
      return { ok: true, asset: assetOf(name, esbuild.buildSync(islandBuildOptions(entryOf(name))).outputFiles[0]?.contents) };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err : new Error(String(err)) };
    }
  }

  return {
    /** Builds every island not built yet (the first admin request waits for it; later ones do not). */
    prepare(): Promise<void> {
      preparing ??= (async () => {
        const esbuild = await import('esbuild');
        await Promise.all(
          Object.keys(islands).map(async (name) => {
            if (built.has(name)) return;
            try {
              const result = await esbuild.build(islandBuildOptions(entryOf(name)));
              built.set(name, { ok: true, asset: assetOf(name, result.outputFiles[0]?.contents) });
            } catch (err) {
              built.set(name, { ok: false, error: err instanceof Error ? err : new Error(String(err)) });
            }
          }),
        );
      })();
      return preparing;
    },
    /** The island's URL; throws for an unknown island or one whose build failed. */
    url(name: string): string {
      entryOf(name);
      let b = built.get(name);
      if (!b) {
        b = buildSync(name);
        built.set(name, b);
      }
      if (!b.ok) throw new Error(`Admin island "${name}" did not build: ${b.error.message}`);
      return b.asset.url;
    },
    /** The built island served under this file name, if any. */
    asset(file: string): AdminAsset | undefined {
      for (const b of built.values()) if (b.ok && b.asset.file === file) return b.asset;
      return undefined;
    },
  };
}

export type IslandBundler = ReturnType<typeof createIslandBundler>;

/** The registry's bundler, shared by the process (see the module's comment). */
export const islandBundler: IslandBundler = createIslandBundler(ADMIN_ISLANDS);

/** The URL of a registered island's bundle: `/admin/assets/<name>-<hash>.js`. */
export function adminIslandUrl(name: string): string {
  return islandBundler.url(name);
}

let stylesheet: AdminAsset | undefined;
let htmx: AdminAsset | undefined;

/** The admin stylesheet, read on first use. */
export function adminStylesheet(): AdminAsset {
  stylesheet ??= makeAsset('admin', 'css', fs.readFileSync(path.join(PACKAGE_ROOT, 'src/admin/assets/admin.css')));
  return stylesheet;
}

/** htmx's minified build from its npm package, read on first use. */
export function htmxAsset(): AdminAsset {
  htmx ??= makeAsset('htmx', 'js', fs.readFileSync(require.resolve('htmx.org/dist/htmx.min.js')));
  return htmx;
}

/** The static file under this name (with its hash), or undefined. */
export function findAdminAsset(file: string): AdminAsset | undefined {
  for (const a of [adminStylesheet(), htmxAsset()]) if (a.file === file) return a;
  return islandBundler.asset(file);
}
