/** A list of story teasers: picture, headline, dek, byline and time. Used by every front. */
import type { ArticleSummary } from '../articles/index.js';
import { articlePath, pictureHtml } from '../articles/index.js';
import type { SnippetPart } from '../reading/index.js';
import { formatDate, joinNames } from '../views/format.js';

export interface StoryTeaser {
  story: ArticleSummary;
  snippet?: SnippetPart[] | undefined;
}

export function StoryList({
  items,
  timeZone,
  leadFirst,
  headingLevel = 2,
}: {
  items: StoryTeaser[];
  timeZone: string;
  leadFirst?: boolean;
  headingLevel?: 2 | 3;
}) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ol class="stories">
      {items.map(({ story, snippet }, i) => {
        const href = articlePath(story, timeZone);
        const lead = leadFirst === true && i === 0;
        return (
          <li key={story.id} class={lead ? 'story lead' : 'story'}>
            {story.hero ? (
              <div
                class="teaser-picture"
                dangerouslySetInnerHTML={{
                  __html: pictureHtml(
                    story.hero.image,
                    story.hero.alt,
                    lead ? '(min-width: 48rem) 60vw, 100vw' : '(min-width: 64rem) 22rem, (min-width: 48rem) 45vw, 100vw',
                    i < 3 ? 'eager' : 'lazy',
                    { x: story.hero.focalX, y: story.hero.focalY },
                  ),
                }}
              />
            ) : null}
            <div>
              <a class="kicker" href={`/${story.section.slug}`}>
                {story.section.name}
              </a>
              <H>
                <a href={href}>{story.headline}</a>
              </H>
              {snippet ? (
                <p class="snippet">{snippet.map((p, j) => (p.hit ? <mark key={j}>{p.text}</mark> : p.text))}</p>
              ) : story.dek ? (
                <p>{story.dek}</p>
              ) : null}
              <p class="meta">
                {joinNames(story.authors.map((a) => a.name))}
                {story.publishedAt ? (
                  <>
                    {' · '}
                    <time dateTime={story.publishedAt.toISOString()}>{formatDate(story.publishedAt, timeZone)}</time>
                  </>
                ) : null}
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}

export function Pager({ basePath, page, pages, query }: { basePath: string; page: number; pages: number; query?: Record<string, string> }) {
  if (pages <= 1) return null;
  const href = (p: number) => {
    const params = new URLSearchParams({ ...(query ?? {}), ...(p > 1 ? { page: String(p) } : {}) });
    const qs = params.toString();
    return qs ? `${basePath}?${qs}` : basePath;
  };
  return (
    <nav class="pager" aria-label="Pages">
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev">
          ← Newer stories
        </a>
      ) : (
        <span />
      )}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <a href={href(page + 1)} rel="next">
          Older stories →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
