/**
 * /admin/meter: the meter's policy and the paywall's words in one plain form, with "Preview"
 * (posts the unsaved values to /admin/meter/preview, which answers this page with the story as
 * each kind of reader would see it) and "Save". The previews are the reader's article page
 * itself, rendered by the site's own page service into frames (`srcdoc`): no second drawing of
 * the counter or the wall to drift from the real one. The frames are not `sandbox`ed: a sandboxed
 * frame cannot be checked by axe in the browser tests (its injection hangs), and the page has no
 * script to contain (reader pages run none; the frame inherits /admin's CSP, `script-src 'self'`).
 */
import type { StaffMember } from '../../accounts/index.js';
import { AdminLayout, ErrorSummary, Field, PostForm, SelectField } from '../../admin/index.js';
import type { FieldProblem } from '../../http/app-error.js';
import type { MeterForm, PolicyNumber } from '../meter-form.js';
import { FreeArticleFields, type MeterPreview, PaywallWordsFields, PreviewFrames, PreviewStoryField } from './meter-preview.js';
import { Button, Buttons } from './office-fields.js';

function NumberField(p: {
  name: PolicyNumber | 'periodDays';
  label: string;
  hint?: string;
  form: MeterForm;
  problems: readonly FieldProblem[];
}) {
  return <Field name={p.name} label={p.label} hint={p.hint} value={p.form[p.name]} maxLength={9} problems={p.problems} />;
}

export function MeterPage(p: {
  staff: StaffMember;
  csrf: string;
  form: MeterForm;
  problems: readonly FieldProblem[];
  tagline: string;
  plans: readonly { slug: string; label: string }[];
  stories: readonly { id: string; headline: string }[];
  previews: readonly MeterPreview[] | null;
  notice?: string | undefined;
}) {
  const f = p.form;
  const problems = p.problems;
  return (
    <AdminLayout title="Meter and paywall" staff={p.staff} csrf={p.csrf} nav="meter" notice={p.notice}>
      <h1>Meter and paywall</h1>
      <p class="lede">
        How many stories readers get free, what a walled reader still sees, and the words on the wall. Preview shows a story as each kind of
        reader would see it with the values below, before anything is saved. Save changes what readers see at once.
      </p>
      <ErrorSummary problems={problems} />
      <PostForm action="/admin/meter" csrf={p.csrf} label="The meter and the paywall" class="office-form">
        <fieldset>
          <legend>Free articles</legend>
          <FreeArticleFields form={f} problems={problems} />
          <SelectField
            name="periodKind"
            label="The count starts again"
            value={f.periodKind}
            options={[
              { value: 'month', label: 'Each calendar month' },
              { value: 'rolling', label: 'After a number of days' },
            ]}
            problems={problems}
          />
          <NumberField name="periodDays" label="Days (when the count starts again after a number of days)" form={f} problems={problems} />
        </fieldset>
        <fieldset>
          <legend>What a walled reader still sees</legend>
          <NumberField name="leadInBlocks" label="Opening paragraphs, at most" form={f} problems={problems} />
          <NumberField name="leadInChars" label="Characters of them, at most" form={f} problems={problems} />
          <NumberField name="leadInShare" label="Share of the story, at most (per cent)" form={f} problems={problems} />
        </fieldset>
        <fieldset>
          <legend>Networks</legend>
          <NumberField
            name="networkFreshMeters"
            label="New readers without an account per network"
            hint="Per period, from one network (an IPv4 /24 or an IPv6 /48): sized for a campus or an office. Past it, new readers there meet the registration wall."
            form={f}
            problems={problems}
          />
          <NumberField
            name="networkCountedReads"
            label="Free stories read per network"
            hint="Per period, by readers without an account on one network, whichever browser they use."
            form={f}
            problems={problems}
          />
        </fieldset>
        <fieldset>
          <legend>Gift links</legend>
          <NumberField name="giftLinksPerMonth" label="Gift links a subscriber may make a month" form={f} problems={problems} />
          <NumberField name="giftLinkDays" label="Days a gift link works" form={f} problems={problems} />
          <NumberField name="giftLinkReaders" label="Readers per gift link" form={f} problems={problems} />
          <NumberField name="giftLinkReadsPerReader" label="Page loads per reader of a gift link" form={f} problems={problems} />
        </fieldset>
        <fieldset>
          <legend>The paywall’s words</legend>
          <p class="hint">
            Markdown: a blank line between paragraphs, **bold**, [links](https://example.org). The wall shows the paper’s tagline, “
            {p.tagline}”, from the site’s settings.
          </p>
          <PaywallWordsFields form={f} plans={p.plans} problems={problems} registerPitchHint="{n} and {period} as above." />
        </fieldset>
        <PreviewStoryField stories={p.stories} value={f.story} problems={problems} />
        <Buttons>
          <Button kind="secondary" formaction="/admin/meter/preview#preview-title">
            Preview
          </Button>
          <Button>Save</Button>
        </Buttons>
      </PostForm>
      <PreviewFrames
        previews={p.previews}
        title="Preview (not saved)"
        about="Each frame is the story’s page as that reader would see it with the values above. Nothing is saved until you press Save."
        framePrefix="Preview: "
      />
    </AdminLayout>
  );
}
