import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { drawPicture, drawPictures, type PictureSpec, SCENES, svgForScene } from './picture-generator.js';

const SMALL = { width: 320, height: 180 } as const;

describe('svgForScene', () => {
  it('is pure, text-free and compact for every scene across many seeds', () => {
    for (const scene of SCENES) {
      for (let seed = 0; seed < 40; seed++) {
        const spec: PictureSpec = { file: 'x.jpg', scene, seed };
        const svg = svgForScene(spec, 1600, 900);
        expect(svgForScene(spec, 1600, 900)).toBe(svg);
        expect(svg).not.toMatch(/<text|<tspan|font-family/);
        expect(svg).not.toMatch(/NaN|Infinity|undefined/);
        expect(svg.length).toBeLessThan(30_000);
      }
    }
  });

  it('differs between seeds', () => {
    for (const scene of SCENES) {
      const a = svgForScene({ file: 'x.jpg', scene, seed: 1 }, 1600, 900);
      const b = svgForScene({ file: 'x.jpg', scene, seed: 2 }, 1600, 900);
      expect(a, scene).not.toBe(b);
    }
  });

  it('rejects unknown scenes and bad sizes', () => {
    expect(() => svgForScene({ file: 'x.jpg', scene: 'moon' as never, seed: 1 }, 100, 100)).toThrow(/unknown scene/);
    expect(() => svgForScene({ file: 'x.jpg', scene: 'chart', seed: 1 }, 0, 100)).toThrow(RangeError);
    expect(() => svgForScene({ file: 'x.jpg', scene: 'chart', seed: 1 }, 100.5, 100)).toThrow(RangeError);
  });
});

describe('drawPicture', () => {
  for (const scene of SCENES) {
    it(`renders ${scene} as a JPEG of the requested size`, async () => {
      const buf = await drawPicture({ file: `${scene}.jpg`, scene, seed: 7 }, SMALL);
      expect(buf.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
      const meta = await sharp(buf).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.width).toBe(SMALL.width);
      expect(meta.height).toBe(SMALL.height);
      // not a blank canvas: the picture has some tonal range
      const stats = await sharp(buf).stats();
      const spread = stats.channels.map((c) => c.max - c.min);
      expect(Math.max(...spread)).toBeGreaterThan(60);
    });
  }

  it('defaults to 1600x900 and honours other aspect ratios exactly', async () => {
    const full = await sharp(await drawPicture({ file: 'a.jpg', scene: 'harbour', seed: 3 })).metadata();
    expect([full.width, full.height]).toEqual([1600, 900]);
    const square = await sharp(await drawPicture({ file: 'a.jpg', scene: 'portrait', seed: 3 }, { width: 240, height: 240 })).metadata();
    expect([square.width, square.height]).toEqual([240, 240]);
  });

  it('is byte-for-byte deterministic for a seed and differs between seeds', async () => {
    const spec: PictureSpec = { file: 'a.jpg', scene: 'skyline', seed: 42 };
    const a = await drawPicture(spec, SMALL);
    const b = await drawPicture({ ...spec }, SMALL);
    const c = await drawPicture({ ...spec, seed: 43 }, SMALL);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  });
});

describe('drawPictures', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('creates the directory, writes each picture and skips files that already exist', async () => {
    const root = await mkdtemp(join(tmpdir(), 'masthead-pictures-'));
    dirs.push(root);
    const outDir = join(root, 'nested', 'pictures');
    const specs: PictureSpec[] = [
      { file: 'one.jpg', scene: 'chart', seed: 1 },
      { file: 'two.jpg', scene: 'portrait', seed: 2 },
    ];

    const first = await drawPictures(specs, outDir);
    expect(first).toEqual([join(outDir, 'one.jpg'), join(outDir, 'two.jpg')]);
    const meta = await sharp(join(outDir, 'one.jpg')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1600, 900]);

    expect(await drawPictures(specs, outDir)).toEqual([]);

    // a non-empty file is left alone; an empty one is redrawn
    await writeFile(join(outDir, 'one.jpg'), 'keep me');
    await writeFile(join(outDir, 'two.jpg'), '');
    const third = await drawPictures(specs, outDir);
    expect(third).toEqual([join(outDir, 'two.jpg')]);
    expect(await readFile(join(outDir, 'one.jpg'), 'utf8')).toBe('keep me');
    expect((await stat(join(outDir, 'two.jpg'))).size).toBeGreaterThan(0);
  });

  it('refuses file names that escape the output directory', async () => {
    const root = await mkdtemp(join(tmpdir(), 'masthead-pictures-'));
    dirs.push(root);
    await expect(drawPictures([{ file: '../escape.jpg', scene: 'chart', seed: 1 }], join(root, 'out'))).rejects.toThrow(RangeError);
  });
});
