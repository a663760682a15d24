/**
 * What saving an article takes: the newsroom's fields, with the body given once, as a document
 * (`bodyDoc`) or as Markdown (`body`). Used by the service and by the revisions it keeps.
 */
import type { AccessLevel, ArticleStatus } from './article.js';

export interface ArticleInput {
  headline: string;
  dek?: string | undefined;
  slug?: string | undefined;
  /** Section slug. */
  section: string;
  /** Author slugs, in byline order. */
  authors: string[];
  /** Tag slugs; unknown tags are created. */
  tags?: string[] | undefined;
  dateline?: string | undefined;
  access?: AccessLevel | undefined;
  status?: ArticleStatus | undefined;
  publishedAt?: Date | null | undefined;
  revisedAt?: Date | null | undefined;
  updates?: { notedAt: Date; note: string; correction?: boolean | undefined }[] | undefined;
  /** Slugs of related stories. */
  related?: string[] | undefined;
  hero?:
    | {
        imageId: string;
        alt: string;
        caption?: string | undefined;
        credit?: string | undefined;
        /** 0..1 from the left; 0.5 when left out. */
        focalX?: number | undefined;
        /** 0..1 from the top; 0.5 when left out. */
        focalY?: number | undefined;
      }
    | null
    | undefined;
  /** The body in Markdown: the source when `bodyDoc` is not given, else ignored. */
  body?: string | undefined;
  /**
   * The body as a ProseMirror document (parsed here by `parseBodyDoc`): when given it is the
   * source, and the Markdown is written from it.
   */
  bodyDoc?: unknown;
}
