/**
 * The daily email's HTML: table layout (the layout every major mail program renders, Outlook's
 * Word engine included), one 600-pixel column that narrows on a phone, classes in one style
 * sheet that juice moves into style attributes (mail programs that drop <style> keep the light
 * look), and a dark scheme in a media query that programs which honour it apply. No script, no
 * remote font, no tracking pixel. Pure function of typed props.
 */
import type { EmailStory, RecipientLinks } from '../edition-email-types.js';

export interface EditionEmailProps {
  siteName: string;
  homeUrl: string;
  subject: string;
  dateLabel: string;
  intro: string;
  stories: EmailStory[];
  viewInBrowserUrl: string;
  links: RecipientLinks;
}

/**
 * Inlined by juice. Colours are chosen to read in both schemes: programs that invert light
 * emails by themselves (Gmail's app, Outlook.com) get dark text on a light ground to invert.
 */
export const EDITION_EMAIL_CSS = `
body { margin: 0; padding: 0; background-color: #f4f1ea; }
.canvas { background-color: #f4f1ea; }
.sheet { background-color: #fffdf8; max-width: 600px; width: 100%; }
.pad { padding: 20px 24px; }
.masthead { font-family: Georgia, 'Times New Roman', serif; font-size: 30px; font-weight: bold; color: #1a1a1a; text-decoration: none; }
.dateline { font-family: Arial, Helvetica, sans-serif; font-size: 13px; color: #595959; text-transform: uppercase; letter-spacing: 1px; }
.topnote { font-family: Arial, Helvetica, sans-serif; font-size: 12px; color: #595959; }
.topnote a { color: #595959; }
.intro { font-family: Georgia, 'Times New Roman', serif; font-size: 18px; line-height: 1.5; color: #1a1a1a; margin: 0; }
.rule { border-top: 1px solid #d9d4c7; }
.story { padding: 20px 24px; border-top: 1px solid #d9d4c7; }
.kicker { font-family: Arial, Helvetica, sans-serif; font-size: 12px; font-weight: bold; color: #8a1c1c; text-transform: uppercase; letter-spacing: 1px; margin: 0 0 6px; }
.headline { font-family: Georgia, 'Times New Roman', serif; font-size: 22px; line-height: 1.25; font-weight: bold; margin: 0 0 8px; }
.headline a { color: #1a1a1a; text-decoration: none; }
.dek { font-family: Georgia, 'Times New Roman', serif; font-size: 16px; line-height: 1.5; color: #333333; margin: 0 0 8px; }
.byline { font-family: Arial, Helvetica, sans-serif; font-size: 13px; color: #595959; margin: 0 0 8px; }
.more { font-family: Arial, Helvetica, sans-serif; font-size: 14px; font-weight: bold; margin: 0; }
.more a { color: #8a1c1c; }
.picture { display: block; width: 100%; max-width: 552px; height: auto; border: 0; margin: 0 0 12px; }
.footer { padding: 24px; font-family: Arial, Helvetica, sans-serif; font-size: 13px; line-height: 1.5; color: #595959; }
.footer a { color: #595959; }
.preheader { display: none; max-height: 0; overflow: hidden; mso-hide: all; font-size: 1px; line-height: 1px; color: #f4f1ea; }
`;

/** Kept in a <style> by juice (media queries cannot be inlined); the !important wins over inline styles. */
const RESPONSIVE_CSS = `
@media (max-width: 620px) {
  .pad, .story { padding-left: 16px !important; padding-right: 16px !important; }
  .headline { font-size: 20px !important; }
  .masthead { font-size: 26px !important; }
}
@media (prefers-color-scheme: dark) {
  body, .canvas { background-color: #121212 !important; }
  .sheet { background-color: #1e1e1e !important; }
  .masthead, .intro, .headline a { color: #f2f2f2 !important; }
  .dek { color: #d6d6d6 !important; }
  .dateline, .topnote, .topnote a, .byline, .footer, .footer a { color: #b3b3b3 !important; }
  .kicker, .more a { color: #ff8a80 !important; }
  .rule, .story { border-color: #3a3a3a !important; }
}
`;

function Story({ story }: { story: EmailStory }) {
  return (
    <tr>
      <td class="story">
        {story.image ? (
          <a href={story.url}>
            <img class="picture" src={story.image.src} width={story.image.width} height={story.image.height} alt={story.image.alt} />
          </a>
        ) : null}
        {story.section ? <p class="kicker">{story.section}</p> : null}
        <h2 class="headline">
          <a href={story.url}>{story.headline}</a>
        </h2>
        {story.dek ? <p class="dek">{story.dek}</p> : null}
        {story.byline ? <p class="byline">{story.byline}</p> : null}
        <p class="more">
          <a href={story.url} aria-label={`Read “${story.headline}”`}>
            Read the story
          </a>
        </p>
      </td>
    </tr>
  );
}

export function EditionEmail(p: EditionEmailProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* Tells Apple Mail and others that the email has its own dark scheme (no forced inversion). */}
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <title>{p.subject}</title>
        <style>{EDITION_EMAIL_CSS}</style>
        <style data-embed="">{RESPONSIVE_CSS}</style>
      </head>
      <body class="canvas">
        <div class="preheader">{p.intro || p.stories[0]?.dek || p.subject}</div>
        <table role="presentation" class="canvas" width="100%" cellpadding="0" cellspacing="0" {...{ border: 0 }}>
          <tr>
            <td align="center">
              <table role="presentation" class="sheet" width="600" cellpadding="0" cellspacing="0" {...{ border: 0 }}>
                <tr>
                  <td class="pad topnote" align="right">
                    <a href={p.viewInBrowserUrl}>View in your browser</a>
                  </td>
                </tr>
                <tr>
                  <td class="pad">
                    <a class="masthead" href={p.homeUrl}>
                      {p.siteName}
                    </a>
                    <p class="dateline">{p.dateLabel}</p>
                  </td>
                </tr>
                {p.intro ? (
                  <tr>
                    <td class="pad">
                      <p class="intro">{p.intro}</p>
                    </td>
                  </tr>
                ) : null}
                {p.stories.map((s) => (
                  <Story key={s.url} story={s} />
                ))}
                <tr>
                  <td class="footer rule">
                    <p>You get this email because you signed up for the daily email of {p.siteName}, or your subscription includes it.</p>
                    <p>
                      <a href={p.links.preferencesUrl}>Manage your email preferences</a> · <a href={p.links.unsubscribeUrl}>Unsubscribe</a>
                    </p>
                  </td>
                </tr>
              </table>
            </td>
          </tr>
        </table>
      </body>
    </html>
  );
}
