/**
 * Test support for the business office's screens over HTTP (/admin/meter, /admin/experiments):
 * an app on the dialect with the basics and the demo plans, one published metered story (the one
 * previews show), and business staff signed in.
 */

import { type SignedInStaff, signInStaff } from '../admin/admin-test-support.js';
import type { Article } from '../articles/index.js';
import type { DIALECTS } from '../db/test-databases.js';
import { seedDemoPlans } from '../subscriptions/plan-service.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';

export async function officeTestApp(dialect: (typeof DIALECTS)[number]): Promise<{ t: TestApp; story: Article; business: SignedInStaff }> {
  const t = await createTestApp(dialect);
  await seedBasics(t.services);
  await seedDemoPlans(t.services.db, t.services.clock);
  const story = await t.services.articles.create(
    {
      headline: 'Harbour dredging delayed',
      section: 'news',
      authors: ['mara-quint'],
      status: 'published',
      body: SAMPLE_BODY,
      access: 'metered',
    },
    'test',
  );
  return { t, story, business: await signInStaff(t, 'business') };
}

/** The srcdoc of each preview frame on a page, unescaped. */
export function previewFrames(html: string): string[] {
  return [...html.matchAll(/<iframe[^>]*srcdoc="([^"]*)"/g)].map((m) =>
    (m[1] ?? '').replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&'),
  );
}
