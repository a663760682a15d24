/**
 * Fronts: the front page and each section front as editors lay them out. `front.ts` holds the
 * decision (`composeFront`: from the layout, the live stories and the time to the front readers
 * see, with tiers lead, secondary and list) and the editor's pure operations;
 * `createFrontService` loads and saves layouts (every save fires the content-change event, which
 * empties the page cache) and composes fronts for the site's listing pages;
 * `registerFrontAdminRoutes` mounts the front editor at /admin/fronts (editors and owners).
 */
export {
  type ComposedFront,
  composeFront,
  type FrontEntry,
  type FrontItem,
  type FrontLayout,
  HOME,
  NEW_STORY_RULES,
  type NewStoryRule,
  TIERS,
  type Tier,
} from './front.js';
export { type FrontAdminRouteDeps, registerFrontAdminRoutes } from './front-admin-routes.js';
export {
  createFrontService,
  type FrontPlace,
  type FrontRef,
  type FrontService,
  type FrontServiceDeps,
  type FrontStories,
  frontOf,
} from './front-service.js';
