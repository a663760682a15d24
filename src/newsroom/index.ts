/**
 * The desk: the newsroom's story screens under /admin. The stories list (the staff's landing
 * page) with filters, search, paging and bulk actions; the story editing page with autosave, the
 * conflict page that stops an overwrite, revisions with their differences and restore, schedule,
 * publish and unpublish, update notes and corrections; previews as readers will see the story
 * and signed preview links for people without an account; picture uploads. `createNewsroomService`
 * holds the use-cases (over the articles feature), `registerNewsroomRoutes` mounts the routes
 * from `NewsroomRouteDeps`. Its role rules are the Admin API's (desk-rules.ts). The rich-text
 * editor island is its own part (src/newsroom/editor).
 */
import type { FastifyInstance } from 'fastify';
import { registerImageUploadRoutes } from './image-upload-routes.js';
import type { NewsroomRouteDeps } from './newsroom-route-deps.js';
import { registerStoryEditRoutes } from './story-edit-routes.js';
import { registerStoryListRoutes } from './story-list-routes.js';
import { registerStoryPreviewRoutes } from './story-preview-routes.js';
import { registerStoryRevisionRoutes } from './story-revision-routes.js';

export { PUBLISH_ROLES, STORY_ROLES, savedByOfStaff } from './desk-rules.js';
export type { NewsroomRouteDeps } from './newsroom-route-deps.js';
export { createNewsroomService, type NewsroomService, type NewsroomServiceDeps } from './newsroom-service.js';

export async function registerNewsroomRoutes(app: FastifyInstance, deps: NewsroomRouteDeps): Promise<void> {
  registerStoryListRoutes(app, deps);
  registerStoryEditRoutes(app, deps);
  registerStoryPreviewRoutes(app, deps);
  registerStoryRevisionRoutes(app, deps);
  await registerImageUploadRoutes(app, deps);
}
