/**
 * `figure {imageId, alt, caption, credit}` (contract B): an embedded picture from the media
 * library, an atom. The editor shows the picture (its address from the page's image URL template,
 * or the address the upload answered) with its caption and credit; Enter on a selected picture
 * opens the picture dialog to change its alt text, caption or credit.
 */
import { mergeAttributes, Node } from '@tiptap/core';
import { NodeSelection, Plugin, TextSelection } from '@tiptap/pm/state';

export interface FigureAttrs {
  imageId: string;
  alt: string;
  caption: string;
  credit: string;
}

export interface FigureOptions {
  /** The address to show a picture from in the editor. */
  imageSrc: (imageId: string) => string;
  /** Called with the picture's position when Enter is pressed on a selected picture. */
  onEdit: (pos: number, attrs: FigureAttrs) => void;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    figure: {
      /** Inserts a picture after the current block (or replaces the selected picture's details). */
      setFigure: (attrs: FigureAttrs) => ReturnType;
    };
  }
}

function dataAttr(name: string, attr: keyof FigureAttrs) {
  return {
    default: '',
    parseHTML: (element: HTMLElement) => element.getAttribute(name) ?? '',
    renderHTML: (attributes: Record<string, unknown>) => ({ [name]: String(attributes[attr] ?? '') }),
  };
}

/** Reads a figure node's attributes as the strings the contract promises. */
export function figureAttrsOf(attrs: Record<string, unknown>): FigureAttrs {
  return {
    imageId: String(attrs.imageId ?? ''),
    alt: String(attrs.alt ?? ''),
    caption: String(attrs.caption ?? ''),
    credit: String(attrs.credit ?? ''),
  };
}

export const Figure = Node.create<FigureOptions>({
  name: 'figure',
  group: 'block',
  atom: true,
  selectable: true,
  draggable: true,

  addOptions() {
    return { imageSrc: (imageId: string) => imageId, onEdit: () => {} };
  },

  addAttributes() {
    return {
      imageId: dataAttr('data-image-id', 'imageId'),
      alt: dataAttr('data-alt', 'alt'),
      caption: dataAttr('data-caption', 'caption'),
      credit: dataAttr('data-credit', 'credit'),
    };
  },

  parseHTML() {
    return [{ tag: 'figure[data-figure]' }];
  },

  renderHTML({ node, HTMLAttributes }) {
    const attrs = figureAttrsOf(node.attrs);
    const caption: (string | [string, Record<string, string>, string])[] = [attrs.caption];
    if (attrs.credit) caption.push(' ', ['span', { class: 'body-editor__credit' }, attrs.credit]);
    return [
      'figure',
      mergeAttributes({ 'data-figure': '', class: 'body-editor__figure' }, HTMLAttributes),
      ['img', { src: this.options.imageSrc(attrs.imageId), alt: attrs.alt }],
      ['figcaption', {}, ...caption],
    ];
  },

  addCommands() {
    return {
      setFigure:
        (attrs) =>
        ({ state, tr, dispatch }) => {
          const type = state.schema.nodes[this.name];
          if (!type) return false;
          const { selection } = state;
          if (selection instanceof NodeSelection && selection.node.type === type) {
            if (dispatch) tr.setNodeMarkup(selection.from, undefined, attrs);
            return true;
          }
          const { $from } = selection;
          // An empty paragraph the cursor sits in (a fresh line) is replaced by the picture.
          const emptyLine = $from.depth === 1 && $from.parent.type.name === 'paragraph' && $from.parent.content.size === 0;
          const at = emptyLine ? $from.before(1) : $from.depth === 0 ? selection.to : $from.after(1);
          if (dispatch) {
            if (emptyLine) tr.delete(at, at + $from.parent.nodeSize);
            tr.insert(at, type.create(attrs));
            tr.setSelection(NodeSelection.create(tr.doc, at));
            tr.scrollIntoView();
          }
          return true;
        },
    };
  },

  /**
   * Typing while a picture is selected (as it is just after it was inserted) writes after the
   * picture instead of replacing it: ProseMirror's default would delete the picture with the first
   * letter, and an editor who inserts a picture and goes on typing loses it without noticing.
   * Backspace and Delete still remove a selected picture on purpose.
   */
  addProseMirrorPlugins() {
    const name = this.name;
    return [
      new Plugin({
        props: {
          handleTextInput(view, _from, _to, text) {
            const { state } = view;
            const { selection } = state;
            if (!(selection instanceof NodeSelection) || selection.node.type.name !== name) return false;
            const paragraph = state.schema.nodes.paragraph;
            if (!paragraph) return false;
            const after = selection.to;
            // A new line of its own after the picture, with what was typed.
            const tr = state.tr.insert(after, paragraph.create(null, state.schema.text(text)));
            const at = after + 1;
            tr.setSelection(TextSelection.create(tr.doc, at + text.length)).scrollIntoView();
            view.dispatch(tr);
            return true;
          },
        },
      }),
    ];
  },

  addKeyboardShortcuts() {
    return {
      Enter: () => {
        const { selection } = this.editor.state;
        if (!(selection instanceof NodeSelection) || selection.node.type.name !== this.name) return false;
        this.options.onEdit(selection.from, figureAttrsOf(selection.node.attrs));
        return true;
      },
    };
  },
});
