/** What the daily email shows: the edition's content with every URL absolute, and one reader's links. */

export interface EmailImage {
  /** Absolute URL of a rendition sized for the email's column. */
  src: string;
  width: number;
  height: number;
  alt: string;
}

/** One story as the email shows it: every URL absolute (PUBLIC_URL). */
export interface EmailStory {
  headline: string;
  dek: string;
  /** The public article URL: the reader's sign-in state decides what they see there. */
  url: string;
  /** "By Mara Quint and Tobias Renn"; empty without authors. */
  byline: string;
  section: string;
  image: EmailImage | null;
}

export interface EditionEmailContent {
  siteName: string;
  homeUrl: string;
  subject: string;
  /** "Monday 7 December 2026". */
  dateLabel: string;
  intro: string;
  stories: EmailStory[];
  viewInBrowserUrl: string;
}

/** One of the edition's own links (what click counting counts): the front page, "view in browser", a story. */
export interface EditionLink {
  kind: 'home' | 'browser' | 'story';
  /** The story's headline; empty for the other kinds. */
  label: string;
  url: string;
}

/** One reader's links, supplied by the sender (the test send and the preview use /account for both). */
export interface RecipientLinks {
  unsubscribeUrl: string;
  preferencesUrl: string;
  /**
   * When the paper counts clicks: the URL the email carries instead of one of the edition's links
   * (its signed click link). Never asked for the unsubscribe and preferences links. Absent: the
   * plain public URLs.
   */
  clickUrl?: ((url: string) => string) | undefined;
}
