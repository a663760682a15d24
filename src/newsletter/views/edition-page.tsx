/**
 * "View in browser": a sent edition as a reader page (the site's layout, no script), its
 * stories as the fronts show them: headline, dek, byline, picture, and a link to each story,
 * where the story's own meter or wall applies.
 */
import type { ArticleSummary } from '../../articles/index.js';
import { StoryList } from '../../site/index.js';
import { Layout, type PageChrome } from '../../views/layout.js';

export function EditionPage({
  chrome,
  path,
  subject,
  dateLabel,
  intro,
  stories,
  timeZone,
}: {
  chrome: PageChrome;
  path: string;
  subject: string;
  dateLabel: string;
  intro: string;
  stories: ArticleSummary[];
  timeZone: string;
}) {
  return (
    <Layout
      chrome={chrome}
      title={`${subject} | The daily email | ${chrome.site.name}`}
      description={intro || `The daily email of ${chrome.site.name} for ${dateLabel}.`}
      canonicalPath={path}
    >
      <section class="listing newsletter-edition" aria-labelledby="edition-title">
        <header class="listing-head">
          <p class="kicker">The daily email · {dateLabel}</p>
          <h1 id="edition-title">{subject}</h1>
          {intro ? <p class="dek">{intro}</p> : null}
        </header>
        {stories.length > 0 ? (
          <StoryList items={stories.map((story) => ({ story }))} timeZone={timeZone} />
        ) : (
          <p>The stories of this edition are no longer on the site.</p>
        )}
        <p class="meta">
          <a href="/account">Sign up for the daily email, or change your email preferences</a>
        </p>
      </section>
    </Layout>
  );
}
