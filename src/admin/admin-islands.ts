/**
 * The admin's islands: the few pages' scripts that earn their place (the rich-text editor,
 * drag-to-order, copying a new API key). Each is a name and its entry file, relative to the
 * repository root; the shell bundles each with esbuild on first use and serves it at
 * `adminIslandUrl(name)` (admin-assets.ts). A part that has an island adds its one line here.
 */
export const ADMIN_ISLANDS: Readonly<Record<string, string>> = {
  'copy-key': 'src/admin/copy-key-island.ts',
  'front-order': 'src/fronts/front-order-island.tsx',
  'story-desk': 'src/newsroom/story-desk-island.ts',
  editor: 'src/newsroom/editor/editor-island.ts',
};
