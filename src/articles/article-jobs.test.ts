import { describe, expect, it } from 'vitest';
import { articleJobHandlers } from './article-jobs.js';
import { PUBLISH_JOB } from './article-service.js';

describe('the publish job', () => {
  const published: string[] = [];
  const handlers = articleJobHandlers({
    publishIfDue: async (id) => {
      published.push(id);
      return true;
    },
  });
  const handler = handlers[PUBLISH_JOB];

  it('publishes the article its payload names', async () => {
    await handler?.({ articleId: 'a1' });
    expect(published).toEqual(['a1']);
  });

  it('refuses a payload that does not match its schema, and publishes nothing', async () => {
    for (const payload of [{}, { articleId: 42 }, { articleId: '' }]) {
      await expect(handler?.(payload)).rejects.toThrow(PUBLISH_JOB);
    }
    expect(published).toEqual(['a1']);
  });
});
