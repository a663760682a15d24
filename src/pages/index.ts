/**
 * Static pages: About, Contact, Corrections policy, Privacy and Terms, at fixed addresses, each
 * with a title and a Markdown body editors change at /admin/pages. `createPagesService` lists,
 * reads and saves them and serves readers each written page through the page cache (the body
 * rendered and sanitized by the articles' Markdown renderer); a page nobody has written is a 404
 * and is not in the footer. `registerPageRoutes` mounts the readers' routes,
 * `registerPageAdminRoutes` the list and edit pages at /admin/pages (editors and owners).
 */
export { type PageAdminRouteDeps, registerPageAdminRoutes } from './pages-admin-routes.js';
export { type PageRouteDeps, registerPageRoutes } from './pages-routes.js';
export { createPagesService, type PagesService, type PagesServiceDeps } from './pages-service.js';
export { isStaticPageSlug, STATIC_PAGES, type StaticPage, type StaticPageSlug } from './static-page.js';
