/**
 * What changed between two versions, from the articles feature's diff: the fields side by side,
 * then the body block by block. Added and removed words are <ins> and <del>, each with a text
 * label (for screen readers, and the underline and strike-through for eyes), never colour alone.
 */
import type { ArticleDiff, WordChange } from '../../articles/index.js';

const FIELD_NAMES: Record<string, string> = {
  headline: 'Headline',
  dek: 'Dek',
  slug: 'Slug',
  section: 'Section',
  authors: 'Authors',
  tags: 'Tags',
  dateline: 'Dateline',
  access: 'Access',
  status: 'Status',
  publishedAt: 'Publication time',
  revisedAt: 'Revised time',
  hero: 'Hero picture',
  related: 'Related stories',
  updates: 'Update notes',
};

const BLOCK_NAMES: Record<string, string> = {
  paragraph: 'paragraph',
  heading: 'heading',
  blockquote: 'quote',
  pullQuote: 'pull quote',
  figure: 'picture',
};

function Words({ words }: { words: WordChange[] }) {
  return (
    <>
      {words.map((w, i) =>
        w.op === 'added' ? (
          <ins key={i}>
            <span class="visually-hidden">[added: </span>
            {w.text}
            <span class="visually-hidden">]</span>
          </ins>
        ) : w.op === 'removed' ? (
          <del key={i}>
            <span class="visually-hidden">[removed: </span>
            {w.text}
            <span class="visually-hidden">]</span>
          </del>
        ) : (
          w.text
        ),
      )}
    </>
  );
}

export function DiffView({ diff }: { diff: ArticleDiff }) {
  const changedBlocks = diff.body.filter((b) => b.kind !== 'same');
  return (
    <section class="diff" aria-labelledby="diff-h">
      <h2 id="diff-h">
        Changes from version {diff.from} to version {diff.to}
      </h2>
      {diff.fields.length === 0 && !diff.bodyChanged ? <p>These two versions are the same.</p> : null}
      {diff.fields.length > 0 ? (
        <div class="table-wrap">
          <table class="admin-table">
            <caption class="visually-hidden">Fields that changed</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Version {diff.from}</th>
                <th scope="col">Version {diff.to}</th>
              </tr>
            </thead>
            <tbody>
              {diff.fields.map((f) => (
                <tr key={f.field}>
                  <th scope="row">{FIELD_NAMES[f.field] ?? f.field}</th>
                  <td>
                    <del>
                      <span class="visually-hidden">[was: </span>
                      {f.from || '(empty)'}
                      <span class="visually-hidden">]</span>
                    </del>
                  </td>
                  <td>
                    <ins>
                      <span class="visually-hidden">[now: </span>
                      {f.to || '(empty)'}
                      <span class="visually-hidden">]</span>
                    </ins>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {diff.bodyChanged ? (
        <>
          <h3>Body</h3>
          <p class="hint">
            {changedBlocks.length} {changedBlocks.length === 1 ? 'block' : 'blocks'} changed. Added words are underlined, removed words
            struck through.
          </p>
          <dl>
            {diff.body.map((b, i) =>
              b.kind === 'same' ? null : (
                <div key={i}>
                  <dt>
                    <span class="mark">{b.kind === 'changed' ? 'Changed' : b.kind === 'added' ? 'Added' : 'Removed'}</span>{' '}
                    {BLOCK_NAMES[b.type] ?? b.type}
                  </dt>
                  <dd>
                    {b.kind === 'changed' ? <Words words={b.words} /> : b.kind === 'added' ? <ins>{b.text}</ins> : <del>{b.text}</del>}
                  </dd>
                </div>
              ),
            )}
          </dl>
        </>
      ) : null}
    </section>
  );
}
