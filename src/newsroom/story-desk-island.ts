/**
 * The story page's own island (admin only; the page works without it): autosave of drafts, the
 * hero picture's upload without leaving the page, the focal point picked by a click on the
 * picture (the two number fields stay the source), and the preview link's Copy button.
 *
 * Autosave posts the form (URL-encoded, as the browser would) two seconds after the last
 * change to the form's `data-autosave-url`; the answer is JSON. It carries the version the page
 * was opened at: when someone else saved meanwhile the server answers 409 and nothing is
 * written; the page then says so and stops autosaving (the Save button shows the comparison).
 */

import { clipText, previewSlug } from './preview-text.js';

const DEBOUNCE_MS = 2000;

function setup(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-story-form]');
  if (form) {
    autosave(form);
    heroUpload(form);
    focusPicker(form);
    livePreviews(form);
  }
  copyButton();
  readingTime();
}

/** Keeps "about N minutes to read" in step with the editor's word count (230 words a minute, as the server counts). */
function readingTime(): void {
  const words = document.querySelector<HTMLElement>('[data-word-count]');
  const time = document.querySelector<HTMLElement>('[data-reading-time]');
  if (!words || !time) return;
  const update = () => {
    const n = Number((words.textContent ?? '').replace(/[^0-9]/g, ''));
    const minutes = n === 0 ? 0 : Math.max(1, Math.round(n / 230));
    time.textContent = `about ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  };
  new MutationObserver(update).observe(words, { childList: true, characterData: true, subtree: true });
  update();
}

/**
 * Redraws the search-result and social-card previews from what the editor types: the headline,
 * the dek (else the server's fallback from the body), and the address from the slug (else the
 * headline, as the server makes it) and, for a new story, the section. The server's drawing is
 * what a page without JavaScript shows.
 */
function livePreviews(form: HTMLFormElement): void {
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null;
  const titles = document.querySelectorAll<HTMLElement>('[data-preview-title]');
  const descs = document.querySelectorAll<HTMLElement>('[data-preview-desc]');
  const path = document.querySelector<HTMLElement>('[data-preview-path]');
  const update = () => {
    const headline = field('headline')?.value.trim() ?? '';
    for (const t of titles) t.textContent = headline || 'Headline';
    const dek = field('dek')?.value.trim() ?? '';
    for (const d of descs) {
      const text = dek || d.dataset.fallback || '';
      d.textContent = clipText(text, Number(d.dataset.max ?? 160));
    }
    if (path) {
      const slug = previewSlug(field('slug')?.value ?? '') || previewSlug(headline) || 'slug';
      let prefix = path.dataset.pathPrefix ?? '/';
      if (path.dataset.pathNew !== undefined) prefix = `/${field('section')?.value || 'section'}/…/`;
      path.textContent = `${prefix}${slug}`;
    }
  };
  form.addEventListener('input', update);
  form.addEventListener('change', update);
}

function status(form: HTMLFormElement, text: string): void {
  const el = form.querySelector<HTMLElement>('[data-save-state]');
  if (el) el.textContent = text;
}

function autosave(form: HTMLFormElement): void {
  let url = form.dataset.autosaveUrl;
  if (!url) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight = false;
  let again = false;
  let stopped = false;

  async function save(): Promise<void> {
    if (stopped || !url) return;
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    status(form, 'Saving…');
    try {
      const body = new URLSearchParams();
      for (const [k, v] of new FormData(form)) if (typeof v === 'string') body.append(k, v);
      body.set('intent', 'save');
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        credentials: 'same-origin',
      });
      const answer = (await res.json().catch(() => ({}))) as {
        ok?: boolean;
        id?: string;
        version?: number;
        savedAt?: string;
        editUrl?: string;
        message?: string;
        reason?: string;
        problems?: { field: string; message: string }[];
      };
      if (res.ok && answer.ok && answer.version !== undefined) {
        const version = form.querySelector<HTMLInputElement>('[data-version]');
        if (version) version.value = String(answer.version);
        if (answer.editUrl && answer.id && !form.action.endsWith(answer.id)) {
          // A new story now exists: the form saves it from here on.
          form.action = answer.editUrl;
          url = `${answer.editUrl}/autosave`;
          history.replaceState(null, '', answer.editUrl);
        }
        status(form, `Saved at ${answer.savedAt ?? ''}`);
      } else if (res.status === 409) {
        stopped = true;
        status(form, answer.message ?? 'Someone else saved this story: your changes are not saved. Save to compare.');
      } else if (res.status === 400 && answer.problems) {
        status(form, `Not saved yet: ${answer.problems.map((p) => p.message).join('; ')}`);
      } else {
        status(form, `Not saved (the server answered ${res.status}). Use Save draft.`);
      }
    } catch {
      status(form, 'Not saved: no connection. Use Save draft when you are back online.');
    } finally {
      inFlight = false;
      if (again && !stopped) {
        again = false;
        schedule();
      }
    }
  }

  function schedule(): void {
    if (stopped) return;
    if (timer !== undefined) clearTimeout(timer);
    status(form, 'Unsaved changes');
    timer = setTimeout(() => void save(), DEBOUNCE_MS);
  }

  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
  form.addEventListener('body-editor:change', schedule);
  // A real submit wins: no autosave races it.
  form.addEventListener('submit', () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
  });
}

function heroUpload(form: HTMLFormElement): void {
  const upload = document.querySelector<HTMLFormElement>('form[data-hero-upload]');
  const file = document.querySelector<HTMLInputElement>('#hero-file');
  const idField = form.querySelector<HTMLInputElement>('[data-hero-id]');
  if (!upload || !file || !idField) return;
  upload.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) {
      status(form, 'Choose a picture first.');
      return;
    }
    const data = new FormData();
    data.append('_csrf', (upload.querySelector<HTMLInputElement>('input[name=_csrf]')?.value ?? '').toString());
    data.append('file', chosen);
    status(form, 'Uploading the picture…');
    const res = await fetch('/admin/images', {
      method: 'POST',
      body: data,
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
    });
    const answer = (await res.json().catch(() => ({}))) as { id?: string; url?: string; width?: number; height?: number; message?: string };
    if (!res.ok || !answer.id || !answer.url) {
      status(form, `The picture was not uploaded: ${answer.message ?? res.status}`);
      return;
    }
    idField.value = answer.id;
    let holder = form.querySelector<HTMLElement>('[data-focus-picker]');
    if (!holder) {
      holder = document.createElement('div');
      holder.className = 'hero-pick';
      holder.dataset.focusPicker = '';
      idField.before(holder);
    }
    holder.replaceChildren();
    const img = document.createElement('img');
    img.src = answer.url;
    img.alt = 'The uploaded hero picture';
    if (answer.width) img.width = answer.width;
    if (answer.height) img.height = answer.height;
    holder.append(img);
    focusPicker(form);
    form.querySelector<HTMLInputElement>('#heroAlt')?.focus();
    status(form, 'Picture uploaded: write its alt text.');
    form.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

function focusPicker(form: HTMLFormElement): void {
  const holder = form.querySelector<HTMLElement>('[data-focus-picker]');
  const x = form.querySelector<HTMLInputElement>('#heroFocusX');
  const y = form.querySelector<HTMLInputElement>('#heroFocusY');
  if (!holder || !x || !y || holder.querySelector('button.focus-pick')) return;
  const dot = document.createElement('span');
  dot.className = 'focus-dot';
  dot.hidden = true;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'focus-pick';
  button.setAttribute('aria-label', 'Pick the focal point on the picture (or type the two numbers below)');
  const place = () => {
    const fx = Number(x.value);
    const fy = Number(y.value);
    if (x.value === '' || y.value === '' || !Number.isFinite(fx) || !Number.isFinite(fy)) {
      dot.hidden = true;
      return;
    }
    dot.hidden = false;
    dot.style.left = `${fx}%`;
    dot.style.top = `${fy}%`;
  };
  button.addEventListener('click', (event) => {
    const box = holder.getBoundingClientRect();
    if (event.detail === 0 || box.width === 0) {
      // A keyboard press: the numbers are the way in.
      x.focus();
      return;
    }
    x.value = String(Math.round(((event.clientX - box.left) / box.width) * 100));
    y.value = String(Math.round(((event.clientY - box.top) / box.height) * 100));
    place();
    form.dispatchEvent(new Event('change', { bubbles: true }));
  });
  x.addEventListener('input', place);
  y.addEventListener('input', place);
  holder.append(button, dot);
  place();
}

function copyButton(): void {
  const source = document.querySelector<HTMLInputElement>('[data-copy-source]');
  const button = document.querySelector<HTMLButtonElement>('[data-copy-button]');
  if (!source || !button) return;
  button.hidden = false;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(source.value);
      button.textContent = 'Copied';
    } catch {
      source.select();
      button.textContent = 'Press Ctrl+C to copy';
    }
  });
}

setup();
