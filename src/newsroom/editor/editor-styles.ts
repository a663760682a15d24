/**
 * The island's stylesheet, shipped inside its bundle and adopted as a constructed stylesheet
 * (`document.adoptedStyleSheets`), so the page links nothing extra and the admin CSP's
 * `style-src 'self'` needs no inline-style exception. Tiptap's own `<style>` injection is off
 * (it would be an inline style); the few rules ProseMirror needs are here instead.
 */
export const EDITOR_CSS = `
.body-editor { display: grid; gap: .5rem; }
.body-editor__toolbar { display: flex; flex-wrap: wrap; gap: .375rem; padding: .375rem; border: 1px solid #6b6b6b; border-radius: 6px; background: #f4f4f2; position: sticky; top: 0; z-index: 1; }
.body-editor__toolbar button, .body-editor__dialog button { font: inherit; font-size: .9375rem; min-height: 2.5rem; padding: .25rem .75rem; border: 1px solid #555; border-radius: 4px; background: #fff; color: #1a1a1a; cursor: pointer; }
.body-editor__toolbar button[aria-pressed="true"] { background: #1a1a1a; color: #fff; border-color: #1a1a1a; }
.body-editor__toolbar button[hidden] { display: none; }
.body-editor button:focus-visible, .body-editor__dialog button:focus-visible, .body-editor__dialog input:focus-visible, .body-editor input:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
.body-editor__area { min-height: 18rem; padding: .75rem 1rem; border: 1px solid #6b6b6b; border-radius: 6px; background: #fff; color: #1a1a1a; font: 1.0625rem/1.6 Georgia, "Times New Roman", serif; overflow-wrap: anywhere; }
.body-editor__area:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
.body-editor__area p { margin: 0; }
.body-editor__area > * + *, .body-editor__area blockquote > * + *, .body-editor__area li > * + * { margin-top: .75em; }
.body-editor__area > :first-child { margin-top: 0; }
.body-editor__area ul, .body-editor__area ol { margin-bottom: 0; padding-left: 1.5rem; }
.body-editor__area li + li { margin-top: .25em; }
.body-editor__area h2, .body-editor__area h3, .body-editor__area h4 { font-family: system-ui, sans-serif; line-height: 1.25; margin-bottom: 0; }
.body-editor__area blockquote { margin-right: 0; margin-bottom: 0; margin-left: 0; padding-left: 1rem; border-left: 3px solid #6b6b6b; }
.body-editor__area a { color: #1d4ed8; text-decoration: underline; }
.body-editor__area pre { background: #f4f4f2; padding: .5rem; overflow-x: auto; }
.body-editor__area hr { border: 0; border-top: 1px solid #6b6b6b; }
.body-editor__pull-quote { margin: 1rem 0 0; padding: .5rem 0 .5rem 1rem; border-left: 6px solid #1a1a1a; }
.body-editor__pull-quote-text { margin: 0; font-size: 1.375rem; font-style: italic; line-height: 1.35; }
.body-editor__attribution { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; margin-top: .5rem; font: .875rem system-ui, sans-serif; }
.body-editor__attribution input { font: inherit; padding: .25rem .5rem; border: 1px solid #6b6b6b; border-radius: 4px; min-width: 0; flex: 1 1 12rem; }
.body-editor__figure { margin: 1rem 0 0; }
.body-editor__figure img { display: block; max-width: 100%; max-height: 20rem; width: auto; height: auto; min-height: 3rem; background: #e8e8e4; }
.body-editor__figure figcaption { font: .875rem/1.4 system-ui, sans-serif; color: #3d3d3d; margin-top: .25rem; }
.body-editor__credit { color: #555; }
.body-editor__paywall-break { margin: 1.25rem 0; padding: .25rem 0; border-top: 2px dashed #8a3b00; color: #8a3b00; font: 600 .8125rem system-ui, sans-serif; text-transform: uppercase; letter-spacing: .04em; text-align: center; }
.body-editor__area .tableWrapper { overflow-x: auto; }
.body-editor__area table { border-collapse: collapse; table-layout: fixed; width: 100%; }
.body-editor__area td, .body-editor__area th { border: 1px solid #6b6b6b; padding: .25rem .5rem; vertical-align: top; min-width: 4rem; position: relative; }
.body-editor__area th { background: #f4f4f2; text-align: left; }
.body-editor__area .selectedCell { background: #dbe4ff; }
.body-editor__area .ProseMirror-selectednode { outline: 3px solid #1d4ed8; outline-offset: 2px; }
.body-editor__help { margin: 0; font: .8125rem/1.4 system-ui, sans-serif; color: #3d3d3d; }
.body-editor__dialog { box-sizing: border-box; max-width: min(32rem, calc(100vw - 2rem)); width: 100%; border: 1px solid #6b6b6b; border-radius: 8px; padding: 1rem 1.25rem; color: #1a1a1a; background: #fff; font: 1rem/1.4 system-ui, sans-serif; }
.body-editor__dialog::backdrop { background: rgb(0 0 0 / .4); }
.body-editor__dialog h2 { margin: 0 0 .75rem; font-size: 1.25rem; }
.body-editor__field { display: grid; gap: .25rem; margin-bottom: .75rem; }
.body-editor__field label { font-weight: 600; }
.body-editor__field input { font: inherit; padding: .375rem .5rem; border: 1px solid #6b6b6b; border-radius: 4px; min-width: 0; }
.body-editor__hint { margin: 0; font-size: .875rem; color: #3d3d3d; }
.body-editor__field-error { margin: 0; font-size: .875rem; font-weight: 600; color: #a4161a; }
.body-editor__status { margin: 0 0 .5rem; font-size: .875rem; }
.body-editor__status:empty { display: none; }
.body-editor__actions { display: flex; flex-wrap: wrap; gap: .5rem; }
.body-editor__dialog .body-editor__primary { background: #1a1a1a; color: #fff; border-color: #1a1a1a; }
.body-editor__notice { margin: 0 0 .5rem; padding: .5rem .75rem; border-left: 4px solid #8a3b00; background: #fff7ed; }
.ProseMirror { position: relative; word-wrap: break-word; white-space: pre-wrap; white-space: break-spaces; font-variant-ligatures: none; }
.ProseMirror [contenteditable="false"] { white-space: normal; }
.ProseMirror pre { white-space: pre-wrap; }
img.ProseMirror-separator { display: inline !important; border: none !important; margin: 0 !important; width: 0 !important; height: 0 !important; }
.ProseMirror-gapcursor { display: none; pointer-events: none; position: absolute; margin: 0; }
.ProseMirror-gapcursor:after { content: ""; display: block; position: absolute; top: -2px; width: 20px; border-top: 2px solid #1a1a1a; }
.ProseMirror-focused .ProseMirror-gapcursor { display: block; }
.ProseMirror-hideselection *::selection { background: transparent; }
.ProseMirror-hideselection * { caret-color: transparent; }
@media (max-width: 40rem) {
  /* On a phone the wrapped toolbar is several rows tall: it scrolls away with the page instead of covering the text. */
  .body-editor__toolbar { position: static; gap: .25rem; padding: .25rem; }
  .body-editor__toolbar button { font-size: .875rem; padding: .25rem .5rem; min-height: 2.75rem; }
  .body-editor__area { padding: .5rem .625rem; }
}
`;
