/**
 * The demo paper's front page as its editors left it: the storm as the lead, four stories from
 * other desks as secondaries; every other story follows by recency, and new stories go on top.
 */
import type { FrontService } from '../fronts/index.js';

export const DEMO_FRONT_PAGE = {
  lead: 'storm-warning-gale-harbour-surge',
  secondary: [
    'mayoral-campaign-finance-developer-donations',
    'storm-surge-estuary-gauges-test',
    'kestrel-hill-boil-water-notice-main-break',
    'mariners-carrow-athletic-floodlit-win',
  ],
};

export async function seedDemoFront(deps: {
  fronts: Pick<FrontService, 'find' | 'add' | 'editorView' | 'edit'>;
  articleIdBySlug(slug: string): Promise<string | undefined>;
}): Promise<void> {
  const home = await deps.fronts.find('home');
  if (!home) return;
  const slugs = [DEMO_FRONT_PAGE.lead, ...DEMO_FRONT_PAGE.secondary];
  const ids: string[] = [];
  for (const slug of slugs) {
    const id = await deps.articleIdBySlug(slug);
    if (id) ids.push(id);
  }
  // Each story added goes on top: add them last first.
  for (const id of [...ids].reverse()) await deps.fronts.add(home, id);
  const { rows } = await deps.fronts.editorView(home);
  const leadId = ids[0];
  await deps.fronts.edit(
    home,
    rows.map((r) => ({
      ...r.entry,
      tier: r.entry.articleId === leadId ? 'lead' : ids.includes(r.entry.articleId) ? 'secondary' : r.entry.tier,
    })),
    { kind: 'save' },
  );
}
