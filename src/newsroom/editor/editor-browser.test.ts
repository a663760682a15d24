/**
 * The editor island in Debian's Chromium, on a fixture story form served with the admin CSP:
 * a story written with the keyboard alone comes out as exactly the expected body document; a
 * document holding every node and mark comes back unchanged; a document the editor cannot hold
 * leaves the Markdown textarea in place; axe finds nothing on the page or in the dialogs.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, FileChooser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, shotsDir, watchProblems } from '../../test-support/browser.js';
import { buildIsland, CSRF, type FixtureServer, startFixtureServer } from './editor-test-support.js';

const SHOTS = shotsDir('editor');
const IMAGE_ID = '0190f0c2-7a3b-7c1d-9e2f-3a4b5c6d7e8f';

const text = (value: string, marks?: { type: string; attrs?: Record<string, unknown> }[]) => ({
  type: 'text',
  text: value,
  ...(marks ? { marks } : {}),
});
const paragraph = (...content: unknown[]) => ({ type: 'paragraph', ...(content.length ? { content } : {}) });
const cell = (type: 'tableHeader' | 'tableCell', value: string, attrs: Record<string, unknown> = {}) => ({
  type,
  attrs: { colspan: 1, rowspan: 1, colwidth: null, align: null, ...attrs },
  content: [paragraph(text(value))],
});

/** Every node and mark of contract B, with the attributes Tiptap writes out. */
const EVERY_NODE = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [text('Harbour reopens after a year')] },
    paragraph(
      text('Plain, '),
      text('bold', [{ type: 'bold' }]),
      text(', '),
      text('italic', [{ type: 'italic' }]),
      text(', '),
      text('struck', [{ type: 'strike' }]),
      text(', '),
      text('code', [{ type: 'code' }]),
      text(', '),
      text('both', [{ type: 'bold' }, { type: 'italic' }]),
      text(' and a '),
      text('link', [{ type: 'link', attrs: { href: 'https://example.com/harbour?x=1' } }]),
      { type: 'hardBreak' },
      text('after a break, a '),
      text('site link', [{ type: 'link', attrs: { href: '/news/2026/12/07/harbour' } }]),
      text(' and '),
      text('mail', [{ type: 'link', attrs: { href: 'mailto:desk@example.com' } }]),
      text(' '),
      text('below', [{ type: 'link', attrs: { href: '#depths' } }]),
      text('.'),
    ),
    { type: 'heading', attrs: { level: 3 }, content: [text('What changed')] },
    {
      type: 'bulletList',
      content: [
        { type: 'listItem', content: [paragraph(text('One'))] },
        {
          type: 'listItem',
          content: [
            paragraph(text('Two')),
            { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(text('Two and a half'))] }] },
          ],
        },
      ],
    },
    {
      type: 'orderedList',
      attrs: { start: 3 },
      content: [
        { type: 'listItem', content: [paragraph(text('Third'))] },
        { type: 'listItem', content: [paragraph(text('Fourth'))] },
      ],
    },
    { type: 'heading', attrs: { level: 4 }, content: [text('Said and quoted')] },
    { type: 'blockquote', content: [paragraph(text('A quoted line.')), paragraph(text('And another.'))] },
    {
      type: 'pullQuote',
      attrs: { attribution: 'Mara Quint, harbour master' },
      content: [text('We will not wait '), text('another', [{ type: 'italic' }]), text(' year.')],
    },
    { type: 'pullQuote', attrs: { attribution: '' } },
    { type: 'paywallBreak' },
    { type: 'codeBlock', attrs: { language: 'ts' }, content: [text('const depth = 12;\nconsole.log(depth);')] },
    { type: 'codeBlock', attrs: { language: null }, content: [text('plain')] },
    { type: 'horizontalRule' },
    {
      type: 'figure',
      attrs: { imageId: IMAGE_ID, alt: 'A dredger in the harbour mouth', caption: 'Work resumed on Monday.', credit: 'Photo: Mara Quint' },
    },
    {
      type: 'table',
      content: [
        { type: 'tableRow', content: [cell('tableHeader', 'Berth'), cell('tableHeader', 'Depth')] },
        { type: 'tableRow', content: [cell('tableCell', 'North'), cell('tableCell', '12 m', { colwidth: [120] })] },
        { type: 'tableRow', content: [cell('tableCell', 'Both berths', { colspan: 2 })] },
      ],
    },
    paragraph(),
    paragraph(text('The end.')),
  ],
};

