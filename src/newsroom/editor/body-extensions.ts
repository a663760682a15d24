/**
 * The editor's schema: exactly the node and mark names and attributes of contract B (the story
 * body document), from Tiptap 3's extensions trimmed to those attributes, plus our pull quote,
 * figure and paywall break. Nothing else is registered (no underline, no trailing paragraph), so
 * what the editor posts back is what it was given plus what was typed.
 */
import { type Extensions, Node } from '@tiptap/core';
import { Link } from '@tiptap/extension-link';
import { OrderedList } from '@tiptap/extension-list';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import { StarterKit } from '@tiptap/starter-kit';
import { Figure, type FigureOptions } from './figure-node.js';
import { isAllowedHref } from './link-href.js';
import { PaywallBreak } from './paywall-break-node.js';
import { PullQuote } from './pull-quote-node.js';

/** The document: blocks, and the paywall break, which only the top level may hold. */
const BodyDocument = Node.create({
  name: 'doc',
  topNode: true,
  content: '(block | paywallBreak)+',
});

/** `orderedList {start}` only: Tiptap's list-style `type` is not part of the body document. */
const BodyOrderedList = OrderedList.extend({
  addAttributes() {
    return {
      start: {
        default: 1,
        parseHTML: (element: HTMLElement) => {
          const start = Number.parseInt(element.getAttribute('start') ?? '', 10);
          return Number.isFinite(start) ? start : 1;
        },
      },
    };
  },
});

/** `link {href}` only, and only to addresses the server keeps; Ctrl/Cmd+K asks for one. */
function bodyLink(onLinkKey: () => void) {
  return Link.extend({
    addAttributes() {
      return { href: { default: null, parseHTML: (element: HTMLElement) => element.getAttribute('href') } };
    },
    addKeyboardShortcuts() {
      return {
        'Mod-k': () => {
          onLinkKey();
          return true;
        },
      };
    },
  }).configure({
    openOnClick: false,
    // Autolinking would make links "inclusive" (typing at a link's end extends it): off.
    autolink: false,
    linkOnPaste: true,
    defaultProtocol: 'https',
    HTMLAttributes: { target: null, rel: 'noopener noreferrer nofollow', class: null },
    isAllowedUri: (url) => isAllowedHref(url),
  });
}

export interface BodyExtensionOptions extends FigureOptions {
  /** Ctrl/Cmd+K: open the link dialog. */
  onLinkKey: () => void;
}

export function bodyExtensions(options: BodyExtensionOptions): Extensions {
  return [
    StarterKit.configure({
      document: false,
      heading: { levels: [2, 3, 4] },
      orderedList: false,
      link: false,
      underline: false,
      trailingNode: false,
    }),
    BodyDocument,
    BodyOrderedList,
    bodyLink(options.onLinkKey),
    Table.configure({ resizable: false }),
    TableRow,
    TableHeader,
    TableCell,
    PullQuote,
    Figure.configure({ imageSrc: options.imageSrc, onEdit: options.onEdit }),
    PaywallBreak,
  ];
}
