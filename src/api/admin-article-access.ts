/**
 * Writers draft their own stories. The route table (ADMIN_ROUTE_ROLES) lets a writer key
 * reach `articles.write` only; here the Admin API decides on the article itself: a writer creates
 * drafts only, and replaces only a draft it created, which stays a draft. Publishing, scheduling,
 * deleting and the taxonomy stay with owners and editors (the route table refuses those), so a
 * writer's story may carry only tags that already exist (a save would otherwise create them).
 */
import type { FastifyRequest } from 'fastify';
import type { ApiKey } from '../api-keys/index.js';
import type { Article, ArticleService } from '../articles/index.js';
import { AppError } from '../http/app-error.js';
import type { TagService } from '../tags/index.js';
import { adminKeyOf, savedByOf } from './api-auth.js';

export type ArticleSaveDecision =
  | { allow: true }
  | { allow: false; reason: 'status-not-draft' | 'not-creator' | 'not-a-draft' }
  | { allow: false; reason: 'new-tags'; tags: string[] };

export interface ArticleSaveAttempt {
  key: Pick<ApiKey, 'kind' | 'role'>;
  /** Who is saving, as `saved_by` records it. */
  savedBy: string;
  /** The status the body asks for; absent means draft. */
  requestedStatus: string | undefined;
  /** Tag slugs the body names that do not exist yet. */
  newTags: readonly string[];
  /** The article being replaced; absent on create. */
  current?: { status: string; createdBy: string | null } | undefined;
}

/** Whether a save may go ahead. Only writer keys are limited; the route table checked the rest. */
export function decideArticleSave(attempt: ArticleSaveAttempt): ArticleSaveDecision {
  if (attempt.key.kind !== 'admin' || attempt.key.role !== 'writer') return { allow: true };
  if (attempt.current) {
    if (attempt.current.createdBy !== attempt.savedBy) return { allow: false, reason: 'not-creator' };
    if (attempt.current.status !== 'draft') return { allow: false, reason: 'not-a-draft' };
  }
  if (attempt.requestedStatus !== undefined && attempt.requestedStatus !== 'draft') return { allow: false, reason: 'status-not-draft' };
  if (attempt.newTags.length > 0) return { allow: false, reason: 'new-tags', tags: [...attempt.newTags] };
  return { allow: true };
}

export function articleSaveRefusal(decision: Exclude<ArticleSaveDecision, { allow: true }>): AppError {
  switch (decision.reason) {
    case 'status-not-draft':
      return new AppError('FORBIDDEN', 403, 'A writer key may save drafts only: an editor publishes or schedules.', [
        { field: 'body.status', message: 'must be "draft" for a writer key' },
      ]);
    case 'not-creator':
      return new AppError('FORBIDDEN', 403, 'A writer key may change only the drafts it created.');
    case 'not-a-draft':
      return new AppError('FORBIDDEN', 403, 'This article is no longer a draft: only an owner or an editor may change it.');
    case 'new-tags':
      return new AppError('FORBIDDEN', 403, 'A writer key may use existing tags only: an editor creates tags.', [
        { field: 'body.tags', message: `no such tag: ${decision.tags.join(', ')}` },
      ]);
  }
}

/** What the check looks up: which tags exist, and who created an article. */
export interface ArticleSaveLookups {
  tags: Pick<TagService, 'findBySlugs'>;
  articles: Pick<ArticleService, 'creatorOf'>;
}

/** Refuses (403) a save the request's key may not make; `current` is the article being replaced. */
export async function checkArticleSave(
  deps: ArticleSaveLookups,
  request: FastifyRequest,
  body: { status?: string | undefined; tags?: string[] | undefined },
  current?: Article,
): Promise<void> {
  const key = adminKeyOf(request);
  if (key.role !== 'writer') return;
  const tags = [...new Set(body.tags ?? [])];
  const known = new Set((await deps.tags.findBySlugs(tags)).map((t) => t.slug));
  const decision = decideArticleSave({
    key,
    savedBy: savedByOf(request),
    requestedStatus: body.status,
    newTags: tags.filter((t) => !known.has(t)),
    current: current && { status: current.status, createdBy: await deps.articles.creatorOf(current.id) },
  });
  if (!decision.allow) throw articleSaveRefusal(decision);
}
