// Demo pictures are drawn, not downloaded: the demo paper has to work offline and
// ships no third-party photographs, so every picture is a flat illustration built
// from SVG shapes, chosen by a seeded PRNG and rendered to JPEG by sharp. The same
// spec always gives the same bytes. There is no text in the pictures because fonts
// differ from machine to machine.
//
// This file is the public entry; the drawing lives in ./pictures/ (svg-primitives, painter,
// landscape, and the scene drawers grouped by kind under scenes/).

import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { Painter } from './pictures/painter.js';
import { chart } from './pictures/scenes/chart.js';
import { skyline, street } from './pictures/scenes/city.js';
import { field, forest, river } from './pictures/scenes/countryside.js';
import { market, stadium } from './pictures/scenes/crowds.js';
import { councilChamber, stage } from './pictures/scenes/halls.js';
import { classroom, laboratory } from './pictures/scenes/learning.js';
import { portrait } from './pictures/scenes/portrait.js';
import { bridge, train } from './pictures/scenes/transport.js';
import { boats, harbour } from './pictures/scenes/waterside.js';
import { storm } from './pictures/scenes/weather.js';
import { hashString, mulberry32 } from './pictures/svg-primitives.js';

export const SCENES = [
  'harbour',
  'skyline',
  'street',
  'council-chamber',
  'chart',
  'field',
  'stadium',
  'forest',
  'river',
  'stage',
  'laboratory',
  'market',
  'portrait',
  'classroom',
  'train',
  'storm',
  'bridge',
  'boats',
] as const;
export type Scene = (typeof SCENES)[number];

export interface PictureSpec {
  file: string;
  scene: Scene;
  seed: number;
}

const DEFAULT_SIZE = { width: 1600, height: 900 } as const;
// libjpeg-turbo rather than mozjpeg: about 4x faster to encode (a fresh demo seed draws ~42
// pictures) for files about 18% larger; still byte-for-byte deterministic.
const JPEG_OPTIONS = { quality: 82, progressive: true } as const;

type Drawer = (p: Painter) => void;

const DRAWERS: Readonly<Record<Scene, Drawer>> = {
  harbour,
  skyline,
  street,
  'council-chamber': councilChamber,
  chart,
  field,
  stadium,
  forest,
  river,
  stage,
  laboratory,
  market,
  portrait,
  classroom,
  train,
  storm,
  bridge,
  boats,
};

// ---------------------------------------------------------------------------
// Public API

function isScene(value: string): value is Scene {
  return (SCENES as readonly string[]).includes(value);
}

function checkSize(width: number, height: number): void {
  for (const [name, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 8000) throw new RangeError(`picture ${name} must be an integer from 1 to 8000, got ${v}`);
  }
}

/** The SVG for one picture. Pure: the same spec and size always give the same string. */
export function svgForScene(spec: PictureSpec, width: number, height: number): string {
  if (!isScene(spec.scene)) throw new RangeError(`unknown scene "${String(spec.scene)}"`);
  checkSize(width, height);
  const seed = Number.isFinite(spec.seed) ? Math.trunc(spec.seed) % 0x100000000 : 0;
  const p = new Painter(mulberry32(hashString(`${spec.scene}:${seed}`)));
  DRAWERS[spec.scene](p);
  return p.toSvg(width, height);
}

/** Draws one picture as JPEG bytes, 1600x900 (16:9) by default. Deterministic for a given spec. */
export async function drawPicture(spec: PictureSpec, size: { width: number; height: number } = DEFAULT_SIZE): Promise<Buffer> {
  const svg = svgForScene(spec, size.width, size.height);
  // Loaded here: only seeding draws pictures, and sharp is slow to load.
  const { default: sharp } = await import('sharp');
  return sharp(Buffer.from(svg)).resize(size.width, size.height, { fit: 'cover' }).jpeg(JPEG_OPTIONS).toBuffer();
}

async function nonEmptyFileExists(file: string): Promise<boolean> {
  try {
    const s = await stat(file);
    return s.isFile() && s.size > 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** Draws every spec into outDir/<file> (creating outDir), skipping files that already exist with nonzero size. Returns the paths written. */
export async function drawPictures(specs: readonly PictureSpec[], outDir: string): Promise<string[]> {
  const root = resolve(outDir);
  await mkdir(root, { recursive: true });
  const written: string[] = [];
  for (const spec of specs) {
    const target = resolve(root, spec.file);
    const rel = relative(root, target);
    if (!spec.file || rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
      throw new RangeError(`picture file "${spec.file}" must be a relative path inside ${root}`);
    }
    if (await nonEmptyFileExists(target)) continue;
    await mkdir(dirname(target), { recursive: true });
    const bytes = await drawPicture(spec);
    // write then rename, so an interrupted run never leaves a truncated picture behind
    const temp = join(dirname(target), `.${process.pid}-${written.length}.tmp`);
    try {
      await writeFile(temp, bytes);
      await rename(temp, target);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    written.push(target);
  }
  return written;
}
