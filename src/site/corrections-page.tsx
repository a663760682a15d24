/**
 * /corrections: every correction on a live story, newest first, each with the story it corrects.
 * Corrections are data (an update note flagged `correction`), so this page and the story's
 * structured data say the same thing.
 */
import { articlePath, type CorrectionEntry } from '../articles/index.js';
import { formatDateTime } from '../views/format.js';
import { Layout, type PageChrome } from '../views/layout.js';
import { Pager } from './story-list.js';

export const CORRECTIONS_PATH = '/corrections';

export function CorrectionsPage({
  chrome,
  items,
  paging,
  timeZone,
}: {
  chrome: PageChrome;
  items: CorrectionEntry[];
  paging: { page: number; pages: number };
  timeZone: string;
}) {
  const suffix = paging.page > 1 ? ` — page ${paging.page}` : '';
  return (
    <Layout
      chrome={chrome}
      title={`Corrections${suffix} | ${chrome.site.name}`}
      description={`Corrections published by ${chrome.site.name}, newest first.`}
      canonicalPath={`${CORRECTIONS_PATH}${paging.page > 1 ? `?page=${paging.page}` : ''}`}
    >
      <h1 class="page-title">Corrections</h1>
      <p class="page-intro">When a story gets something wrong, we correct it and say so here and on the story itself. Newest first.</p>
      {items.length === 0 ? (
        <p class="page-intro">No corrections have been published.</p>
      ) : (
        <ol class="corrections">
          {items.map((c) => (
            <li key={c.id}>
              <h2>
                <a href={articlePath(c.article, timeZone)}>{c.article.headline}</a>
              </h2>
              <p class="correction-note">{c.note}</p>
              <p class="meta">
                {c.article.section.name} · Corrected <time dateTime={c.notedAt.toISOString()}>{formatDateTime(c.notedAt, timeZone)}</time>
              </p>
            </li>
          ))}
        </ol>
      )}
      <Pager basePath={CORRECTIONS_PATH} page={paging.page} pages={paging.pages} />
    </Layout>
  );
}
