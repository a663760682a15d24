/**
 * The articles' background job: publishing a scheduled story when its time comes. The payload
 * is parsed with its schema before use: a job row is data from storage like any other.
 */
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { InvalidJobPayload, type JobHandler } from '../jobs/job-queue.js';
import type { ArticleService } from './article-service.js';
import { PUBLISH_JOB } from './article-service.js';

export const PublishJobPayload = Type.Object({ articleId: Type.String({ minLength: 1 }) });

/** The job handlers of the articles feature, by job kind, for the job runner. */
export function articleJobHandlers(articles: Pick<ArticleService, 'publishIfDue'>): Record<string, JobHandler> {
  return {
    [PUBLISH_JOB]: async (payload) => {
      if (!Value.Check(PublishJobPayload, payload)) throw new InvalidJobPayload(`${PUBLISH_JOB}: the payload has no article id`);
      await articles.publishIfDue(payload.articleId);
    },
  };
}
