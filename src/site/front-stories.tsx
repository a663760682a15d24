/**
 * A laid-out front (src/fronts decides it): the lead story large with its picture, headline and
 * dek; the secondary stories smaller, in a grid on wider screens; the rest a compact list of
 * headlines without pictures, so a phone does not scroll through a wall of equal pictures.
 */
import type { ArticleSummary } from '../articles/index.js';
import { articlePath, pictureHtml } from '../articles/index.js';
import type { Tier } from '../fronts/index.js';
import { formatDate, joinNames } from '../views/format.js';

export interface FrontStory {
  story: ArticleSummary;
  tier: Tier;
}

function Meta({ story, timeZone }: { story: ArticleSummary; timeZone: string }) {
  return (
    <p class="meta">
      {joinNames(story.authors.map((a) => a.name))}
      {story.publishedAt ? (
        <>
          {' · '}
          <time dateTime={story.publishedAt.toISOString()}>{formatDate(story.publishedAt, timeZone)}</time>
        </>
      ) : null}
    </p>
  );
}

function Kicker({ story, show }: { story: ArticleSummary; show: boolean }) {
  if (!show) return null;
  return (
    <a class="kicker" href={`/${story.section.slug}`}>
      {story.section.name}
    </a>
  );
}

/** `sectionFront`: every story is of that section, so no story names its section above the headline. */
export function FrontStories({
  items,
  timeZone,
  listTitle,
  sectionFront = false,
}: {
  items: FrontStory[];
  timeZone: string;
  listTitle: string;
  sectionFront?: boolean;
}) {
  const lead = items.find((i) => i.tier === 'lead')?.story;
  const secondaries = items.filter((i) => i.tier === 'secondary').map((i) => i.story);
  const rest = items.filter((i) => i.tier === 'list').map((i) => i.story);
  return (
    <div class="front">
      {lead ? (
        <article class={lead.hero ? 'front-lead' : 'front-lead no-picture'}>
          {lead.hero ? (
            <div
              class="teaser-picture"
              dangerouslySetInnerHTML={{ __html: pictureHtml(lead.hero.image, lead.hero.alt, '(min-width: 48rem) 44rem, 100vw', 'eager') }}
            />
          ) : null}
          <div class="front-lead-text">
            <Kicker story={lead} show={!sectionFront} />
            <h2>
              <a href={articlePath(lead, timeZone)}>{lead.headline}</a>
            </h2>
            {lead.dek ? <p class="dek">{lead.dek}</p> : null}
            <Meta story={lead} timeZone={timeZone} />
          </div>
        </article>
      ) : null}
      {secondaries.length > 0 ? (
        <ul class="front-secondary">
          {secondaries.map((story, i) => (
            <li key={story.id}>
              {story.hero ? (
                <div
                  class="teaser-picture"
                  dangerouslySetInnerHTML={{
                    __html: pictureHtml(
                      story.hero.image,
                      story.hero.alt,
                      '(min-width: 64rem) 16rem, (min-width: 48rem) 30vw, 7rem',
                      i < 2 ? 'eager' : 'lazy',
                    ),
                  }}
                />
              ) : null}
              <div>
                <Kicker story={story} show={!sectionFront} />
                <h2>
                  <a href={articlePath(story, timeZone)}>{story.headline}</a>
                </h2>
                {story.dek ? <p class="dek">{story.dek}</p> : null}
                <Meta story={story} timeZone={timeZone} />
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {rest.length > 0 ? (
        <section class="front-list" aria-labelledby="front-list-title">
          <h2 id="front-list-title">{listTitle}</h2>
          <ol>
            {rest.map((story) => (
              <li key={story.id}>
                <Kicker story={story} show={!sectionFront} />
                <h3>
                  <a href={articlePath(story, timeZone)}>{story.headline}</a>
                </h3>
                <Meta story={story} timeZone={timeZone} />
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}
