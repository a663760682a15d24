/**
 * The body's rich-text editor island (contract C). On a story page it finds each
 * `[data-body-editor]` (holding the Markdown `<textarea name="body">` that works without
 * JavaScript and a `<script type="application/json" data-body-doc>` with the body document),
 * and, if the editor can hold that document without losing any of it, puts the editor in the
 * textarea's place: the form then posts the document as JSON in a hidden `bodyDoc` field (the
 * textarea loses its name), fires `body-editor:change` on every change and keeps
 * `[data-word-count]` up to date. If the document would lose anything, the textarea stays.
 */
import { Editor, type JSONContent } from '@tiptap/core';
import { NodeSelection } from '@tiptap/pm/state';
import { bodyExtensions } from './body-extensions.js';
import { firstLoss, isJsonDoc, type JsonNode } from './doc-lossless.js';
import { createLinkDialog, createPictureDialog } from './editor-dialogs.js';
import { EDITOR_CSS } from './editor-styles.js';
import { createToolbar, type ToolbarAction } from './editor-toolbar.js';
import { type FigureAttrs, figureAttrsOf } from './figure-node.js';
import { uploadImage } from './image-upload.js';
import { countWords } from './word-count.js';

/** The detail of the `body-editor:change` event. */
export interface BodyEditorChange {
  doc: JSONContent;
  words: number;
}

