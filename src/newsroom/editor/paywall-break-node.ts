/**
 * `paywallBreak` (contract B): an atom at the top level of the body marking where the lead-in ends
 * for walled readers; there is at most one. Inserting it (button or Ctrl/Cmd+Alt+W) puts it after
 * the top-level block holding the cursor and removes any other; a paste or drop that brings a
 * second one keeps the newcomer and drops the old one.
 */
import { Node } from '@tiptap/core';
import type { Node as PmNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, TextSelection, type Transaction } from '@tiptap/pm/state';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    paywallBreak: {
      /** Puts the one paywall break after the current top-level block (moving it if there was one). */
      setPaywallBreak: () => ReturnType;
    };
  }
}

/** Top-level offsets of the paywall breaks in a document. */
export function paywallBreaksIn(doc: PmNode): number[] {
  const found: number[] = [];
  doc.forEach((child, offset) => {
    if (child.type.name === 'paywallBreak') found.push(offset);
  });
  return found;
}

export const PaywallBreak = Node.create({
  name: 'paywallBreak',
  // No group: the document's content expression names it, so it can only sit at the top level.
  atom: true,
  selectable: true,
  draggable: true,

  parseHTML() {
    return [{ tag: 'div[data-paywall-break]' }];
  },

  renderHTML() {
    return [
      'div',
      { 'data-paywall-break': '', class: 'body-editor__paywall-break' },
      ['span', {}, 'Paywall break: walled readers stop here'],
    ];
  },

  addCommands() {
    return {
      setPaywallBreak:
        () =>
        ({ state, tr, dispatch }) => {
          const type = state.schema.nodes[this.name];
          if (!type) return false;
          const { $from } = state.selection;
          const at = $from.depth === 0 ? state.selection.to : $from.after(1);
          if (!dispatch) return true;
          for (const offset of paywallBreaksIn(state.doc).reverse()) tr.delete(offset, offset + 1);
          const pos = tr.mapping.map(at);
          tr.insert(pos, type.create());
          const after = pos + 1;
          const next = tr.doc.nodeAt(after);
          if (!next) tr.insert(after, state.schema.nodes.paragraph?.create() ?? []);
          tr.setSelection(TextSelection.near(tr.doc.resolve(after + 1)));
          tr.scrollIntoView();
          return true;
        },
    };
  },

  addKeyboardShortcuts() {
    return { 'Mod-Alt-w': () => this.editor.commands.setPaywallBreak() };
  },

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('onePaywallBreak'),
        appendTransaction: (transactions: readonly Transaction[], oldState, newState) => {
          if (!transactions.some((t) => t.docChanged)) return null;
          const now = paywallBreaksIn(newState.doc);
          if (now.length < 2) return null;
          const before = new Set(
            paywallBreaksIn(oldState.doc).map((offset) => transactions.reduce((pos, t) => t.mapping.map(pos), offset)),
          );
          const keep = [...now].reverse().find((offset) => !before.has(offset)) ?? now[0];
          const tr = newState.tr;
          for (const offset of [...now].reverse()) if (offset !== keep) tr.delete(offset, offset + 1);
          return tr;
        },
      }),
    ];
  },
});
