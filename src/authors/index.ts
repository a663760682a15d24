/**
 * Authors: the people on bylines. `createAuthorService` lists and finds them and runs the
 * newsroom's writes (an author still on a byline cannot be deleted). The repository's reads and
 * writes are exported for the articles feature (bylines) and the importer (a catalogue's authors).
 */
export { type Author, findAuthorBySlug, findAuthorsBySlugs, insertAuthor, listAuthors, updateAuthor } from './author-repository.js';
export { type AuthorInput, type AuthorService, type AuthorWriteDeps, createAuthorService } from './author-service.js';
