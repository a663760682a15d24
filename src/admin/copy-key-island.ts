/**
 * The "Copy" button beside a new API key's secret (shown once): without JavaScript the secret
 * is plain selectable text; with it, a button copies it and says so in a live region.
 */
for (const box of document.querySelectorAll<HTMLElement>('[data-copy-source]')) {
  const text = box.textContent?.trim() ?? '';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button button-secondary button-small';
  button.textContent = 'Copy the key';
  const status = document.createElement('span');
  status.setAttribute('role', 'status');
  status.className = 'copy-status';
  button.addEventListener('click', () => {
    navigator.clipboard.writeText(text).then(
      () => {
        status.textContent = 'Copied.';
      },
      () => {
        status.textContent = 'Copying is not allowed here: select the key and copy it.';
      },
    );
  });
  box.after(button, status);
}
