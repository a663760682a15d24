/**
 * The reader list's statement on both databases: each filter, the search (address prefix, name
 * prefix, LIKE's wildcards taken literally), keyset pages that neither skip nor repeat, and
 * EXPLAIN showing that a search and a page use an index, not a scan of every reader.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertReader } from '../accounts/reader-repository.js';
import type { DbHandle } from '../db/database.js';
import { DIALECTS, openTestDatabase } from '../db/test-databases.js';
import { insertGift } from '../subscriptions/gift-repository.js';
import { insertOrganisation } from '../subscriptions/organisation-repository.js';
import { listPlans } from '../subscriptions/plan-repository.js';
import { seedDemoPlans } from '../subscriptions/plan-service.js';
import type { SubscriptionRecord } from '../subscriptions/subscription.js';
import { insertSubscription } from '../subscriptions/subscription-repository.js';
import type { ReaderListQuery, ReaderShow } from './reader-list.js';
import { listReaders, listSentEmails, readerListStatement } from './reader-office-repository.js';

const NOW = new Date('2026-12-01T12:00:00Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY);

describe.each(DIALECTS)('the reader list on %s', (dialect) => {
  let h: DbHandle;
  let monthly: string;
  let yearly: string;
  const q = (show: ReaderShow, search = '', over: Partial<ReaderListQuery> = {}): ReaderListQuery => ({
    show,
    search,
    limit: 100,
    ...over,
  });
  const ids = async (query: ReaderListQuery) => (await listReaders(h.db, dialect, query, NOW)).map((r) => r.id);

  let n = 0;
  async function reader(id: string, email: string, name = '', createdDaysAgo = ++n) {
    await insertReader(h.db, { id, email, passwordHash: null, at: at(-createdDaysAgo) });
    if (name) await h.db.updateTable('readers').set({ name }).where('id', '=', id).execute();
  }
  async function sub(readerId: string, over: Partial<SubscriptionRecord>) {
    const id = `sub-${readerId}-${++n}`;
    await insertSubscription(h.db, {
      id,
      readerId,
      planId: monthly,
      status: 'active',
      currentPeriodEnd: at(20),
      cancelAtPeriodEnd: false,
      trialEnd: null,
      graceUntil: null,
      provider: 'demo',
      providerSubscriptionId: id,
      providerCustomerId: null,
      providerVersion: 0,
      createdAt: at(-40),
      updatedAt: at(-40),
      ...over,
    });
    return id;
  }

  beforeAll(async () => {
    h = await openTestDatabase(dialect);
    await seedDemoPlans(h.db, () => NOW);
    const plans = await listPlans(h.db, { activeOnly: false });
    monthly = plans.find((p) => p.slug === 'all-access-monthly')?.id ?? '';
    yearly = plans.find((p) => p.slug === 'digital-yearly')?.id ?? '';

    await reader('free', 'free@example.org', 'Free Reader');
    await reader('paying', 'paying@example.org', 'Ada Paying');
    await sub('paying', {});
    await reader('yearly', 'yearly@example.org', 'Yves Yearly');
    await sub('yearly', { planId: yearly, cancelAtPeriodEnd: true, currentPeriodEnd: at(100) });
    await reader('trial', 'trial@example.org', 'Tess Trial');
    await sub('trial', { status: 'trialing', trialEnd: at(5), currentPeriodEnd: at(5) });
    await reader('grace', 'grace@example.org', 'Greta Grace');
    await sub('grace', { status: 'past_due', graceUntil: at(3) });
    await reader('lapsed', 'lapsed@example.org', 'Lars Lapsed');
    await sub('lapsed', { status: 'canceled', currentPeriodEnd: at(-10) });
    await reader('lapsed2', 'lapsed2@example.org', 'Lena Lapsed');
    await sub('lapsed2', { status: 'active', cancelAtPeriodEnd: true, currentPeriodEnd: at(-1) });
    await reader('comp', 'comp@example.org', 'Cora Comp');
    await sub('comp', { provider: 'comp', currentPeriodEnd: null, providerSubscriptionId: 'comp:comp:x' });
    await reader('gifted', 'gifted@example.org', 'Gil Gift');
    await insertGift(h.db, {
      id: 'gift-1',
      codeHash: 'h1',
      purchaserEmail: 'giver@example.org',
      recipientEmail: 'gifted@example.org',
      planId: monthly,
      months: 3,
      expiresAt: at(300),
      createdAt: at(-5),
    });
    await h.db
      .updateTable('gifts')
      .set({ redeemed_by: 'gifted', redeemed_at: at(-4) })
      .where('id', '=', 'gift-1')
      .execute();
    await reader('member', 'bo@library.example.org', 'Bo Member');
    await insertOrganisation(
      h.db,
      { id: 'org-1', name: 'Library', ipRanges: [], emailDomains: ['library.example.org'], seatLimit: 5, active: true },
      NOW,
    );
    await h.db.insertInto('organisation_members').values({ organisation_id: 'org-1', reader_id: 'member', joined_at: NOW }).execute();
    await reader('imported', 'imported@example.org', 'Ida Imported');
    await h.db
      .updateTable('readers')
      .set({ imported_at: at(-2), import_source: 'csv:list.csv' })
      .where('id', '=', 'imported')
      .execute();
    await reader('odd', 'per_cent%@example.org', '=Formula Name');
  });
  afterAll(async () => {
    await h.close();
  });

  it('lists every reader newest first', async () => {
    const all = await ids(q({ kind: 'all' }));
    expect(all).toEqual(['free', 'paying', 'yearly', 'trial', 'grace', 'lapsed', 'lapsed2', 'comp', 'gifted', 'member', 'imported', 'odd']);
  });

  it.each([
    [{ kind: 'subscriber' } as ReaderShow, ['paying', 'yearly', 'grace']],
    [{ kind: 'trial' } as ReaderShow, ['trial']],
    [{ kind: 'lapsed' } as ReaderShow, ['lapsed', 'lapsed2']],
    [{ kind: 'comp' } as ReaderShow, ['comp']],
    [{ kind: 'gift' } as ReaderShow, ['gifted']],
    [{ kind: 'group' } as ReaderShow, ['member']],
    [{ kind: 'imported' } as ReaderShow, ['imported']],
    [{ kind: 'registered' } as ReaderShow, ['free', 'lapsed', 'lapsed2', 'gifted', 'member', 'imported', 'odd']],
  ])('filters %j', async (show, expected) => {
    expect(await ids(q(show))).toEqual(expected);
  });

  it('filters subscribers by plan', async () => {
    expect(await ids(q({ kind: 'plan', planId: yearly }))).toEqual(['yearly']);
    expect(await ids(q({ kind: 'plan', planId: monthly }))).toEqual(['paying', 'grace']);
  });

  it('searches by the start of an address or of a name, any case, wildcards taken literally', async () => {
    expect(await ids(q({ kind: 'all' }, 'lapsed'))).toEqual(['lapsed', 'lapsed2']);
    expect(await ids(q({ kind: 'all' }, 'lapsed2@'))).toEqual(['lapsed2']);
    expect(await ids(q({ kind: 'all' }, 'ada'))).toEqual(['paying']);
    expect(await ids(q({ kind: 'all' }, 'ada pay'))).toEqual(['paying']);
    expect(await ids(q({ kind: 'all' }, 'per_cent%'))).toEqual(['odd']);
    expect(await ids(q({ kind: 'all' }, 'per_'))).toEqual(['odd']);
    expect(await ids(q({ kind: 'all' }, 'per%'))).toEqual([]);
    expect(await ids(q({ kind: 'all' }, 'p_r'))).toEqual([]);
    expect(await ids(q({ kind: 'all' }, 'example'))).toEqual([]);
    expect(await ids(q({ kind: 'lapsed' }, 'lena'))).toEqual(['lapsed2']);
  });

  it('pages by keyset: every reader once, in order, whatever the page size', async () => {
    const all = await ids(q({ kind: 'all' }));
    for (const size of [1, 2, 5]) {
      const seen: string[] = [];
      let after: ReaderListQuery['after'];
      for (let i = 0; i < 20; i++) {
        const rows = await listReaders(h.db, dialect, q({ kind: 'all' }, '', { limit: size, after }), NOW);
        seen.push(...rows.map((r) => r.id));
        const last = rows[rows.length - 1];
        if (!last) break;
        after = { createdAt: last.createdAt, id: last.id };
      }
      expect(seen).toEqual(all);
    }
    // Two readers made at the same instant are told apart by id.
    await insertReader(h.db, { id: 'same-b', email: 'same-b@example.org', passwordHash: null, at: at(-500) });
    await insertReader(h.db, { id: 'same-a', email: 'same-a@example.org', passwordHash: null, at: at(-500) });
    const first = await listReaders(h.db, dialect, q({ kind: 'all' }, 'same', { limit: 1 }), NOW);
    expect(first.map((r) => r.id)).toEqual(['same-b']);
    const second = await ids(q({ kind: 'all' }, 'same', { limit: 1, after: { createdAt: at(-500), id: 'same-b' } }));
    expect(second).toEqual(['same-a']);
  });

  it('reads the emails a reader was sent from the ledgers, newest first', async () => {
    const subId = (await h.db.selectFrom('subscriptions').select('id').where('reader_id', '=', 'paying').executeTakeFirstOrThrow()).id;
    await h.db
      .insertInto('subscriber_emails')
      .values({ subject_id: subId, kind: 'welcome', occasion: '', claimed_at: at(-39) })
      .execute();
    await h.db
      .insertInto('email_tokens')
      .values({
        id: 't1',
        token_hash: 'th1',
        purpose: 'signin',
        reader_id: 'paying',
        staff_id: null,
        email: 'paying@example.org',
        target_email: null,
        expires_at: at(-1),
        used_at: null,
        created_at: at(-2),
      })
      .execute();
    const emails = await listSentEmails(h.db, 'paying', NOW);
    expect(emails.map((e) => [e.ledger, e.what, e.status])).toEqual([
      ['link', 'signin', 'expired'],
      ['subscriber', 'welcome', 'sent'],
    ]);
    expect(await listSentEmails(h.db, 'free', NOW)).toEqual([]);
  });

  it('uses an index for a page, an address search and a name search (EXPLAIN)', async () => {
    const plan = async (query: ReaderListQuery) => {
      const compiled = readerListStatement(h.db, dialect, query, NOW).compile();
      const explain = dialect === 'sqlite' ? 'explain query plan ' : 'explain ';
      const withParams = await h.db.executeQuery({ ...compiled, sql: `${explain}${compiled.sql}` } as typeof compiled);
      return JSON.stringify(withParams.rows);
    };
    if (dialect === 'postgres') await sql`set enable_seqscan = off`.execute(h.db);
    const page = await plan(q({ kind: 'all' }, '', { limit: 50, after: { createdAt: NOW, id: 'x' } }));
    const email = await plan(q({ kind: 'all' }, 'lapsed@', { limit: 50 }));
    const name = await plan(q({ kind: 'all' }, 'ada', { limit: 50 }));
    if (dialect === 'sqlite') {
      expect(page).toContain('readers_created_idx');
      expect(email).toMatch(/USING (COVERING )?INDEX sqlite_autoindex_readers_\d \(email>\? AND email<\?\)/);
      expect(name).toContain('readers_name_prefix_idx');
      expect(name).toMatch(/MULTI-INDEX OR|INDEX sqlite_autoindex_readers_\d/);
    } else {
      expect(page).toContain('readers_created_idx');
      expect(email).toContain('readers_email_prefix_idx');
      expect(name).toContain('readers_name_prefix_idx');
      expect(name).toContain('readers_email_prefix_idx');
    }
  });
});
