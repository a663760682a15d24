import { launchChromium } from './src/test-support/browser.js';
import { createTestApp, seedBasics } from './src/test-support/test-app.js';

const para = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const t = await createTestApp('sqlite');
await seedBasics(t.services);
await t.services.articles.create(
  {
    headline: 'Ferry crossings cut until February',
    dek: 'Two sailings a day are gone while the company hires crew.',
    section: 'news',
    authors: ['mara-quint'],
    status: 'published',
    access: 'free',
    publishedAt: new Date('2026-11-20T08:00:00Z'),
    updates: [
      { notedAt: new Date('2026-11-20T12:00:00Z'), note: 'Adds the council’s response.' },
      { notedAt: new Date('2026-11-21T09:00:00Z'), note: 'An earlier version gave the wrong month for the end of the cut.', correction: true },
    ],
    bodyDoc: {
      type: 'doc',
      content: [
        para('The ferry company said on Monday that two crossings a day would stop until February, after six deckhands left for the oil terminal over the summer.'),
        para('Islanders who commute to the mainland said the cut would cost them the early boat, the one that reaches the quay before the shops open.'),
        { type: 'pullQuote', attrs: { attribution: 'Ines Harlow, Sallow Island resident' }, content: [{ type: 'text', text: 'Without the early boat, half the island cannot get to work on time.' }] },
        para('The council has asked the company to publish a recovery plan before the end of the month, and to say how many crew it is training.'),
      ],
    },
  },
  'desk',
);
await t.services.articles.create(
  {
    headline: 'Harbour dredging delayed until spring',
    section: 'news',
    authors: ['mara-quint'],
    status: 'published',
    publishedAt: new Date('2026-11-22T08:00:00Z'),
    updates: [{ notedAt: new Date('2026-11-23T10:00:00Z'), note: 'We misspelt the harbour master’s name. It is Aurelio Brandt.', correction: true }],
    body: 'The harbour authority voted to delay the dredging.',
  },
  'desk',
);
const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
const browser = await launchChromium();
for (const [name, path] of [['pullquote', '/news/2026/11/20/ferry-crossings-cut-until-february'], ['corrections', '/corrections']] as const) {
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(address + path);
    if (name === 'pullquote') await page.locator('.pull-quote').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/work/wt/shots/body-${name}-${width}.png`, fullPage: name === 'corrections' });
    await page.close();
  }
}
await browser.close();
await t.close();
