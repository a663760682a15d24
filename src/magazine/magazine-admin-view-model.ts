/**
 * What an edition's admin page shows, gathered: the edition, its stories as lines (a draft's as
 * they are on the website now, a frozen one's as printed), the cover picture and the pictures it
 * may be, the form's values, the search's results, what keeps a draft from the printer, its PDFs.
 */
import { type ImageRef, mediaUrl, pickVariant } from '../articles/index.js';
import type { FieldProblem } from '../http/app-error.js';
import type { MagazineEdition } from './magazine.js';
import type { EditionPdf } from './magazine-pdf.js';
import type { MagazinePdfService } from './magazine-pdf-service.js';
import type { MagazineService } from './magazine-service.js';
import type { CoverPicture, StoryLine } from './views/edition-edit-page.js';

export interface EditionViewDeps {
  magazine: Pick<MagazineService, 'content' | 'storySummaries' | 'searchToAdd'>;
  pdfs: Pick<MagazinePdfService, 'listFor'>;
  findImage(id: string): Promise<ImageRef | undefined>;
}

export interface EditionView {
  edition: MagazineEdition;
  stories: StoryLine[];
  cover: CoverPicture | null;
  coverChoices: { value: string; label: string }[];
  values: { coverStory: string; coverImage: string; editorNote: string; coverDate: string };
  results: Awaited<ReturnType<MagazineService['searchToAdd']>> | undefined;
  freezeProblems: FieldProblem[];
  pdfs: EditionPdf[];
}

function thumbnail(image: ImageRef, alt: string): CoverPicture {
  const v = pickVariant(image, 640);
  return { url: mediaUrl(v ? v.key : image.originalKey), width: v?.width ?? image.width, height: v?.height ?? image.height, alt };
}

function problemAnchor(field: string, stories: readonly { articleId: string }[]): string {
  const at = /^stories\[(\d+)\]$/.exec(field);
  const story = at ? stories[Number(at[1])] : undefined;
  return story ? `no-picture-${story.articleId}` : 'form';
}

export async function editionView(deps: EditionViewDeps, number: number, query: string): Promise<EditionView> {
  const { edition: e, content, problems } = await deps.magazine.content(number);
  let stories: StoryLine[];
  let cover: CoverPicture | null = null;
  const coverChoices: { value: string; label: string }[] = [];
  if (e.status === 'frozen') {
    stories = content.stories.map((s) => ({
      id: s.articleId,
      headline: s.headline,
      section: s.section,
      published: true,
      hasPicture: s.hero !== null,
    }));
    const img = content.cover ? await deps.findImage(content.cover.imageId) : undefined;
    if (img && content.cover) cover = thumbnail(img, content.cover.alt);
  } else {
    const summaries = await deps.magazine.storySummaries(e);
    stories = summaries.map((s) => ({
      id: s.id,
      headline: s.headline,
      section: s.section.name,
      published: s.status === 'published',
      hasPicture: s.hero !== null,
    }));
    const coverStory = summaries.find((s) => s.id === e.coverArticleId) ?? summaries[0];
    const own = e.coverImageId ? await deps.findImage(e.coverImageId) : undefined;
    if (own) cover = thumbnail(own, 'The edition’s own cover picture');
    else if (coverStory?.hero) cover = thumbnail(coverStory.hero.image, coverStory.hero.alt);
    if (summaries.length > 0) coverChoices.push({ value: '', label: 'The cover story’s picture' });
    const seen = new Set<string>();
    for (const s of summaries) {
      if (!s.hero || seen.has(s.hero.image.id)) continue;
      seen.add(s.hero.image.id);
      coverChoices.push({ value: s.hero.image.id, label: `The picture of “${s.headline}”` });
    }
    if (e.coverImageId && !seen.has(e.coverImageId))
      coverChoices.push({ value: e.coverImageId, label: 'Its own picture (chosen through the API)' });
  }
  const [results, pdfs] = await Promise.all([
    e.status === 'draft' && query.trim() !== '' ? deps.magazine.searchToAdd(e, query) : Promise.resolve(undefined),
    e.status === 'frozen' ? deps.pdfs.listFor([e.id]) : Promise.resolve([]),
  ]);
  return {
    edition: e,
    stories,
    cover,
    coverChoices,
    values: {
      coverStory: e.coverArticleId ?? stories[0]?.id ?? '',
      coverImage: e.coverImageId ?? '',
      editorNote: e.editorNote,
      coverDate: e.coverDate,
    },
    results,
    // The service names each story by its place (stories[2]): the summary links to the note beside it.
    freezeProblems:
      e.status === 'draft' ? problems.map((p) => ({ field: problemAnchor(p.field, content.stories), message: p.message })) : [],
    pdfs,
  };
}
