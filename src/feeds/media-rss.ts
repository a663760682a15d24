/** The Media RSS `media:content` element for a story's picture, shared by the RSS and Atom feeds. */
import type { FeedImage } from './feed-presenter.js';
import { el, parentEl } from './xml.js';

export function mediaContent(img: FeedImage): string {
  return parentEl(
    'media:content',
    [...(img.alt ? [el('media:description', img.alt, { type: 'plain' })] : []), ...(img.credit ? [el('media:credit', img.credit)] : [])],
    {
      url: img.url,
      type: img.type,
      medium: 'image',
      width: img.width,
      height: img.height,
      fileSize: img.length > 0 ? img.length : undefined,
    },
  );
}
