/**
 * The note at the top of a story, under the headline and dek: the gift note when a subscriber's
 * gift link opened it, or why the link in the URL did not (expired, used up, withdrawn, not a
 * link of ours) with the ways in that remain. Said plainly at the top rather than leaving the
 * friend to find the wall at the foot. Pure: typed props in, markup out.
 */
import type { ArticleNotice as ArticleNoticeProps, GiftProblem } from '../meter-presenter.js';

const PROBLEM: Record<GiftProblem, { title: string; why: string }> = {
  expired: { title: 'This gift link has expired.', why: 'Gift links work for a limited time after a subscriber makes them.' },
  'used-up': {
    title: 'This gift link has already been used.',
    why: 'Each gift link is for a set number of readers, and this one has had them all.',
  },
  'read-limit': {
    title: 'This gift link has been opened as many times as it allows.',
    why: 'Each reader of a gift link can open it a few times.',
  },
  revoked: { title: 'This gift link has been withdrawn.', why: 'The subscriber who shared it has cancelled it.' },
  unknown: { title: 'This gift link does not work.', why: 'Part of it may be missing: check that the whole link was copied.' },
};

export function ArticleNotice({ notice }: { notice: ArticleNoticeProps }) {
  if (notice.kind === 'gift') {
    return (
      <aside class="article-notice gift-note no-print" aria-label="Gift article">
        <p>
          <strong>A subscriber gave you this article.</strong> Reading it is free, and it does not count toward your free articles.
        </p>
      </aside>
    );
  }
  if (notice.kind === 'print') {
    return (
      <aside class="article-notice gift-note no-print" aria-label="From the magazine">
        <p>
          <strong>From this week’s magazine.</strong> You scanned its code, so this story is yours to read in full, and it does not count
          toward your free articles.
        </p>
      </aside>
    );
  }
  const words = PROBLEM[notice.problem];
  const l = notice.links;
  const signIn = notice.signedIn ? null : (
    <>
      {' '}
      Already a subscriber? <a href={l.signin}>Sign in</a>.
    </>
  );
  return (
    <aside class="article-notice gift-problem no-print" aria-label="Gift link">
      <p>
        <strong>{words.title}</strong> {words.why}
      </p>
      {notice.counted ? (
        <p>
          You can still read this story: it is one of your free articles ({notice.counted.used} of {notice.counted.allowance}{' '}
          {notice.counted.phrase}).
        </p>
      ) : null}
      <p class="gift-problem-ways">
        {notice.registerMore > 0 ? (
          <>
            <a href={l.signup}>Register for {notice.registerMore} more free articles</a>, or{' '}
            <a href={l.subscribe}>subscribe for unlimited access</a>.
          </>
        ) : notice.subscribersOnly ? (
          <>
            This story is for subscribers: <a href={l.subscribe}>subscribe to read it</a>.
          </>
        ) : (
          <>
            <a href={l.subscribe}>Subscribe for unlimited access</a>.
          </>
        )}
        {signIn}
      </p>
    </aside>
  );
}
