/**
 * "Never loses what it is given": before the editor takes over a body, the document it would
 * post back is compared with the one it was given. Every node, mark, text and attribute given
 * must come back as it was; the editor may only add an attribute the given document left out
 * (its default, e.g. `orderedList.start` = 1). If anything would be lost, the page keeps the
 * Markdown textarea instead of the editor.
 */

/** A ProseMirror JSON node or mark, as far as the comparison needs to know it. */
export interface JsonNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: JsonNode[];
  marks?: JsonNode[];
  text?: string;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The first difference that loses something of `given` in `got`, as a path and a reason; null if none. */
export function firstLoss(given: JsonNode, got: JsonNode, path = 'doc'): string | null {
  if (given.type !== got.type) return `${path}: ${given.type} became ${got.type}`;
  if ((given.text ?? null) !== (got.text ?? null)) return `${path}: the text changed`;
  for (const [name, value] of Object.entries(given.attrs ?? {})) {
    if (!got.attrs || !(name in got.attrs) || !sameValue(value, got.attrs[name])) return `${path}: attribute ${name} changed`;
  }
  const givenMarks = given.marks ?? [];
  const gotMarks = got.marks ?? [];
  if (givenMarks.length !== gotMarks.length) return `${path}: the marks changed`;
  for (const [i, mark] of givenMarks.entries()) {
    const other = gotMarks[i];
    if (!other) return `${path}: the marks changed`;
    const loss = firstLoss(mark, other, `${path} mark ${mark.type}`);
    if (loss) return loss;
  }
  const givenContent = given.content ?? [];
  const gotContent = got.content ?? [];
  if (givenContent.length !== gotContent.length) return `${path}: ${givenContent.length} children became ${gotContent.length}`;
  for (const [i, child] of givenContent.entries()) {
    const other = gotContent[i];
    if (!other) return `${path}: a child went missing`;
    const loss = firstLoss(child, other, `${path} > ${child.type}[${i}]`);
    if (loss) return loss;
  }
  return null;
}

/** Whether a value read from the page looks like a ProseMirror document at all. */
export function isJsonDoc(value: unknown): value is JsonNode {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'doc';
}
