/**
 * The pages of the daily email's unsubscribe link: the button a GET shows (mail scanners open
 * links; only the POST unsubscribes), the confirmation, and the page for a link that is not ours.
 * Each links to the email preferences in /account. Pure: typed props in, markup out.
 */
import type { ComponentChildren } from 'preact';
import { Layout, type PageChrome } from '../../views/layout.js';

function Page({ chrome, title, children }: { chrome: PageChrome; title: string; children: ComponentChildren }) {
  return (
    <Layout chrome={chrome} title={`${title} | ${chrome.site.name}`} noindex>
      <div class="account">
        <h1 class="page-title">{title}</h1>
        {children}
      </div>
    </Layout>
  );
}

const Preferences = () => (
  <p>
    You can change which emails you get, or start the daily email again, in <a href="/account#preferences-title">your email preferences</a>{' '}
    (sign in if you are asked to).
  </p>
);

export function UnsubscribeButtonPage({ chrome, action, already }: { chrome: PageChrome; action: string; already: boolean }) {
  if (already)
    return (
      <Page chrome={chrome} title="You are unsubscribed">
        <p>The daily email is not sent to you any more.</p>
        <Preferences />
      </Page>
    );
  return (
    <Page chrome={chrome} title="Stop the daily email?">
      <p>Press the button and we stop sending you the daily email at once. Other messages about your account are not affected.</p>
      <form method="post" action={action} aria-label="Unsubscribe from the daily email">
        <input type="hidden" name="List-Unsubscribe" value="One-Click" />
        <button type="submit">Unsubscribe</button>
      </form>
      <Preferences />
    </Page>
  );
}

export function UnsubscribedPage({ chrome }: { chrome: PageChrome }) {
  return (
    <Page chrome={chrome} title="You are unsubscribed">
      <p>We have stopped the daily email for you. It takes effect at once: no further edition will be sent to you.</p>
      <Preferences />
    </Page>
  );
}

export function BadUnsubscribePage({ chrome, message }: { chrome: PageChrome; message: string }) {
  return (
    <Page chrome={chrome} title="This unsubscribe link does not work">
      <p>{message}</p>
      <p>Use the unsubscribe link of a recent email as it came, or stop the email in your account.</p>
      <Preferences />
    </Page>
  );
}
