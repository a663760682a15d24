/** Fronts: the front page, section fronts, author and tag pages, search results. */
import type { ImageRef } from '../articles/index.js';
import { pictureHtml } from '../articles/index.js';
import type { Author } from '../authors/index.js';
import type { Section } from '../sections/index.js';
import type { Tag } from '../tags/index.js';
import { Layout, type PageChrome } from '../views/layout.js';
import { FrontStories, type FrontStory } from './front-stories.js';
import { Pager, StoryList, type StoryTeaser } from './story-list.js';

interface Paging {
  page: number;
  pages: number;
}

export function FrontPage({
  chrome,
  laidOut,
  items,
  paging,
  timeZone,
}: {
  chrome: PageChrome;
  /** The first page, as laid out; later pages list `items`. */
  laidOut?: FrontStory[] | undefined;
  items: StoryTeaser[];
  paging: Paging;
  timeZone: string;
}) {
  const title = paging.page > 1 ? `${chrome.site.name} — page ${paging.page}` : `${chrome.site.name} — ${chrome.site.tagline}`;
  return (
    <Layout
      chrome={{ ...chrome, currentSection: '' }}
      title={title}
      description={chrome.site.description}
      canonicalPath={paging.page > 1 ? `/?page=${paging.page}` : '/'}
    >
      <h1 class="visually-hidden">{chrome.site.name}: top stories</h1>
      {laidOut && laidOut.length > 0 ? (
        <FrontStories items={laidOut} timeZone={timeZone} listTitle="More stories" />
      ) : items.length > 0 ? (
        <StoryList items={items} timeZone={timeZone} />
      ) : (
        <p class="page-intro">No stories have been published yet.</p>
      )}
      <Pager basePath="/" page={paging.page} pages={paging.pages} />
    </Layout>
  );
}

export function SectionPage({
  chrome,
  section,
  laidOut,
  items,
  paging,
  timeZone,
}: {
  chrome: PageChrome;
  section: Section;
  /** The first page, as laid out; later pages list `items`. */
  laidOut?: FrontStory[] | undefined;
  items: StoryTeaser[];
  paging: Paging;
  timeZone: string;
}) {
  return (
    <Layout
      chrome={{ ...chrome, currentSection: section.slug }}
      title={`${section.name}${paging.page > 1 ? ` — page ${paging.page}` : ''} | ${chrome.site.name}`}
      description={section.description || undefined}
      canonicalPath={`/${section.slug}${paging.page > 1 ? `?page=${paging.page}` : ''}`}
      head={<link rel="alternate" type="application/rss+xml" title={`${section.name} (RSS)`} href={`/${section.slug}/feed.xml`} />}
    >
      <h1 class="page-title">{section.name}</h1>
      {section.description ? <p class="page-intro">{section.description}</p> : null}
      {laidOut && laidOut.length > 0 ? (
        <FrontStories items={laidOut} timeZone={timeZone} listTitle={`More from ${section.name}`} sectionFront />
      ) : items.length > 0 ? (
        <StoryList items={items} timeZone={timeZone} />
      ) : (
        <p class="page-intro">No stories in this section yet.</p>
      )}
      <Pager basePath={`/${section.slug}`} page={paging.page} pages={paging.pages} />
    </Layout>
  );
}

export function AuthorPage({
  chrome,
  author,
  photo,
  items,
  paging,
  timeZone,
}: {
  chrome: PageChrome;
  author: Author;
  photo?: ImageRef | undefined;
  items: StoryTeaser[];
  paging: Paging;
  timeZone: string;
}) {
  return (
    <Layout
      chrome={chrome}
      title={`${author.name} | ${chrome.site.name}`}
      description={author.bio || undefined}
      canonicalPath={`/authors/${author.slug}`}
    >
      {photo ? (
        <div class="author-photo" dangerouslySetInnerHTML={{ __html: pictureHtml(photo, `Portrait of ${author.name}`, '8rem', 'eager') }} />
      ) : null}
      <h1 class="page-title">{author.name}</h1>
      {author.bio ? <p class="page-intro">{author.bio}</p> : null}
      <h2 class="visually-hidden">Stories by {author.name}</h2>
      {items.length === 0 ? (
        <p class="page-intro">No published stories yet.</p>
      ) : (
        <StoryList items={items} timeZone={timeZone} headingLevel={3} />
      )}
      <Pager basePath={`/authors/${author.slug}`} page={paging.page} pages={paging.pages} />
    </Layout>
  );
}

export function TagPage({
  chrome,
  tag,
  items,
  paging,
  timeZone,
}: {
  chrome: PageChrome;
  tag: Tag;
  items: StoryTeaser[];
  paging: Paging;
  timeZone: string;
}) {
  return (
    <Layout chrome={chrome} title={`${tag.name} | ${chrome.site.name}`} canonicalPath={`/tags/${tag.slug}`}>
      <h1 class="page-title">Topic: {tag.name}</h1>
      {items.length === 0 ? (
        <p class="page-intro">No published stories on this topic yet.</p>
      ) : (
        <StoryList items={items} timeZone={timeZone} />
      )}
      <Pager basePath={`/tags/${tag.slug}`} page={paging.page} pages={paging.pages} />
    </Layout>
  );
}

/** The search page as the reader has it, for the header's sign-in link to come back to. */
function searchPath(query: string, page: number): string {
  const q = new URLSearchParams();
  if (query) q.set('q', query);
  if (page > 1) q.set('page', String(page));
  const qs = q.toString();
  return qs ? `/search?${qs}` : '/search';
}

export function SearchPage({
  chrome,
  query,
  items,
  total,
  paging,
  timeZone,
}: {
  chrome: PageChrome;
  query: string;
  items: StoryTeaser[];
  total: number;
  paging: Paging;
  timeZone: string;
}) {
  return (
    <Layout
      chrome={chrome}
      title={query ? `“${query}” — search | ${chrome.site.name}` : `Search | ${chrome.site.name}`}
      returnPath={searchPath(query, paging.page)}
      noindex
    >
      <h1 class="page-title">Search</h1>
      <form class="search-form" role="search" action="/search" method="get">
        <label class="visually-hidden" for="q-main">
          Search terms
        </label>
        <input id="q-main" type="search" name="q" value={query} maxLength={200} />
        <button type="submit">Search</button>
      </form>
      {query === '' ? (
        <p class="page-intro">Search headlines, summaries and stories.</p>
      ) : (
        <p class="page-intro" role="status">
          {total === 0 ? `No stories match “${query}”.` : `${total} ${total === 1 ? 'story matches' : 'stories match'} “${query}”.`}
        </p>
      )}
      {items.length > 0 ? <StoryList items={items} timeZone={timeZone} /> : null}
      <Pager basePath="/search" page={paging.page} pages={paging.pages} query={{ q: query }} />
    </Layout>
  );
}
