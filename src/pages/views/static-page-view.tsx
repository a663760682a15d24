/** A static page for readers: its title, its body (sanitized Markdown blocks), when it last changed. */
import type { Block } from '../../articles/index.js';
import { formatDate } from '../../views/format.js';
import { Layout, type PageChrome } from '../../views/layout.js';

export function StaticPageView({
  chrome,
  path,
  title,
  blocks,
  updatedAt,
  timeZone,
}: {
  chrome: PageChrome;
  path: string;
  title: string;
  blocks: Block[];
  updatedAt: Date | null;
  timeZone: string;
}) {
  const description = blocks.find((b) => b.type === 'paragraph')?.text.slice(0, 200);
  return (
    <Layout chrome={chrome} title={`${title} | ${chrome.site.name}`} description={description} canonicalPath={path}>
      <article class="article static-page">
        <h1>{title}</h1>
        <div class="body" dangerouslySetInnerHTML={{ __html: blocks.map((b) => b.html).join('\n') }} />
        {updatedAt ? (
          <p class="meta">
            Last updated <time dateTime={updatedAt.toISOString()}>{formatDate(updatedAt, timeZone)}</time>
          </p>
        ) : null}
      </article>
    </Layout>
  );
}
