/**
 * The meter on the article page, in the server's HTML (no script fills anything in): the
 * counter under a metered article, the last-free notice, "register for N more", the paywall,
 * the gift-link notice and the "give this article" link. Pure: typed props in, markup out.
 */
import type { MeterBox as MeterBoxProps } from '../meter-presenter.js';

const LIST = new Intl.ListFormat('en', { type: 'conjunction' });
const signInHref = (returnPath: string) => `/signin?return=${encodeURIComponent(returnPath)}`;

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
            A subscriber gave you this article: reading it costs you nothing. <a href="/subscribe">Subscribe</a> to read everything we
            publish.
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
        {box.phrase}. <a href="/subscribe">Subscribe for unlimited access.</a>
      </p>
      {box.registerMore > 0 ? (
        <p class="meter-register">
          <a href="/signup">Register for {box.registerMore} more</a> free articles, or <a href={signInHref(box.returnPath)}>sign in</a>.
        </p>
      ) : null}
    </aside>
  );
}

function Paywall({ box }: { box: Extract<MeterBoxProps, { kind: 'wall' }> }) {
  const w = box.words;
  const intro =
    box.reason === 'subscribers-only'
      ? 'This story is for subscribers.'
      : box.registration
        ? `You’ve used your free articles ${box.phrase}.`
        : `You’ve read all your free articles ${box.phrase}.`;
  return (
    <section class="paywall" aria-labelledby="paywall-h">
      <p class="paywall-intro">{intro}</p>
      <h2 id="paywall-h">{w.heading}</h2>
      {w.tagline ? <p class="paywall-tagline">{w.tagline}</p> : null}
      {box.registration ? (
        <div class="paywall-register">
          <div dangerouslySetInnerHTML={{ __html: w.registerPitchHtml }} />
          <p>
            <a class="button" href="/signup">
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
        <a class="button button-primary" href="/subscribe">
          Subscribe
        </a>{' '}
        {box.signedIn ? null : (
          <>
            <span>Already a subscriber?</span> <a href={signInHref(box.returnPath)}>Sign in</a>
          </>
        )}
      </p>
      <article class="paywall-letter" aria-labelledby="paywall-letter-h">
        <h3 id="paywall-letter-h">{w.letterTitle}</h3>
        <div dangerouslySetInnerHTML={{ __html: w.letterHtml }} />
        <p class="signature">{w.signature}</p>
      </article>
    </section>
  );
}
