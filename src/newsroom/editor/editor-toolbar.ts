/**
 * The toolbar: real buttons with their plain names, `aria-pressed` on the ones that toggle a mark
 * or a block, the shortcut in `aria-keyshortcuts` and the tooltip. It is one ARIA toolbar: a single
 * Tab stop, arrow keys (and Home/End) move along it, Escape goes back to the text; Alt+F10 in the
 * text comes to it. Buttons for changing a table show only while the cursor is in one.
 */
import type { Editor } from '@tiptap/core';

export interface ToolbarAction {
  label: string;
  /** Shortcut keys in `aria-keyshortcuts` syntax with `Mod` for Control (Meta on a Mac). */
  keys?: string;
  run: () => void;
  /** For toggles: whether the mark or block is on where the cursor is. */
  pressed?: () => boolean;
  /** Shown only when this says so (the table's own buttons). */
  visible?: () => boolean;
  /** Opens a dialog. */
  dialog?: boolean;
}

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

function keysFor(keys: string): { aria: string; shown: string } {
  const aria = keys.replaceAll('Mod', IS_MAC ? 'Meta' : 'Control');
  const shown = aria.replaceAll('Control', 'Ctrl').replaceAll('Meta', 'Cmd').replaceAll('+', '+');
  return { aria, shown };
}

export interface Toolbar {
  element: HTMLElement;
  /** Brings the buttons' pressed and shown states up to date with the editor. */
  refresh(): void;
  /** Moves the focus to the toolbar (its current button). */
  focus(): void;
}

export function createToolbar(editor: Editor, actions: readonly ToolbarAction[], controls: string): Toolbar {
  const element = document.createElement('div');
  element.className = 'body-editor__toolbar';
  element.setAttribute('role', 'toolbar');
  element.setAttribute('aria-label', 'Body formatting');
  element.setAttribute('aria-controls', controls);
  const buttons = actions.map((action) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = action.label;
    button.tabIndex = -1;
    if (action.keys) {
      const { aria, shown } = keysFor(action.keys);
      button.setAttribute('aria-keyshortcuts', aria);
      button.title = `${action.label} (${shown})`;
    }
    if (action.dialog) button.setAttribute('aria-haspopup', 'dialog');
    if (action.pressed) button.setAttribute('aria-pressed', 'false');
    // Keep the text's selection when a button is pressed with the mouse.
    button.addEventListener('mousedown', (event) => event.preventDefault());
    button.addEventListener('click', () => action.run());
    element.append(button);
    return button;
  });
  let current = 0;

  const shown = () => buttons.filter((b) => !b.hidden);
  const setCurrent = (button: HTMLButtonElement) => {
    current = buttons.indexOf(button);
    for (const b of buttons) b.tabIndex = b === button ? 0 : -1;
  };
  element.addEventListener('focusin', (event) => {
    if (event.target instanceof HTMLButtonElement) setCurrent(event.target);
  });
  element.addEventListener('keydown', (event) => {
    const list = shown();
    const at = list.indexOf(buttons[current] ?? (list[0] as HTMLButtonElement));
    let next: HTMLButtonElement | undefined;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') next = list[(at + 1) % list.length];
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') next = list[(at - 1 + list.length) % list.length];
    else if (event.key === 'Home') next = list[0];
    else if (event.key === 'End') next = list[list.length - 1];
    else if (event.key === 'Escape') {
      event.preventDefault();
      editor.commands.focus();
      return;
    }
    if (!next) return;
    event.preventDefault();
    setCurrent(next);
    next.focus();
  });

  const refresh = () => {
    for (const [i, action] of actions.entries()) {
      const button = buttons[i];
      if (!button) continue;
      if (action.visible) button.hidden = !action.visible();
      if (action.pressed) button.setAttribute('aria-pressed', String(action.pressed()));
    }
    const active = buttons[current];
    if (!active || active.hidden) {
      const first = shown()[0];
      if (first) setCurrent(first);
    } else if (active.tabIndex !== 0) setCurrent(active);
  };
  refresh();

  return {
    element,
    refresh,
    focus() {
      const active = buttons[current];
      (active && !active.hidden ? active : shown()[0])?.focus();
    },
  };
}