async function bodyDoc(page: Page): Promise<unknown> {
  return JSON.parse(await page.locator('input[name="bodyDoc"]').inputValue());
}

async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}) — ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * The file pickers a page opens, caught from the page's start: listening only just before the key
 * press races Playwright's switch to intercepting pickers on a loaded machine.
 */
function catchFileChoosers(page: Page): () => Promise<FileChooser> {
  const waiting: FileChooser[] = [];
  page.on('filechooser', (chooser) => waiting.push(chooser));
  return async () => {
    await expect.poll(() => waiting.length, { timeout: 15_000 }).toBeGreaterThan(0);
    const chooser = waiting.shift();
    if (!chooser) throw new Error('no file picker opened');
    return chooser;
  };
}

async function focusEditorByTab(page: Page): Promise<void> {
  for (let i = 0; i < 8; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.classList.contains('body-editor__area') ?? false)) return;
  }
  throw new Error('Tab never reached the editor');
}

// Keyboard typing into a real Chromium on a loaded two-core machine loses a keystroke now and then
// (seen once in three full runs: a typed phrase missing, a paste landing before the End key had
// moved the caret). A failure must repeat to count; docs/STATUS.md tracks finding the cause.
describe('the body editor island in Chromium', { retry: 2 }, () => {
  let server: FixtureServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startFixtureServer(await buildIsland());
    const markdown = '## Harbour reopens after a year';
    server.setDoc('every', EVERY_NODE, { markdown });
    server.setDoc('every-with-images', EVERY_NODE, { markdown, images: { [IMAGE_ID]: `/media/${IMAGE_ID}/320.png` } });
    server.setDoc('markdown-only', null, { markdown: 'A body written before the editor existed.' });
    server.setDoc('refused', EVERY_NODE, { markdown, problem: 'A picture needs alt text.' });
    server.setDoc('read-only', EVERY_NODE, { markdown, disabled: true });
    server.setDoc('unknown', { type: 'doc', content: [{ type: 'video', attrs: { src: 'x' } }, paragraph(text('Kept.'))] });
    server.setDoc('broken-attr', {
      type: 'doc',
      content: [paragraph(text('x', [{ type: 'link', attrs: { href: 'https://example.com', target: '_blank' } }]))],
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('takes the textarea’s place per contract C: labelled "Body", only bodyDoc is posted', async () => {
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await page.goto(`${server.base}/story?doc=new`);
    const area = page.getByRole('textbox', { name: 'Body' });
    await area.waitFor();
    expect(await page.locator('textarea').isHidden()).toBe(true);
    expect(await page.locator('textarea').getAttribute('name')).toBeNull();
    const posted = await page.evaluate(() => {
      const form = document.querySelector('form');
      return form ? [...new FormData(form).keys()] : [];
    });
    expect(posted).toEqual(['_csrf', 'headline', 'bodyDoc']);
    expect(await bodyDoc(page)).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] });
    // The island's own stylesheet applies under the admin CSP (style-src 'self'): adopted, not inline.
    expect(await page.locator('.body-editor__toolbar').evaluate((e) => getComputedStyle(e).flexWrap)).toBe('wrap');
    for (const name of [
      'Bold',
      'Italic',
      'Heading',
      'List',
      'Numbered list',
      'Link',
      'Quote',
      'Pull quote',
      'Picture',
      'Paywall break',
      'Undo',
      'Redo',
    ]) {
      expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(1);
    }
    // A story form swapped into the page later gets its own editor.
    await page.locator('main').evaluate((main) => {
      main.insertAdjacentHTML(
        'beforeend',
        '<form method="post" action="/save"><label for="body-2">Body</label>' +
          '<div data-body-editor data-upload-url="/upload"><textarea id="body-2" name="body"></textarea>' +
          '<script type="application/json" data-body-doc>null</script></div></form>',
      );
    });
    await expect.poll(() => page.getByRole('textbox', { name: 'Body' }).count()).toBe(2);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('gives back a document holding every node and mark exactly as it was given', async () => {
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await page.goto(`${server.base}/story?doc=every`);
    await page.getByRole('textbox', { name: 'Body' }).waitFor();
    expect(await bodyDoc(page)).toEqual(EVERY_NODE);
    expect(await page.locator('textarea').getAttribute('name')).toBeNull();
    // What the editor shows of it: the picture from the page's URL template, the paywall break, the attribution field.
    expect(await page.getByRole('img', { name: 'A dredger in the harbour mouth' }).getAttribute('src')).toBe(`/media/${IMAGE_ID}/640.png`);
    expect(await page.getByText('Paywall break: walled readers stop here').count()).toBe(1);
    expect(await page.getByLabel('Attribution').first().inputValue()).toBe('Mara Quint, harbour master');
    expect(await page.locator('[data-word-count]').textContent()).toBe('61');
    // A page that names its pictures' addresses has them shown from there.
    await page.goto(`${server.base}/story?doc=every-with-images`);
    expect(await page.getByRole('img', { name: 'A dredger in the harbour mouth' }).getAttribute('src')).toBe(`/media/${IMAGE_ID}/320.png`);
    expect(await bodyDoc(page)).toEqual(EVERY_NODE);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('carries the page’s notes on the body over to the editor, and hides the Markdown hint', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.base}/story?doc=refused`);
    const area = page.getByRole('textbox', { name: 'Body' });
    await area.waitFor();
    expect(await page.locator('#body-hint').isHidden()).toBe(true);
    expect(await area.getAttribute('aria-invalid')).toBe('true');
    const described = (await area.getAttribute('aria-describedby'))?.split(' ') ?? [];
    expect(described[0]).toBe('body-error');
    expect(described).not.toContain('body-hint');
    expect(await page.locator(`#${described[1]}`).textContent()).toContain('Alt+F10');
    await page.close();
  });

  it('shows a disabled body read-only: no toolbar, nothing posted, attribution fixed', async () => {
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await page.goto(`${server.base}/story?doc=read-only`);
    const area = page.getByRole('textbox', { name: 'Body' });
    await area.waitFor();
    expect(await area.getAttribute('contenteditable')).toBe('false');
    expect(await area.getAttribute('aria-readonly')).toBe('true');
    expect(await page.getByRole('toolbar').count()).toBe(0);
    expect(await page.getByLabel('Attribution').first().getAttribute('readonly')).not.toBeNull();
    const posted = await page.evaluate(() => {
      const form = document.querySelector('form');
      return form ? [...new FormData(form).keys()] : [];
    });
    expect(posted).toEqual(['_csrf', 'headline']);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('leaves the Markdown textarea, named body, when the editor would lose part of the document', async () => {
    for (const doc of ['unknown', 'broken-attr', 'markdown-only']) {
      const page = await browser.newPage();
      await page.goto(`${server.base}/story?doc=${doc}`);
      await page.locator('.body-editor__notice').waitFor();
      expect(await page.locator('.body-editor, dialog').count(), doc).toBe(0);
      expect(await page.locator('textarea').getAttribute('name')).toBe('body');
      expect(await page.locator('input[name="bodyDoc"]').count()).toBe(0);
      expect(await page.getByRole('textbox', { name: 'Body' }).isVisible()).toBe(true);
      await page.close();
    }
  });

  // axe audits the whole page three times per width: slow on a shared machine, hence the longer timeout.
  it.each([1280, 390])(
    'passes axe with no violations at %d px, with and without a dialog open, and is screenshotted',
    async (width) => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const problems = watchProblems(page);
      await page.goto(`${server.base}/story?doc=every`);
      const area = page.getByRole('textbox', { name: 'Body' });
      await area.waitFor();
      expect(await axeViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${SHOTS}/editor-${width}.png`, fullPage: true });
      // The table's own buttons show only inside a table.
      expect(await page.getByRole('button', { name: 'Add row' }).isVisible()).toBe(false);
      await page.getByRole('cell', { name: 'North' }).click();
      expect(await page.getByRole('button', { name: 'Add row' }).isVisible()).toBe(true);
      await page.screenshot({ path: `${SHOTS}/editor-${width}-table.png` });
      await page.getByRole('button', { name: 'Picture', exact: true }).click();
      await page.getByRole('dialog', { name: 'Picture' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/editor-${width}-picture-dialog.png` });
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Link', exact: true }).click();
      await page.getByRole('dialog', { name: 'Link' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      expect(problems).toEqual([]);
      await context.close();
    },
    150_000,
  );

  it('writes a story with the keyboard alone, and posts exactly the expected document', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems = watchProblems(page);
    const nextFileChooser = catchFileChoosers(page);
    await page.goto(`${server.base}/story?doc=new`);
    await page.getByRole('textbox', { name: 'Body' }).waitFor();
    await page.evaluate(() => {
      const form = document.querySelector('form');
      form?.addEventListener('body-editor:change', () => {
        form.dataset.changes = String(Number(form.dataset.changes ?? '0') + 1);
      });
    });
    const keys = page.keyboard;
    const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    await focusEditorByTab(page);

    await keys.press('Control+Alt+2');
    await keys.type('Harbour reopens');
    expect(await page.getByRole('button', { name: 'Heading', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await keys.press('Enter');

    await keys.type('The harbour is ');
    await keys.press('Control+b');
    await keys.type('open');
    expect(await page.getByRole('button', { name: 'Bold' }).getAttribute('aria-pressed')).toBe('true');
    await keys.press('Control+b');
    await keys.type(' again, says the council');
    for (let i = 0; i < 'council'.length; i += 1) await keys.press('Shift+ArrowLeft');
    await keys.press('Control+k');
    const linkDialog = page.getByRole('dialog', { name: 'Link' });
    await linkDialog.waitFor();
    await keys.type('javascript:alert(1)');
    await keys.press('Enter');
    await linkDialog.getByText('Use an https:// or http:// address').waitFor();
    expect(await page.getByLabel('Link address').getAttribute('aria-invalid')).toBe('true');
    await keys.press('Control+a');
    await keys.type('example.com/council');
    await keys.press('Enter');
    await linkDialog.waitFor({ state: 'hidden' });
    await keys.press('End');
    await keys.type('.');
    await keys.press('Enter');

    await keys.press('Control+Shift+8');
    await keys.type('Dredging done');
    await keys.press('Enter');
    await keys.type('Berths open');
    await keys.press('Enter');
    await keys.press('Enter');

    await keys.press('Control+Shift+b');
    await keys.type('It is a good day.');
    await keys.press('Enter');
    await keys.press('Enter');

    await keys.press('Control+Alt+p');
    await keys.type('We will not wait another year');
    await keys.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('label')?.textContent)).toBe('Attribution ');
    await keys.type('Mara Quint, harbour master');
    await keys.press('Enter');
    await keys.press('Enter');

    await keys.type('That is the lead-in.');
    await keys.press('Control+Alt+w');
    await keys.type('Walled readers see this.');

    // The picture: Alt+F10 to the toolbar, arrows to Picture, Enter; the file picker from the keyboard.
    await keys.press('Alt+F10');
    await keys.press('Home');
    while ((await focused()) !== 'Picture') await keys.press('ArrowRight');
    await keys.press('Enter');
    const pictureDialog = page.getByRole('dialog', { name: 'Picture' });
    await pictureDialog.waitFor();
    await keys.press('Space');
    const chooser = nextFileChooser();
    const png = await import('sharp').then(({ default: sharp }) =>
      sharp({ create: { width: 32, height: 20, channels: 3, background: '#888' } })
        .png()
        .toBuffer(),
    );
    await (await chooser).setFiles({ name: 'dredger.png', mimeType: 'image/png', buffer: png });
    await keys.press('Tab');
    await keys.press('Enter');
    await pictureDialog.getByText('Write the alt text').waitFor();
    expect(server.uploads).toEqual([]);
    expect(await page.getByLabel('Alt text (required)').evaluate((e) => e === document.activeElement)).toBe(true);
    await keys.type('A dredger in the harbour mouth');
    await keys.press('Tab');
    await keys.type('Work resumed on Monday.');
    await keys.press('Tab');
    await keys.type('Photo: Mara Quint');
    await keys.press('Enter');
    await pictureDialog.waitFor({ state: 'hidden' });
    await page.getByRole('img', { name: 'A dredger in the harbour mouth' }).waitFor();
    expect(server.uploads).toHaveLength(1);
    const upload = server.uploads[0];
    expect(upload).toMatchObject({ csrf: CSRF, filename: 'dredger.png', contentType: 'image/png', bytes: png.byteLength });

    const expected = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [text('Harbour reopens')] },
        paragraph(
          text('The harbour is '),
          text('open', [{ type: 'bold' }]),
          text(' again, says the '),
          text('council', [{ type: 'link', attrs: { href: 'https://example.com/council' } }]),
          text('.'),
        ),
        {
          type: 'bulletList',
          content: [
            { type: 'listItem', content: [paragraph(text('Dredging done'))] },
            { type: 'listItem', content: [paragraph(text('Berths open'))] },
          ],
        },
        { type: 'blockquote', content: [paragraph(text('It is a good day.'))] },
        { type: 'pullQuote', attrs: { attribution: 'Mara Quint, harbour master' }, content: [text('We will not wait another year')] },
        paragraph(text('That is the lead-in.')),
        { type: 'paywallBreak' },
        paragraph(text('Walled readers see this.')),
        {
          type: 'figure',
          attrs: {
            imageId: upload?.id,
            alt: 'A dredger in the harbour mouth',
            caption: 'Work resumed on Monday.',
            credit: 'Photo: Mara Quint',
          },
        },
      ],
    };
    expect(await bodyDoc(page)).toEqual(expected);
    expect(await page.locator('[data-word-count]').textContent()).toBe('33');
    expect(Number(await page.locator('form[action="/save"]').getAttribute('data-changes'))).toBeGreaterThan(20);

    // Enter on the selected picture opens its details; Escape leaves them as they were.
    await keys.press('Enter');
    await pictureDialog.waitFor();
    expect(await page.getByLabel('Alt text (required)').inputValue()).toBe('A dredger in the harbour mouth');
    await keys.press('Escape');
    await pictureDialog.waitFor({ state: 'hidden' });

    // A second paywall break moves the one there is; undo puts it back.
    await page.waitForTimeout(600);
    await keys.press('Control+Home');
    await keys.press('Control+Alt+w');
    const moved = (await bodyDoc(page)) as { content: { type: string }[] };
    expect(moved.content.map((n) => n.type)).toEqual([
      'heading',
      'paywallBreak',
      'paragraph',
      'bulletList',
      'blockquote',
      'pullQuote',
      'paragraph',
      'paragraph',
      'figure',
    ]);
    await keys.press('Control+z');
    expect(await bodyDoc(page)).toEqual(expected);

    // A paste that brings a paywall break keeps the pasted one and drops the old one.
    await keys.press('Control+Home');
    await keys.press('End');
    // The paste goes where the editor's selection is: wait until the caret has reached the end of
    // the first block (a loaded machine can deliver the paste before the End key has moved it),
    // and for the editor to read that selection.
    await page.waitForFunction(() => {
      const first = document.querySelector('.body-editor__area')?.firstElementChild;
      const sel = document.getSelection();
      return !!first && !!sel?.focusNode && first.contains(sel.focusNode) && sel.focusOffset === (sel.focusNode.textContent ?? '').length;
    });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
    await page.locator('.body-editor__area').evaluate((area) => {
      const data = new DataTransfer();
      data.setData('text/html', '<div data-paywall-break></div>');
      area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    const pasted = (await bodyDoc(page)) as { content: { type: string }[] };
    expect(pasted.content.map((n) => n.type)).toEqual(moved.content.map((n) => n.type));
    await keys.press('Control+z');
    expect(await bodyDoc(page)).toEqual(expected);

    await page.screenshot({ path: `${SHOTS}/editor-keyboard-story.png`, fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  /** A new story's editor, focused from the keyboard, with one line typed. */
  async function newStoryWithALine() {
    const page = await browser.newPage();
    const problems = watchProblems(page);
    const nextFileChooser = catchFileChoosers(page);
    await page.goto(`${server.base}/story?doc=new`);
    await page.getByRole('textbox', { name: 'Body' }).waitFor();
    await focusEditorByTab(page);
    await page.keyboard.type('Before the picture.');
    return { page, problems, nextFileChooser };
  }

  it('goes on typing after a picture just inserted, without replacing it', async () => {
    const { page, problems, nextFileChooser } = await newStoryWithALine();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Picture', exact: true }).click();
    await expect.poll(() => page.getByLabel('Picture file').evaluate((e) => e === document.activeElement)).toBe(true);
    await page.keyboard.press('Space');
    const png = await import('sharp').then(({ default: sharp }) =>
      sharp({ create: { width: 16, height: 10, channels: 3, background: '#468' } })
        .png()
        .toBuffer(),
    );
    await (await nextFileChooser()).setFiles({ name: 'quay.png', mimeType: 'image/png', buffer: png });
    await page.getByLabel('Alt text (required)').fill('The quay at dawn');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Picture' }).waitFor({ state: 'hidden' });
    await page.getByRole('img', { name: 'The quay at dawn' }).waitFor();
    // The picture is selected (Enter would open its details); typing writes a new line after it.
    await page.keyboard.type('After the picture.');
    const doc = (await bodyDoc(page)) as { content: { type: string; content?: { text: string }[] }[] };
    expect(doc.content.map((n) => n.type)).toEqual(['paragraph', 'figure', 'paragraph']);
    expect(doc.content[2]?.content?.[0]?.text).toBe('After the picture.');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows a refused upload next to the file field and inserts nothing', async () => {
    const { page, problems, nextFileChooser } = await newStoryWithALine();
    const before = await bodyDoc(page);
    await page.getByRole('button', { name: 'Picture', exact: true }).click();
    await expect.poll(() => page.getByLabel('Picture file').evaluate((e) => e === document.activeElement)).toBe(true);
    await page.keyboard.press('Space');
    const chooser = nextFileChooser();
    await (await chooser).setFiles({ name: 'refused.png', mimeType: 'image/png', buffer: Buffer.from('not really a picture') });
    await page.getByLabel('Alt text (required)').fill('Anything');
    await page.keyboard.press('Enter');
    const error = page.getByText('That picture is larger than 20 MB.');
    await error.waitFor();
    expect(await page.getByLabel('Picture file').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Picture file').evaluate((e) => e === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Picture' }).waitFor({ state: 'hidden' });
    expect(await bodyDoc(page)).toEqual(before);
    // The refused upload's 413 (and Chromium's console line about it) is the only problem the page saw.
    expect(problems).toEqual([
      `413: ${server.base}/upload`,
      'Failed to load resource: the server responded with a status of 413 (Payload Too Large)',
    ]);
    await page.close();
  });
});
