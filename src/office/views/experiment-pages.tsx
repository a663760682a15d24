/**
 * /admin/experiments: the list (newest first, the running one on top of it), a new experiment's
 * form (arm B's change in the meter form's own fields, with "Preview arm B": the reader's article
 * page as arm B would see it, from the site's own page service, as /admin/meter previews), and one
 * experiment with its results: each arm's paywall views, checkouts, subscriptions and conversion
 * with its 95 % interval, the difference, the verdict in a sentence, and the buttons to stop it or
 * roll out an arm. Pure.
 */
import type { StaffMember } from '../../accounts/index.js';
import { AdminLayout, ErrorSummary, Field, PostForm } from '../../admin/index.js';
import {
  type ArmFigures,
  describeVariant,
  type Experiment,
  type ExperimentResults,
  percent,
  verdictSentence,
} from '../../experiments/index.js';
import type { FieldProblem } from '../../http/app-error.js';
import { formatDateTime } from '../../views/format.js';
import type { ExperimentForm } from '../experiment-form.js';
import { FreeArticleFields, type MeterPreview, PaywallWordsFields, PreviewFrames, PreviewStoryField } from './meter-preview.js';
import { Button, Buttons } from './office-fields.js';

const statusOf = (e: Experiment): string =>
  e.winner !== null ? `Rolled out arm ${e.winner}` : e.status === 'running' ? 'Running' : 'Stopped';

