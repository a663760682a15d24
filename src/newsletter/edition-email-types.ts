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

/** One reader's links, supplied by the sender (the test send and the preview use /account for both). */
export interface RecipientLinks {
  unsubscribeUrl: string;
  preferencesUrl: string;
}
