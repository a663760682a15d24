/**
 * The link and picture dialogs: modal `<dialog>`s (Escape cancels, focus returns to the editor)
 * with labelled fields, hints tied to them, and problems shown next to the field they concern.
 * They are appended to the page's body, not the story form, so their fields are never posted.
 */
import type { FigureAttrs } from './figure-node.js';
import { isAllowedHref, MAX_HREF, normaliseHref } from './link-href.js';

let dialogCount = 0;

/** A DOM element with properties (not attributes) set, and children. */
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, string | boolean | number> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  Object.assign(element, props);
  element.append(...children);
  return element;
}

interface Field {
  wrap: HTMLElement;
  input: HTMLInputElement;
  error: HTMLElement;
}

function field(id: string, label: string, input: HTMLInputElement, hint?: string): Field {
  input.id = id;
  const error = el('p', { id: `${id}-error`, className: 'body-editor__field-error', hidden: true });
  const described = [hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ');
  input.setAttribute('aria-describedby', described);
  const wrap = el('div', { className: 'body-editor__field' }, el('label', { htmlFor: id }, label));
  if (hint) wrap.append(el('p', { id: `${id}-hint`, className: 'body-editor__hint' }, hint));
  wrap.append(input, error);
  return { wrap, input, error };
}

function showError(f: Field, message: string | null): void {
  f.error.textContent = message ?? '';
  f.error.hidden = message === null;
  if (message === null) f.input.removeAttribute('aria-invalid');
  else f.input.setAttribute('aria-invalid', 'true');
}

function makeDialog(title: string): { dialog: HTMLDialogElement; form: HTMLFormElement; id: string } {
  dialogCount += 1;
  const id = `body-editor-dialog-${dialogCount}`;
  const form = el('form', { method: 'dialog', noValidate: true });
  const dialog = el('dialog', { className: 'body-editor__dialog' }, el('h2', { id: `${id}-title` }, title), form);
  dialog.setAttribute('aria-labelledby', `${id}-title`);
  document.body.append(dialog);
  return { dialog, form, id };
}

export interface LinkDialog {
  /** Opens the dialog showing the current address ('' for none); `onSave` gets an allowed href, `onRemove` a removal. */
  open(current: string, onSave: (href: string) => void, onRemove: () => void, onClose: () => void): void;
}

export function createLinkDialog(): LinkDialog {
  const { dialog, form, id } = makeDialog('Link');
  const address = field(
    `${id}-href`,
    'Link address',
    el('input', { type: 'text', inputMode: 'url', autocomplete: 'off', spellcheck: false, maxLength: MAX_HREF }),
    'A web address (https://…), an email address, or a path on this site (/about).',
  );
  const save = el('button', { type: 'submit', className: 'body-editor__primary' }, 'Save link');
  const remove = el('button', { type: 'button' }, 'Remove link');
  const cancel = el('button', { type: 'button' }, 'Cancel');
  form.append(address.wrap, el('div', { className: 'body-editor__actions' }, save, remove, cancel));

  let handlers: { onSave: (href: string) => void; onRemove: () => void; onClose: () => void } | null = null;
  const close = () => {
    if (dialog.open) dialog.close();
  };
  dialog.addEventListener('close', () => {
    const h = handlers;
    handlers = null;
    h?.onClose();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const href = normaliseHref(address.input.value);
    if (href === '') return showError(address, 'Enter the link address.');
    if (!isAllowedHref(href)) return showError(address, 'Use an https:// or http:// address, an email address, or a path starting with /.');
    handlers?.onSave(href);
    close();
  });
  remove.addEventListener('click', () => {
    handlers?.onRemove();
    close();
  });
  cancel.addEventListener('click', close);

  return {
    open(current, onSave, onRemove, onClose) {
      handlers = { onSave, onRemove, onClose };
      address.input.value = current;
      remove.hidden = current === '';
      showError(address, null);
      dialog.showModal();
      address.input.focus();
      address.input.select();
    },
  };
}

export interface PictureDialog {
  /**
   * Opens the dialog. For a new picture (`current` null) a file is required and `upload` sends it
   * and returns the image id; for a picture already in the body only its details change.
   */
  open(
    current: FigureAttrs | null,
    upload: (file: File) => Promise<string>,
    onSave: (attrs: FigureAttrs) => void,
    onClose: () => void,
  ): void;
}

export function createPictureDialog(): PictureDialog {
  const { dialog, form, id } = makeDialog('Picture');
  const file = field(
    `${id}-file`,
    'Picture file',
    el('input', { type: 'file', accept: 'image/jpeg,image/png,image/webp' }),
    'A JPEG, PNG or WebP picture.',
  );
  const alt = field(
    `${id}-alt`,
    'Alt text (required)',
    el('input', { type: 'text', required: true, maxLength: 500 }),
    'What the picture shows, for readers who cannot see it.',
  );
  const caption = field(`${id}-caption`, 'Caption', el('input', { type: 'text', maxLength: 1000 }));
  const credit = field(
    `${id}-credit`,
    'Credit',
    el('input', { type: 'text', maxLength: 200 }),
    'Who made the picture, e.g. Photo: Mara Quint.',
  );
  const status = el('p', { className: 'body-editor__status', role: 'status' });
  const save = el('button', { type: 'submit', className: 'body-editor__primary' }, 'Insert picture');
  const cancel = el('button', { type: 'button' }, 'Cancel');
  form.append(file.wrap, alt.wrap, caption.wrap, credit.wrap, status, el('div', { className: 'body-editor__actions' }, save, cancel));

  let state: {
    current: FigureAttrs | null;
    upload: (file: File) => Promise<string>;
    onSave: (attrs: FigureAttrs) => void;
    onClose: () => void;
  } | null = null;
  let busy = false;
  const close = () => {
    if (dialog.open) dialog.close();
  };
  dialog.addEventListener('cancel', (event) => {
    if (busy) event.preventDefault();
  });
  dialog.addEventListener('close', () => {
    const s = state;
    state = null;
    s?.onClose();
  });
  cancel.addEventListener('click', () => {
    if (!busy) close();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const s = state;
    if (!s || busy) return;
    const chosen = file.input.files?.[0] ?? null;
    const altText = alt.input.value.trim();
    showError(file, s.current === null && chosen === null ? 'Choose a picture file.' : null);
    showError(alt, altText === '' ? 'Write the alt text: what the picture shows.' : null);
    if (s.current === null && chosen === null) return file.input.focus();
    if (altText === '') return alt.input.focus();
    let imageId = s.current?.imageId ?? '';
    if (chosen) {
      busy = true;
      save.disabled = true;
      status.textContent = 'Uploading the picture…';
      try {
        imageId = await s.upload(chosen);
      } catch (error) {
        status.textContent = '';
        showError(file, error instanceof Error ? error.message : 'The upload failed.');
        file.input.focus();
        return;
      } finally {
        busy = false;
        save.disabled = false;
      }
      status.textContent = '';
    }
    s.onSave({ imageId, alt: altText, caption: caption.input.value.trim(), credit: credit.input.value.trim() });
    close();
  });

  return {
    open(current, upload, onSave, onClose) {
      state = { current, upload, onSave, onClose };
      form.reset();
      for (const f of [file, alt, caption, credit]) showError(f, null);
      status.textContent = '';
      file.wrap.querySelector('label')?.replaceChildren(current ? 'Replace the picture (optional)' : 'Picture file');
      alt.input.value = current?.alt ?? '';
      caption.input.value = current?.caption ?? '';
      credit.input.value = current?.credit ?? '';
      save.textContent = current ? 'Save picture' : 'Insert picture';
      dialog.showModal();
      (current ? alt.input : file.input).focus();
    },
  };
}