let styled = false;
function adoptStyles(): void {
  if (styled) return;
  styled = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(EDITOR_CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

/** The document in the page: null for none yet (a new story), 'unreadable' when it is not a document. */
function givenDoc(root: HTMLElement): JsonNode | null | 'unreadable' {
  const text = root.querySelector('script[data-body-doc]')?.textContent?.trim() ?? '';
  if (text === '' || text === 'null') return null;
  try {
    const value: unknown = JSON.parse(text);
    return isJsonDoc(value) ? value : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** `<script type="application/json" data-body-images>`: an optional map of image id → address to show it from. */
function knownImageUrls(root: HTMLElement): Record<string, string> {
  try {
    const value: unknown = JSON.parse(root.querySelector('script[data-body-images]')?.textContent ?? '{}');
    if (typeof value !== 'object' || value === null) return {};
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

function notice(textarea: HTMLTextAreaElement, message: string): void {
  adoptStyles();
  const p = document.createElement('p');
  p.className = 'body-editor__notice';
  p.textContent = message;
  textarea.before(p);
}

let islands = 0;

function mount(root: HTMLElement): void {
  const textarea = root.querySelector('textarea');
  const form = root.closest('form');
  if (!textarea || !form) return;
  const given = givenDoc(root);
  if (given === 'unreadable') {
    notice(textarea, 'The rich-text editor could not read this body, so it is shown as Markdown.');
    return;
  }
  if (given === null && textarea.value.trim() !== '') {
    // Markdown but no document: starting empty would post an empty body over it.
    notice(textarea, 'This body has no rich-text document yet, so it is shown as Markdown.');
    return;
  }
  islands += 1;
  const areaId = `body-editor-area-${islands}`;
  const label =
    (textarea.id ? form.querySelector<HTMLLabelElement>(`label[for="${CSS.escape(textarea.id)}"]`) : null) ?? textarea.closest('label');
  if (label && !label.id) label.id = `${areaId}-label`;

  const uploadUrl = root.dataset.uploadUrl ?? '';
  const template = root.dataset.imageUrlTemplate ?? '';
  // Where the editor shows a picture from: the address its upload answered, else the page's map of
  // the body's pictures (optional, for derivatives the template cannot name), else the template.
  const imageUrls = new Map<string, string>(Object.entries(knownImageUrls(root)));
  const imageSrc = (imageId: string) => imageUrls.get(imageId) ?? template.replaceAll('{key}', encodeURIComponent(imageId));

  // The page's own notes on the body (a problem the server found) describe the editor too; hints
  // about Markdown (marked data-markdown-only) go away with the textarea.
  const describedBy = (textarea.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .filter((id) => id !== '' && !document.getElementById(id)?.hasAttribute('data-markdown-only'));
  // A textarea the page disabled (a story this person may not change) becomes a read-only editor.
  const readOnly = textarea.disabled;
  const host = document.createElement('div');
  const wrapper = document.createElement('div');
  wrapper.className = 'body-editor';

  let contentBroken = false;
  const hasContent = given !== null && (given.content?.length ?? 0) > 0;
  const editor: Editor = new Editor({
    element: host,
    extensions: bodyExtensions({
      imageSrc,
      onEdit: (pos, attrs) => openPicture(attrs, pos),
      onLinkKey: () => openLink(),
    }),
    ...(hasContent && given ? { content: given as JSONContent } : {}),
    editable: !readOnly,
    injectCSS: false,
    enableContentCheck: true,
    onContentError: () => {
      contentBroken = true;
    },
    editorProps: {
      attributes: {
        id: areaId,
        class: 'body-editor__area',
        role: 'textbox',
        'aria-multiline': 'true',
        ...(label ? { 'aria-labelledby': label.id } : { 'aria-label': 'Body' }),
        'aria-describedby': [...describedBy, `${areaId}-help`].join(' '),
        ...(textarea.getAttribute('aria-invalid') === 'true' ? { 'aria-invalid': 'true' } : {}),
        ...(readOnly ? { 'aria-readonly': 'true' } : {}),
      },
      handleKeyDown: (_view, event) => {
        if (event.key === 'F10' && event.altKey) {
          event.preventDefault();
          toolbar.focus();
          return true;
        }
        return false;
      },
    },
  });

  const loss = hasContent && given ? (contentBroken ? 'invalid content' : firstLoss(given, editor.getJSON() as JsonNode)) : null;
  if (loss) {
    editor.destroy();
    notice(textarea, 'This body holds something the rich-text editor cannot keep, so it is shown as Markdown.');
    console.warn(`body editor: not mounted, it would lose ${loss}`);
    return;
  }

  const linkDialog = createLinkDialog();
  const pictureDialog = createPictureDialog();

  function openLink(): void {
    const href = String(editor.getAttributes('link').href ?? '');
    linkDialog.open(
      href,
      (next) => {
        const chain = editor.chain().focus().extendMarkRange('link');
        if (editor.state.selection.empty && !editor.isActive('link')) {
          chain.insertContent({ type: 'text', text: next, marks: [{ type: 'link', attrs: { href: next } }] }).run();
        } else chain.setLink({ href: next }).run();
      },
      () => editor.chain().focus().extendMarkRange('link').unsetLink().run(),
      () => editor.commands.focus(),
    );
  }

  function openPicture(current: FigureAttrs | null, pos?: number): void {
    const csrf = form?.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
    pictureDialog.open(
      current,
      async (file) => {
        const image = await uploadImage(uploadUrl, file, csrf);
        imageUrls.set(image.id, image.url);
        return image.id;
      },
      (attrs) => {
        if (pos !== undefined) editor.chain().focus().setNodeSelection(pos).setFigure(attrs).run();
        else editor.chain().focus().setFigure(attrs).run();
      },
      () => editor.commands.focus(),
    );
  }

  const inTable = () => editor.isActive('table');
  const actions: ToolbarAction[] = [
    { label: 'Bold', keys: 'Mod+B', run: () => editor.chain().focus().toggleBold().run(), pressed: () => editor.isActive('bold') },
    { label: 'Italic', keys: 'Mod+I', run: () => editor.chain().focus().toggleItalic().run(), pressed: () => editor.isActive('italic') },
    {
      label: 'Heading',
      keys: 'Mod+Alt+2',
      run: () => editor.chain().focus().toggleHeading({ level: 2 }).run(),
      pressed: () => editor.isActive('heading', { level: 2 }),
    },
    {
      label: 'Subheading',
      keys: 'Mod+Alt+3',
      run: () => editor.chain().focus().toggleHeading({ level: 3 }).run(),
      pressed: () => editor.isActive('heading', { level: 3 }),
    },
    {
      label: 'List',
      keys: 'Mod+Shift+8',
      run: () => editor.chain().focus().toggleBulletList().run(),
      pressed: () => editor.isActive('bulletList'),
    },
    {
      label: 'Numbered list',
      keys: 'Mod+Shift+7',
      run: () => editor.chain().focus().toggleOrderedList().run(),
      pressed: () => editor.isActive('orderedList'),
    },
    { label: 'Link', keys: 'Mod+K', run: openLink, dialog: true },
    {
      label: 'Quote',
      keys: 'Mod+Shift+B',
      run: () => editor.chain().focus().toggleBlockquote().run(),
      pressed: () => editor.isActive('blockquote'),
    },
    {
      label: 'Pull quote',
      keys: 'Mod+Alt+P',
      run: () => editor.chain().focus().togglePullQuote().run(),
      pressed: () => editor.isActive('pullQuote'),
    },
    {
      label: 'Picture',
      run: () => {
        const { selection } = editor.state;
        if (selection instanceof NodeSelection && selection.node.type.name === 'figure')
          openPicture(figureAttrsOf(selection.node.attrs), selection.from);
        else openPicture(null);
      },
      dialog: true,
    },
    { label: 'Table', run: () => editor.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run() },
    { label: 'Add row', run: () => editor.chain().focus().addRowAfter().run(), visible: inTable },
    { label: 'Add column', run: () => editor.chain().focus().addColumnAfter().run(), visible: inTable },
    { label: 'Delete row', run: () => editor.chain().focus().deleteRow().run(), visible: inTable },
    { label: 'Delete column', run: () => editor.chain().focus().deleteColumn().run(), visible: inTable },
    { label: 'Delete table', run: () => editor.chain().focus().deleteTable().run(), visible: inTable },
    { label: 'Paywall break', keys: 'Mod+Alt+W', run: () => editor.chain().focus().setPaywallBreak().run() },
    { label: 'Undo', keys: 'Mod+Z', run: () => editor.chain().focus().undo().run() },
    { label: 'Redo', keys: 'Mod+Shift+Z', run: () => editor.chain().focus().redo().run() },
  ];
  const toolbar = createToolbar(editor, actions, areaId);

  const help = document.createElement('p');
  help.id = `${areaId}-help`;
  help.className = 'body-editor__help';
  help.textContent =
    'Alt+F10 moves to the toolbar. In a pull quote, Tab moves to its attribution. Enter on a selected picture edits its details.';

  const input = document.createElement('input');
  input.type = 'hidden';
  input.name = 'bodyDoc';
  const wordCount = form.querySelector('[data-word-count]') ?? document.querySelector('[data-word-count]');

  const sync = (announce: boolean) => {
    const doc = editor.getJSON();
    input.value = JSON.stringify(doc);
    const words = countWords(editor.getText({ blockSeparator: '\n' }));
    if (wordCount) wordCount.textContent = String(words);
    if (announce) form.dispatchEvent(new CustomEvent<BodyEditorChange>('body-editor:change', { bubbles: true, detail: { doc, words } }));
  };

  adoptStyles();
  if (readOnly) {
    input.disabled = true;
    help.textContent = 'You cannot change this story’s body.';
    wrapper.append(host, help);
  } else wrapper.append(toolbar.element, host, help);
  for (const hint of root.querySelectorAll<HTMLElement>('[data-markdown-only]')) hint.hidden = true;
  textarea.before(wrapper);
  root.append(input);
  // Only the document is posted: the textarea keeps its text but no name, and cannot block the form.
  textarea.removeAttribute('name');
  textarea.required = false;
  textarea.disabled = true;
  textarea.hidden = true;
  if (label) {
    label.removeAttribute('for');
    label.addEventListener('click', () => editor.commands.focus());
  }
  sync(false);
  editor.on('update', () => sync(true));
  editor.on('transaction', () => toolbar.refresh());
  editor.on('focus', () => toolbar.refresh());
}

function mountAll(): void {
  for (const root of document.querySelectorAll<HTMLElement>('[data-body-editor]')) {
    if (root.hasAttribute('data-body-editor-mounted')) continue;
    root.setAttribute('data-body-editor-mounted', '');
    mount(root);
  }
}

mountAll();
// A form swapped in later (htmx, a conflict's "keep my copy") gets its editor too.
new MutationObserver((records) => {
  for (const record of records) {
    for (const node of record.addedNodes) {
      if (node instanceof Element && (node.matches('[data-body-editor]') || node.querySelector('[data-body-editor]'))) return mountAll();
    }
  }
}).observe(document.body, { childList: true, subtree: true });
