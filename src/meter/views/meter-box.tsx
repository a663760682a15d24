/**
 * The meter on the article page, in the server's HTML (no script fills anything in): the
 * counter under a metered article, the last-free notice, "register for N more", the paywall,
 * the gift-link line and the "give this article" link. Pure: typed props in, markup out. Every
 * way in (register, sign in, subscribe) brings the reader back to the story (`box.links`).
 */
import type { MeterBox as MeterBoxProps } from '../meter-presenter.js';

const LIST = new Intl.ListFormat('en', { type: 'conjunction' });

export function MeterBox({ box }: { box: MeterBoxProps }) {
  switch (box.kind) {
    case 'counter':
      return <MeterCounter box={box} />;
    case 'wall':
      return <Paywall box={box} />;
    case 'gift':
      return (
        <aside class="meter meter-gift no-print" aria-label="Gift article">
          <p>
            You read this story as a gift from a subscriber. <a href={box.links.subscribe}>Subscribe</a> to read everything we publish.
          </p>
        </aside>
      );
    case 'give':
      return (
        <aside class="meter meter-give no-print" aria-label="Share this article">
          <p>
            <a href={`/account/gift-links/new?article=${encodeURIComponent(box.articleId)}`}>Give this article</a> to a friend: they can
            read it free.
          </p>
        </aside>
      );
  }
}

function MeterCounter({ box }: { box: Extract<MeterBoxProps, { kind: 'counter' }> }) {
  return (
    <aside class={box.last ? 'meter meter-counter meter-last no-print' : 'meter meter-counter no-print'} aria-label="Free articles">
      {box.last ? (
        <p class="meter-last-notice">
          <strong>This is your last free article {box.phrase}.</strong>
        </p>
      ) : null}
      <p>
        You’ve read <strong class="meter-used">{box.used}</strong> of <strong class="meter-allowance">{box.allowance}</strong> free articles{' '}
        {box.phrase}. <a href={box.links.subscribe}>Subscribe for unlimited access.</a>
      </p>
      {box.registerMore > 0 ? (
        <p class="meter-register">
          <a href={box.links.signup}>Register for {box.registerMore} more</a> free articles, or <a href={box.links.signin}>sign in</a>.
        </p>
      ) : null}
    </aside>
  );
}

function Paywall({ box }: { box: Extract<MeterBoxProps, { kind: 'wall' }> }) {
  const w = box.words;
  return (
    <section class="paywall" aria-labelledby="paywall-h">
      <p class="paywall-intro">{box.intro}</p>
      <h2 id="paywall-h">{w.heading}</h2>
      {w.tagline ? <p class="paywall-tagline">{w.tagline}</p> : null}
      {box.registration ? (
        <div class="paywall-register">
          <div dangerouslySetInnerHTML={{ __html: w.registerPitchHtml }} />
          <p>
            <a class="button" href={box.links.signup}>
              Register for {box.registerMore} more
            </a>
          </p>
        </div>
      ) : null}
      <div class="paywall-pitch" dangerouslySetInnerHTML={{ __html: w.pitchHtml }} />
      {box.offer ? (
        <div class="paywall-offer">
          <p>
            <strong>{box.offer.price}</strong>: {LIST.format(box.offer.includes)}.
          </p>
        </div>
      ) : null}
      <p class="paywall-actions">
        <a class="button button-primary" href={box.links.subscribe}>
          Subscribe
        </a>{' '}
        {box.signedIn ? null : (
          // One piece, so a narrow screen does not put the question and its link on separate lines.
          <span class="paywall-signin">
            Already a subscriber? <a href={box.links.signin}>Sign in</a>
          </span>
        )}
      </p>
      <article class="paywall-letter" aria-labelledby="paywall-letter-h">
        <h3 id="paywall-letter-h">{w.letterTitle}</h3>
        <div dangerouslySetInnerHTML={{ __html: w.letterHtml[box.wording] }} />
        <p class="signature">{w.signature}</p>
      </article>
    </section>
  );
}
