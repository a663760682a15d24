/**
 * `pullQuote {attribution}` (contract B): a display quote of inline text, with the person quoted
 * typed into a labelled "Attribution" field inside the quote. Ctrl/Cmd+Alt+P turns the current
 * paragraph into a pull quote (and back); Tab in the quote moves to its attribution field, and
 * Enter or Escape there comes back to the end of the quote.
 */
import { mergeAttributes, Node } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    pullQuote: {
      /** Turns the current text block into a pull quote, or a pull quote back into a paragraph. */
      togglePullQuote: () => ReturnType;
    };
  }
}

export const PullQuote = Node.create({
  name: 'pullQuote',
  group: 'block',
  content: 'text*',
  marks: '_',
  defining: true,

  addAttributes() {
    return {
      attribution: {
        default: '',
        parseHTML: (element) => element.getAttribute('data-attribution') ?? '',
        renderHTML: (attributes) => ({ 'data-attribution': String(attributes.attribution ?? '') }),
      },
    };
  },

  parseHTML() {
    return [{ tag: 'div[data-pull-quote]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['div', mergeAttributes({ 'data-pull-quote': '' }, HTMLAttributes), 0];
  },

  addCommands() {
    return {
      togglePullQuote:
        () =>
        ({ commands }) =>
          commands.toggleNode(this.name, 'paragraph'),
    };
  },

  addKeyboardShortcuts() {
    return {
      'Mod-Alt-p': () => this.editor.commands.togglePullQuote(),
      Tab: () => {
        const { $from } = this.editor.state.selection;
        if ($from.parent.type.name !== this.name) return false;
        const dom = this.editor.view.nodeDOM($from.before());
        const input = dom instanceof HTMLElement ? dom.querySelector('input') : null;
        if (!input) return false;
        input.focus();
        return true;
      },
    };
  },

  addNodeView() {
    return ({ node, getPos, editor }) => {
      const dom = document.createElement('div');
      dom.setAttribute('data-pull-quote', '');
      dom.className = 'body-editor__pull-quote';
      const contentDOM = document.createElement('p');
      contentDOM.className = 'body-editor__pull-quote-text';
      const label = document.createElement('label');
      label.contentEditable = 'false';
      label.className = 'body-editor__attribution';
      label.append('Attribution ');
      const input = document.createElement('input');
      input.type = 'text';
      // The server keeps attributions up to 300 characters (src/articles' body document).
      input.maxLength = 300;
      input.value = String(node.attrs.attribution ?? '');
      input.readOnly = !editor.isEditable;
      label.append(input);
      dom.append(contentDOM, label);

      const backToQuote = () => {
        const pos = getPos();
        if (typeof pos !== 'number') return;
        const current = editor.state.doc.nodeAt(pos);
        const end = pos + 1 + (current?.content.size ?? 0);
        editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, end)));
        editor.view.focus();
      };
      input.addEventListener('input', () => {
        const pos = getPos();
        if (typeof pos !== 'number') return;
        editor.view.dispatch(editor.state.tr.setNodeAttribute(pos, 'attribution', input.value));
      });
      input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === 'Escape') {
          event.preventDefault();
          backToQuote();
        }
      });

      return {
        dom,
        contentDOM,
        update: (updated) => {
          if (updated.type.name !== 'pullQuote') return false;
          const value = String(updated.attrs.attribution ?? '');
          if (input.value !== value) input.value = value;
          return true;
        },
        stopEvent: (event) => event.target === input,
        ignoreMutation: (mutation) => mutation.type !== 'selection' && !contentDOM.contains(mutation.target),
      };
    };
  },
});
