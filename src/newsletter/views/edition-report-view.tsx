/**
 * An edition's report on its admin page (/admin/newsletter/YYYY-MM-DD), once it has recipients:
 * a table of what happened to it, with shares of the recipients, and clicks per link when the
 * paper counts them. Pure.
 */
import type { EditionClicks, EditionReport } from '../edition-report.js';

const share = (n: number, of: number) => (of === 0 ? '' : `${((100 * n) / of).toFixed(n === 0 || n === of ? 0 : 1)} %`);

const LINK_NAMES = { home: 'The front page', browser: 'View in your browser', story: '' } as const;

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** Clicks per link of the edition, in the email's order: a story by its headline. */
function ClicksPart({ clicks: c, recipients }: { clicks: EditionClicks; recipients: number }) {
  return (
    <>
      <h3 id="clicks-title">Clicks</h3>
      {c.links.length === 0 ? (
        <p>This edition went out before click counting was on: its links were not counted.</p>
      ) : (
        <>
          <p>
            {plural(c.readers, 'reader', 'readers')} ({share(c.readers, recipients) || '0 %'} of the recipients) clicked a link:{' '}
            {plural(c.total, 'click', 'clicks')} in all, {plural(c.unique, 'first click', 'first clicks')} on a link. Link previews and mail
            scanners are not counted; nothing counts opens.
          </p>
          <div class="table-wrap">
            <table class="admin-table" aria-labelledby="clicks-title">
              <thead>
                <tr>
                  <th scope="col">Link</th>
                  <th scope="col">Readers who clicked</th>
                  <th scope="col">All clicks</th>
                </tr>
              </thead>
              <tbody>
                {c.links.map((l) => (
                  <tr key={l.position}>
                    <th scope="row">
                      <a href={l.url}>{l.kind === 'story' ? l.label || l.url : LINK_NAMES[l.kind]}</a>
                    </th>
                    <td>{l.unique.toLocaleString('en')}</td>
                    <td>{l.clicks.toLocaleString('en')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

export function EditionReportSection({ report: r }: { report: EditionReport }) {
  const rows: [string, number, string][] = [
    ['Recipients', r.recipients, 'readers the edition was written to when it began to go out'],
    ['Accepted', r.accepted, 'taken by their mail servers'],
    ['Bounced for good (hard)', r.bounced.hard, 'the address does not exist or refuses us: no more mail goes to it'],
    ['Bounced for now (soft)', r.bounced.soft, 'a full mailbox or a server that was busy; three such days stop mail to it'],
    ['Complaints', r.complaints, 'reported as spam: the daily email stopped for them'],
    ['Unsubscribed after it', r.unsubscribes, 'stopped the daily email before the next edition went out'],
    ['Failed', r.failed, 'refused when we sent it, or still refused when we gave up'],
    ['Left out', r.skipped, 'unsubscribed, closed or bounced before their turn'],
  ];
  if (r.pending > 0) rows.push(['Still going out', r.pending, 'waiting for their turn or for a retry']);
  return (
    <section aria-labelledby="report-title">
      <h2 id="report-title">Report</h2>
      <div class="table-wrap">
        <table class="admin-table">
          <caption class="visually-hidden">What happened to this edition</caption>
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Readers</th>
              <th scope="col">Share</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, n, meaning]) => (
              <tr key={label}>
                <th scope="row">
                  {label}
                  <span class="hint">{meaning}</span>
                </th>
                <td>{n.toLocaleString('en')}</td>
                <td>{label === 'Recipients' ? '' : share(n, r.recipients)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {r.clicks === null ? (
        <p>Clicks are not counted (MASTHEAD_NEWSLETTER_CLICKS is off), and nothing counts opens.</p>
      ) : (
        <ClicksPart clicks={r.clicks} recipients={r.recipients} />
      )}
    </section>
  );
}
