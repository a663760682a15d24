/**
 * Importing articles: Markdown files with YAML front matter (`masthead import <dir>`), and the
 * catalogue files beside them. The demo paper is seeded through the same import.
 */
export { type ArticleFrontMatter, parseArticleFile, parseYamlText, schemaProblems } from './front-matter.js';
export { type CommandServices, formatSummary, importCommand, progressReporter, withCommandServices } from './import-command.js';
export { type ImportOptions, type ImportServices, type ImportSummary, importDirectory } from './import-service.js';
