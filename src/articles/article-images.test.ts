import { describe, expect, it } from 'vitest';
import type { ImageRef } from './article.js';
import { focalClasses, pictureHtml } from './article-images.js';

const image: ImageRef = {
  id: 'pic',
  width: 1600,
  height: 900,
  contentType: 'image/jpeg',
  originalKey: 'images/pic/original.jpg',
  variants: [{ width: 960, height: 540, format: 'jpeg', key: 'images/pic/960.jpg', bytes: 1 }],
};

describe('the focal point', () => {
  it.each([
    [{ x: 0.5, y: 0.5 }, 'fx-5 fy-5'],
    [{ x: 0, y: 1 }, 'fx-0 fy-10'],
    [{ x: 0.26, y: 0.74 }, 'fx-3 fy-7'],
    [{ x: -1, y: 7 }, 'fx-0 fy-10'],
    [{ x: Number.NaN, y: 0.5 }, 'fx-5 fy-5'],
  ])('%o becomes %s', (focal, classes) => {
    expect(focalClasses(focal)).toBe(classes);
  });

  it('marks the picture when given, and only then', () => {
    expect(pictureHtml(image, 'Cranes', '100vw', 'eager', { x: 0.2, y: 0.8 })).toContain('<img class="fx-2 fy-8" src="/media/pic/960.jpg"');
    expect(pictureHtml(image, 'Cranes', '100vw', 'eager')).toContain('<img src="/media/pic/960.jpg"');
  });
});
