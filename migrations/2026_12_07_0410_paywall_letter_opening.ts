// The paywall's letter fits the wall: its opening paragraph now comes from one of three
// wordings chosen by the wall's reason, through an `{opening}` line in the letter. A letter saved
// before, with the old "you have used your free articles" paragraph written into it, would tell a
// first-time visitor on a subscribers-only story that they had used their free stories. Where a
// saved letter holds one of the two shipped versions of that paragraph (the default letter's and
// the demo paper's), the paragraph becomes `{opening}` and its words become the opening shown when
// the free articles are used, so the editor's own words stay where they fit. Letters written
// otherwise are left alone. Frozen in time: imports nothing from src/; the same on both dialects.
import type { Kysely } from 'kysely';

const SHIPPED_PARAGRAPHS = [
  'You have reached the end of your free articles for now, which tells me you came back more than once. Thank you.',
  'You have read your free stories from the Ledger this month, which tells me you keep coming back. Thank you.',
];

type Copy = Record<string, unknown> & { letter?: unknown };

function parse(value: unknown): Copy | null {
  try {
    const v: unknown = typeof value === 'string' ? JSON.parse(value) : value;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Copy) : null;
  } catch {
    return null;
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'paywall_copy').executeTakeFirst();
  const copy = row ? parse(row.value) : null;
  if (!copy || typeof copy.letter !== 'string' || copy.letter.includes('{opening}')) return;
  const lines = copy.letter.split('\n');
  const at = lines.findIndex((l) => SHIPPED_PARAGRAPHS.includes(l.trim()));
  if (at < 0) return;
  const paragraph = (lines[at] ?? '').trim();
  lines[at] = '{opening}';
  const next = { ...copy, letter: lines.join('\n'), openingFreeUsed: paragraph };
  await db
    .updateTable('settings')
    .set({ value: JSON.stringify(next), updated_at: new Date() })
    .where('key', '=', 'paywall_copy')
    .execute();
}

/** Puts the paragraph back in the letter; the openings stay (an older version ignores them). */
export async function down(db: Kysely<any>): Promise<void> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'paywall_copy').executeTakeFirst();
  const copy = row ? parse(row.value) : null;
  if (!copy || typeof copy.letter !== 'string' || typeof copy.openingFreeUsed !== 'string') return;
  if (!SHIPPED_PARAGRAPHS.includes(copy.openingFreeUsed)) return;
  const letter = copy.letter.replace('{opening}', copy.openingFreeUsed);
  await db
    .updateTable('settings')
    .set({ value: JSON.stringify({ ...copy, letter }), updated_at: new Date() })
    .where('key', '=', 'paywall_copy')
    .execute();
}