export function ExperimentListPage(p: {
  staff: StaffMember;
  csrf: string;
  experiments: readonly Experiment[];
  timeZone: string;
  notice?: string | undefined;
}) {
  const running = p.experiments.find((e) => e.status === 'running');
  return (
    <AdminLayout title="Experiments" staff={p.staff} csrf={p.csrf} nav="experiments" notice={p.notice}>
      <h1>Experiments</h1>
      <p class="lede">
        Test another allowance of free articles, or other words on the paywall, against what readers get now. Readers fall in arm A (what is
        in force) or arm B (the change) by a keyed hash of their meter or account, the same arm on every visit; subscribers and search
        engines’ verified crawlers never take part. One experiment runs at a time.
      </p>
      {running ? (
        <p class="notice" role="status">
          Running now: <a href={`/admin/experiments/${running.id}`}>{running.name}</a>. Stop it or roll out its winner before starting
          another.
        </p>
      ) : (
        <p class="actions">
          <a class="button" href="/admin/experiments/new?kind=allowance">
            Test free articles
          </a>
          <a class="button button-secondary" href="/admin/experiments/new?kind=copy">
            Test the paywall’s words
          </a>
        </p>
      )}
      {p.experiments.length === 0 ? (
        <p>No experiment yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="admin-table">
            <caption class="visually-hidden">Experiments, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Experiment</th>
                <th scope="col">Arm B</th>
                <th scope="col">Readers in arm B</th>
                <th scope="col">Started</th>
                <th scope="col">Stands</th>
              </tr>
            </thead>
            <tbody>
              {p.experiments.map((e) => (
                <tr key={e.id}>
                  <td>
                    <a href={`/admin/experiments/${e.id}`}>{e.name}</a>
                  </td>
                  <td>{describeVariant(e.variant)}</td>
                  <td>{e.shareB} %</td>
                  <td>{formatDateTime(e.startedAt, p.timeZone)}</td>
                  <td>{statusOf(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminLayout>
  );
}

function NumberField(p: { name: 'shareB'; label: string; hint?: string; form: ExperimentForm; problems: readonly FieldProblem[] }) {
  return <Field name={p.name} label={p.label} hint={p.hint} value={p.form[p.name]} maxLength={9} problems={p.problems} />;
}

export function ExperimentNewPage(p: {
  staff: StaffMember;
  csrf: string;
  form: ExperimentForm;
  problems: readonly FieldProblem[];
  plans: readonly { slug: string; label: string }[];
  stories: readonly { id: string; headline: string }[];
  previews: readonly MeterPreview[] | null;
  /** What readers get now, said plainly, beside arm B's fields. */
  current: string;
}) {
  const f = p.form;
  const problems = p.problems;
  const allowance = f.kind === 'allowance';
  const title = allowance ? 'New experiment: free articles' : 'New experiment: the paywall’s words';
  return (
    <AdminLayout title={title} staff={p.staff} csrf={p.csrf} nav="experiments">
      <h1>{title}</h1>
      <p class="lede">
        Arm A keeps what readers get now ({p.current}). Arm B gets what you set below. Preview shows a story as an arm B reader would see
        it; nothing changes for readers until you start the experiment.
      </p>
      <ErrorSummary problems={problems} />
      <PostForm action="/admin/experiments" csrf={p.csrf} label="The new experiment" class="office-form">
        <input type="hidden" name="kind" value={f.kind} />
        <fieldset>
          <legend>The experiment</legend>
          <Field
            name="name"
            label="Name"
            hint="For you and your colleagues, e.g. “Four free articles”."
            value={f.name}
            maxLength={120}
            problems={problems}
          />
          <NumberField
            name="shareB"
            label="Readers in arm B (per cent)"
            hint="From 1 to 99; 50 splits readers evenly and gives a result soonest."
            form={f}
            problems={problems}
          />
        </fieldset>
        {allowance ? (
          <fieldset>
            <legend>Arm B’s free articles</legend>
            <FreeArticleFields form={f} problems={problems} />
          </fieldset>
        ) : (
          <fieldset>
            <legend>Arm B’s paywall</legend>
            <p class="hint">Markdown, as on the meter and paywall page. The fields start as what readers see now.</p>
            <Field name="tagline" label="Tagline over the wall" value={f.tagline} maxLength={200} problems={problems} />
            <PaywallWordsFields form={f} plans={p.plans} problems={problems} />
          </fieldset>
        )}
        <PreviewStoryField stories={p.stories} value={f.story} problems={problems} />
        <Buttons>
          <Button kind="secondary" formaction="/admin/experiments/preview#preview-title">
            Preview arm B
          </Button>
          <Button>Start the experiment</Button>
        </Buttons>
      </PostForm>
      <PreviewFrames
        previews={p.previews}
        title="Arm B, previewed (not started)"
        about="Each frame is the story’s page as an arm B reader of that kind would see it. Nothing changes until you start the experiment."
        framePrefix="Preview of arm B: "
      />
    </AdminLayout>
  );
}

const whole = new Intl.NumberFormat('en-GB');

function ArmRow({ a, label }: { a: ArmFigures; label: string }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td class="number">{whole.format(a.paywallViews)}</td>
      <td class="number">{whole.format(a.checkouts)}</td>
      <td class="number">{whole.format(a.subscriptions)}</td>
      <td class="number">{a.paywallViews > 0 ? percent(a.conversion, 2) : '–'}</td>
      <td class="number">{a.paywallViews > 0 ? `${percent(a.interval.lower, 2)} to ${percent(a.interval.upper, 2)}` : '–'}</td>
    </tr>
  );
}

export function ExperimentPage(p: {
  staff: StaffMember;
  csrf: string;
  experiment: Experiment;
  results: ExperimentResults;
  timeZone: string;
  notice?: string | undefined;
  problems?: readonly FieldProblem[] | undefined;
}) {
  const e = p.experiment;
  const r = p.results;
  const [a, b] = r.arms;
  const d = r.difference;
  const bothSeen = a.paywallViews > 0 && b.paywallViews > 0;
  const significant = r.verdict.kind === 'significant';
  return (
    <AdminLayout title={`Experiment: ${e.name}`} staff={p.staff} csrf={p.csrf} nav="experiments" notice={p.notice}>
      <p>
        <a href="/admin/experiments">All experiments</a>
      </p>
      <h1>{e.name}</h1>
      <ErrorSummary problems={p.problems ?? []} />
      <dl class="facts">
        <dt>Arm B</dt>
        <dd>{describeVariant(e.variant)}</dd>
        <dt>Arm A</dt>
        <dd>What readers get now</dd>
        <dt>Readers in arm B</dt>
        <dd>{e.shareB} %</dd>
        <dt>Started</dt>
        <dd>
          {formatDateTime(e.startedAt, p.timeZone)} by {e.startedBy}
        </dd>
        <dt>Stands</dt>
        <dd>
          {statusOf(e)}
          {e.stoppedAt ? `, stopped ${formatDateTime(e.stoppedAt, p.timeZone)}${e.stoppedBy ? ` by ${e.stoppedBy}` : ''}` : ''}
          {e.rolledOutAt ? `; rolled out ${formatDateTime(e.rolledOutAt, p.timeZone)}${e.rolledOutBy ? ` by ${e.rolledOutBy}` : ''}` : ''}
        </dd>
      </dl>
      <h2 id="results-title">Results</h2>
      <p class={significant ? 'verdict verdict-significant' : 'verdict'} role="status">
        <strong>{verdictSentence(r.verdict)}</strong>
      </p>
      <div class="table-wrap">
        <table class="admin-table" aria-labelledby="results-title">
          <thead>
            <tr>
              <th scope="col">Arm</th>
              <th scope="col">Paywall views</th>
              <th scope="col">Checkouts started</th>
              <th scope="col">Subscriptions started</th>
              <th scope="col">Conversion</th>
              <th scope="col">95 % interval</th>
            </tr>
          </thead>
          <tbody>
            <ArmRow a={a} label="A: what is in force" />
            <ArmRow a={b} label="B: the change" />
          </tbody>
        </table>
      </div>
      <p>
        Conversion is subscriptions started per paywall view.{' '}
        {bothSeen
          ? `Arm B minus arm A: ${d.estimate >= 0 ? '+' : ''}${percent(d.estimate, 2)} (95 % interval ${percent(d.lower, 2)} to ${percent(d.upper, 2)}). The difference is significant when its interval leaves out zero.`
          : 'The difference needs paywall views in both arms.'}
      </p>
      {e.winner === null ? (
        <>
          <h2>Decide</h2>
          <div class="actions-row">
            {e.status === 'running' ? (
              <PostForm action={`/admin/experiments/${e.id}/stop`} csrf={p.csrf} label="Stop the experiment">
                <p class="hint">Every reader gets what is in force again; the results stay.</p>
                <button type="submit" class="button button-secondary">
                  Stop the experiment
                </button>
              </PostForm>
            ) : null}
            <PostForm action={`/admin/experiments/${e.id}/rollout`} csrf={p.csrf} label="Roll out arm B">
              <input type="hidden" name="arm" value="B" />
              <p class="hint">
                Arm B’s {e.variant.kind === 'allowance' ? 'free articles become the meter’s' : 'words become the paywall’s'} for every
                reader.
              </p>
              <button type="submit" class="button">
                Roll out arm B
              </button>
            </PostForm>
            <PostForm action={`/admin/experiments/${e.id}/rollout`} csrf={p.csrf} label="Keep arm A">
              <input type="hidden" name="arm" value="A" />
              <p class="hint">Keep what is in force and close the experiment.</p>
              <button type="submit" class="button button-secondary">
                Keep arm A
              </button>
            </PostForm>
          </div>
        </>
      ) : null}
    </AdminLayout>
  );
}
