/**
 * Drag-to-order for the front editor (/admin/fronts/:front). The page works without it: each row
 * has Move up, Move down and Remove buttons in one plain form. This island adds a Reorder handle
 * to each row that moves the row by pointer (mouse, pen or touch: drag it up or down) or by
 * keyboard (focus the handle, Space to pick the story up, the arrow keys to move it, Space to
 * drop it, Escape to put it back), says what happened in a live region, and then posts the
 * form's rows in their new order (the same form and fields as Save layout, asking for JSON).
 */
import { render } from 'preact';

const table = document.querySelector<HTMLTableElement>('table[data-front-order]');
const form = table?.closest('form');
const body = table?.tBodies[0];

if (table && form && body) enhance(table, form, body);

function enhance(table: HTMLTableElement, form: HTMLFormElement, body: HTMLTableSectionElement) {
  const help = document.createElement('div');
  table.closest('.table-wrap')?.before(help);
  render(
    <>
      <p class="hint" id="front-order-keys">
        To reorder: drag a story’s Reorder handle up or down; or focus it, press Space to pick the story up, the up and down arrow keys to
        move it, and Space again to drop it (Escape puts it back). The new order is saved when you drop it.
      </p>
      <p class="visually-hidden" aria-live="assertive" data-front-order-live />
    </>,
    help,
  );
  const live = help.querySelector<HTMLElement>('[data-front-order-live]');

  const rows = () => [...body.rows];
  const headline = (row: HTMLTableRowElement) => row.querySelector('.front-row-headline')?.textContent ?? 'The story';
  const placeOf = (row: HTMLTableRowElement) => rows().indexOf(row) + 1;
  const announce = (text: string) => {
    if (!live) return;
    // A new text node each time, so a repeated message is read again.
    live.textContent = '';
    window.setTimeout(() => {
      live.textContent = text;
    }, 30);
  };
  const renumber = () => {
    rows().forEach((row, i) => {
      const place = row.querySelector('[data-place]');
      if (place) place.textContent = String(i + 1);
    });
  };
  const mark = (row: HTMLTableRowElement, on: boolean) => {
    row.style.outline = on ? '3px solid #1f4f8f' : '';
    row.style.outlineOffset = on ? '-3px' : '';
    row.style.background = on ? '#eef4fb' : '';
    row.querySelector('[data-handle]')?.setAttribute('aria-pressed', on ? 'true' : 'false');
  };
  const handleOf = (row: HTMLTableRowElement) => row.querySelector<HTMLButtonElement>('[data-handle]');

  async function save(row: HTMLTableRowElement) {
    const data = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (typeof v === 'string') data.append(k, v);
    data.set('action', 'save');
    const where = `${headline(row)} is in place ${placeOf(row)} of ${rows().length}.`;
    try {
      // Not form.action: the form's buttons are named "action", which shadows the property.
      const r = await fetch(form.getAttribute('action') ?? location.pathname, {
        method: 'POST',
        body: data,
        headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        credentials: 'same-origin',
      });
      if (r.ok) {
        form.dataset.saved = String(Number(form.dataset.saved ?? '0') + 1);
        announce(`Saved. ${where}`);
        return;
      }
      const answer: unknown = await r.json().catch(() => null);
      const message =
        answer &&
        typeof answer === 'object' &&
        'error' in answer &&
        answer.error &&
        typeof answer.error === 'object' &&
        'message' in answer.error
          ? String(answer.error.message)
          : `the server answered ${r.status}`;
      announce(`Not saved: ${message} Reload the page to see the front as it stands.`);
    } catch {
      announce('Not saved: the newsroom could not be reached. Try again, or use Save layout.');
    }
  }

  // Keyboard: pick up, move, drop, cancel.
  let picked: { row: HTMLTableRowElement; from: number } | undefined;

  function moveTo(row: HTMLTableRowElement, index: number) {
    const all = rows();
    const target = Math.max(0, Math.min(all.length - 1, index));
    const current = all.indexOf(row);
    if (target === current) return false;
    const handle = handleOf(row);
    const rest = all.filter((r) => r !== row);
    body.insertBefore(row, rest[target] ?? null);
    renumber();
    // Moving a row moves focus out of it: keep the handle focused.
    handle?.focus();
    return true;
  }

  function drop(save_: boolean) {
    if (!picked) return;
    const { row, from } = picked;
    picked = undefined;
    mark(row, false);
    if (!save_) {
      moveTo(row, from);
      announce(`Cancelled. ${headline(row)} is back in place ${from + 1}.`);
      return;
    }
    if (placeOf(row) - 1 === from) {
      announce(`Dropped ${headline(row)} where it was, in place ${from + 1}.`);
      return;
    }
    announce(`Dropped ${headline(row)} in place ${placeOf(row)} of ${rows().length}. Saving…`);
    void save(row);
  }

  // Pointer: drag the handle up or down; the row follows the pointer.
  let suppressClick = false;

  for (const row of rows()) {
    const place = row.querySelector('[data-place]')?.parentElement;
    if (!place) continue;
    const handle = document.createElement('button');
    handle.type = 'button';
    handle.className = 'button button-small button-secondary';
    handle.dataset.handle = '';
    handle.setAttribute('aria-pressed', 'false');
    handle.setAttribute('aria-describedby', 'front-order-keys');
    handle.style.touchAction = 'none';
    handle.style.cursor = 'grab';
    handle.style.marginLeft = '0.4rem';
    handle.textContent = 'Reorder';
    handle.setAttribute('aria-label', `Reorder: ${headline(row)}`);
    place.append(handle);

    handle.addEventListener('click', () => {
      if (suppressClick) {
        suppressClick = false;
        return;
      }
      if (picked?.row === row) drop(true);
      else {
        if (picked) drop(false);
        picked = { row, from: placeOf(row) - 1 };
        mark(row, true);
        announce(
          `Picked up ${headline(row)}, in place ${placeOf(row)} of ${rows().length}. Up and down arrows move it; Space drops it; Escape cancels.`,
        );
      }
    });

    handle.addEventListener('keydown', (e) => {
      if (picked?.row !== row) return;
      if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
        e.preventDefault();
        const moved = moveTo(row, placeOf(row) - 1 + (e.key === 'ArrowUp' ? -1 : 1));
        announce(
          moved
            ? `${headline(row)}: place ${placeOf(row)} of ${rows().length}.`
            : `${headline(row)} is already ${e.key === 'ArrowUp' ? 'first' : 'last'}.`,
        );
      } else if (e.key === 'Escape') {
        e.preventDefault();
        drop(false);
      }
    });

    handle.addEventListener('blur', () => {
      // Focus left while carrying (not because the row moved): put the story down where it is.
      window.setTimeout(() => {
        if (picked?.row === row && document.activeElement !== handle) drop(true);
      }, 0);
    });

    handle.addEventListener('pointerdown', (down) => {
      if (down.button !== 0) return;
      const startY = down.clientY;
      const from = placeOf(row) - 1;
      let dragging = false;
      const onMove = (e: PointerEvent) => {
        if (!dragging) {
          if (Math.abs(e.clientY - startY) < 5) return;
          dragging = true;
          if (picked) drop(false);
          mark(row, true);
          handle.style.cursor = 'grabbing';
        }
        e.preventDefault();
        const over = rows().find((r) => {
          const box = r.getBoundingClientRect();
          return e.clientY >= box.top && e.clientY < box.bottom;
        });
        if (!over || over === row) return;
        const all = rows();
        const to = all.indexOf(over);
        body.insertBefore(row, to < all.indexOf(row) ? over : over.nextSibling);
        renumber();
      };
      const onUp = () => {
        document.removeEventListener('pointermove', onMove);
        document.removeEventListener('pointerup', onUp);
        document.removeEventListener('pointercancel', onUp);
        if (!dragging) return;
        suppressClick = true;
        window.setTimeout(() => {
          suppressClick = false;
        }, 0);
        mark(row, false);
        handle.style.cursor = 'grab';
        if (placeOf(row) - 1 === from) return;
        announce(`Moved ${headline(row)} to place ${placeOf(row)} of ${rows().length}. Saving…`);
        void save(row);
      };
      document.addEventListener('pointermove', onMove);
      document.addEventListener('pointerup', onUp);
      document.addEventListener('pointercancel', onUp);
    });
  }
}
