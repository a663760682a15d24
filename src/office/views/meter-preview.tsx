/**
 * What /admin/meter and a new experiment's form (/admin/experiments/new) share: the free
 * articles and the paywall's words as fields, the story to preview, and the previews themselves — the reader's article page
 * as each kind of reader would see it, in `srcdoc` frames (meter-page.tsx says why they are not
 * sandboxed). One drawing of these, so the two screens cannot drift apart. Pure.
 */
import { Field, SelectField } from '../../admin/index.js';
import type { FieldProblem } from '../../http/app-error.js';
import type { PreviewReader } from '../../site/index.js';
import type { MeterForm } from '../meter-form.js';
import { TextArea } from './office-fields.js';

export interface MeterPreview {
  as: PreviewReader;
  html: string;
}

export const PREVIEW_LABELS: Record<PreviewReader, { title: string; about: string }> = {
  'anonymous-reading': {
    title: 'Not signed in, free articles left',
    about: 'The counter a reader without an account sees on their first story.',
  },
  'anonymous-wall': {
    title: 'Not signed in, free articles used',
    about: 'The registration wall (or the paywall, when registering gives no more articles).',
  },
  'registered-wall': { title: 'Signed in, free articles used', about: 'The paywall with the editor’s letter and the offer.' },
  subscriber: { title: 'Subscriber', about: 'No counter and no wall: the whole story.' },
};

type WordsForm = Pick<
  MeterForm,
  | 'heading'
  | 'pitch'
  | 'letterTitle'
  | 'letter'
  | 'openingSubscribers'
  | 'openingFreeUsed'
  | 'openingRegistration'
  | 'signature'
  | 'registerPitch'
  | 'offerPlanSlug'
>;

/** The free articles: without an account, and how many more a free account gives. */
export function FreeArticleFields(p: { form: Pick<MeterForm, 'anonymousFree' | 'registeredExtra'>; problems: readonly FieldProblem[] }) {
  return (
    <>
      <Field
        name="anonymousFree"
        label="Free articles without an account"
        value={p.form.anonymousFree}
        maxLength={9}
        problems={p.problems}
      />
      <Field
        name="registeredExtra"
        label="More free articles with a free account"
        hint="On top of the ones above; 0 turns the registration wall off."
        value={p.form.registeredExtra}
        maxLength={9}
        problems={p.problems}
      />
    </>
  );
}

/** The paywall's words, from the heading to the plan it offers (the fieldset and its hint are the page's). */
export function PaywallWordsFields(p: {
  form: WordsForm;
  plans: readonly { slug: string; label: string }[];
  problems: readonly FieldProblem[];
  registerPitchHint?: string | undefined;
}) {
  const f = p.form;
  const problems = p.problems;
  return (
    <>
      <Field name="heading" label="Heading" value={f.heading} maxLength={120} problems={problems} />
      <TextArea name="pitch" label="Why subscribe" value={f.pitch} rows={5} problems={problems} />
      <Field name="letterTitle" label="Title of the editor’s letter" value={f.letterTitle} maxLength={120} problems={problems} />
      <TextArea
        name="letter"
        label="The editor’s letter"
        hint="Where it says {opening}, the opening for the reader’s situation goes (one of the three below)."
        value={f.letter}
        rows={10}
        problems={problems}
      />
      <TextArea name="openingSubscribers" label="Opening on a subscribers-only story" value={f.openingSubscribers} problems={problems} />
      <TextArea name="openingFreeUsed" label="Opening when the free articles are used" value={f.openingFreeUsed} problems={problems} />
      <TextArea
        name="openingRegistration"
        label="Opening over the registration wall"
        hint="{n} becomes the number of more articles an account gives, {period} “this month” or “in 30 days”."
        value={f.openingRegistration}
        problems={problems}
      />
      <Field name="signature" label="Signature" value={f.signature} maxLength={200} problems={problems} />
      <TextArea
        name="registerPitch"
        label="What an account gives (over the registration wall)"
        hint={p.registerPitchHint}
        value={f.registerPitch}
        problems={problems}
      />
      <SelectField
        name="offerPlanSlug"
        label="Plan the paywall offers"
        value={f.offerPlanSlug}
        options={[
          { value: '', label: 'Chosen for me: the plan that includes the most' },
          ...p.plans.map((x) => ({ value: x.slug, label: x.label })),
        ]}
        problems={problems}
      />
    </>
  );
}

/** The story the preview shows, chosen among the metered ones; or why there is nothing to preview. */
export function PreviewStoryField(p: {
  stories: readonly { id: string; headline: string }[];
  value: string;
  problems: readonly FieldProblem[];
}) {
  return p.stories.length > 0 ? (
    <SelectField
      name="story"
      label="Story to preview"
      hint="Stories counted by the meter, newest first."
      value={p.value}
      options={p.stories.map((s) => ({ value: s.id, label: s.headline }))}
      problems={p.problems}
    />
  ) : (
    <p>There is no published story counted by the meter yet, so there is nothing to preview.</p>
  );
}

/** The previews, one frame a kind of reader, under `#preview-title` (the Preview button's target). */
export function PreviewFrames(p: {
  previews: readonly MeterPreview[] | null;
  title: string;
  about: string;
  /** Goes before each kind of reader in the frame's title, e.g. "Preview: ". */
  framePrefix: string;
}) {
  if (!p.previews) return null;
  return (
    <section aria-labelledby="preview-title" class="meter-previews">
      <h2 id="preview-title">{p.title}</h2>
      <p>{p.about}</p>
      {p.previews.map((v) => (
        <div class="meter-preview" key={v.as}>
          <h3 id={`preview-${v.as}`}>{PREVIEW_LABELS[v.as].title}</h3>
          <p class="hint">{PREVIEW_LABELS[v.as].about}</p>
          <iframe title={`${p.framePrefix}${PREVIEW_LABELS[v.as].title}`} srcdoc={v.html} />
        </div>
      ))}
    </section>
  );
}
