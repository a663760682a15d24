import { describe, expect, it } from 'vitest';
import { firstLoss, isJsonDoc, type JsonNode } from './doc-lossless.js';

const given: JsonNode = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Title' }] },
    { type: 'paragraph', content: [{ type: 'text', text: 'bold', marks: [{ type: 'bold' }] }] },
    { type: 'orderedList', content: [] },
  ],
};

describe('firstLoss', () => {
  it('finds nothing lost in an identical document, nor when only a default attribute was added', () => {
    expect(firstLoss(given, structuredClone(given))).toBeNull();
    const withDefault = structuredClone(given);
    const list = withDefault.content?.[2];
    if (list) list.attrs = { start: 1 };
    expect(firstLoss(given, withDefault)).toBeNull();
  });

  it('names a changed attribute, a dropped mark, a dropped node, changed text and a changed type', () => {
    const attr = structuredClone(given);
    const heading = attr.content?.[0];
    if (heading) heading.attrs = { level: 3 };
    expect(firstLoss(given, attr)).toBe('doc > heading[0]: attribute level changed');

    const mark = structuredClone(given);
    const bold = mark.content?.[1]?.content?.[0];
    if (bold) bold.marks = [];
    expect(firstLoss(given, mark)).toBe('doc > paragraph[1] > text[0]: the marks changed');

    const node = structuredClone(given);
    node.content?.pop();
    expect(firstLoss(given, node)).toBe('doc: 3 children became 2');

    const text = structuredClone(given);
    const title = text.content?.[0]?.content?.[0];
    if (title) title.text = 'Titl';
    expect(firstLoss(given, text)).toBe('doc > heading[0] > text[0]: the text changed');

    const type = structuredClone(given);
    const p = type.content?.[1];
    if (p) p.type = 'pullQuote';
    expect(firstLoss(given, type)).toBe('doc > paragraph[1]: paragraph became pullQuote');
  });

  it('recognises a document', () => {
    expect(isJsonDoc(given)).toBe(true);
    expect(isJsonDoc({ type: 'paragraph' })).toBe(false);
    expect(isJsonDoc(null)).toBe(false);
    expect(isJsonDoc('doc')).toBe(false);
  });
});
