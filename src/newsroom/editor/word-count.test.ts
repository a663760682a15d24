import { describe, expect, it } from 'vitest';
import { countWords } from './word-count.js';

describe('countWords', () => {
  it.each([
    ['', 0],
    ['   ', 0],
    ['Harbour dredging delayed', 3],
    ['The council — again — said no.', 5],
    ['e-mail isn’t two words; 2026 is one', 7],
    ['line\nbreak\ttab', 3],
    ['Ørsted kjøper Ærø', 3],
  ])('%j has %d words', (text, words) => {
    expect(countWords(text)).toBe(words);
  });
});
