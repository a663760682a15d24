/**
 * The desk's stylesheet: what its pages need beyond the admin stylesheet (the editing page's
 * two columns, the conflict's side-by-side, the diff's marks, the previews). No inline styles:
 * admin pages keep `style-src 'self'`.
 */
import { createHash } from 'node:crypto';

export const DESK_CSS = `
.desk-head{display:flex;align-items:center;justify-content:space-between;gap:1rem;flex-wrap:wrap}
.desk-counts{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;list-style:none;padding:0;margin:.5rem 0 1rem}
.desk-counts a[aria-current=page]{font-weight:700}
.desk-counts .count{display:inline-block;min-width:1.6em;padding:0 .35em;border:1px solid currentColor;border-radius:1em;text-align:center;font-size:.85em}
.desk-filters{display:flex;flex-wrap:wrap;gap:.75rem 1rem;align-items:flex-end;margin:0 0 1rem}
.desk-filters .field{display:flex;flex-direction:column;gap:.2rem;margin:0}
.desk-filters .actions{display:flex;gap:.75rem;align-items:center}
.desk-table{width:100%;border-collapse:collapse}
.desk-table .note{color:#5a5750;font-size:.9em}
@media (max-width:700px){.desk-table thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.desk-table tr{display:block;border-bottom:1px solid #d6d3cc;padding:.4rem 0}.desk-table td{display:block;border:0;padding:.1rem .25rem}}
.desk-bulk,.desk-pages{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin:1rem 0}
.status{display:inline-block;padding:.05rem .45rem;border:1px solid currentColor;border-radius:.25rem;font-size:.85em;white-space:nowrap}
.status-published{color:#0b5d1e}.status-scheduled{color:#7a4a00}.status-draft{color:#3b3a36}.status-unpublished{color:#8a1c1c}
.story-layout{display:grid;grid-template-columns:minmax(0,1fr) 20rem;gap:2rem;align-items:start}
@media (max-width:900px){.story-layout{grid-template-columns:minmax(0,1fr)}}
.story-form .field{display:flex;flex-direction:column;gap:.25rem;margin:0 0 1rem}
.story-form input[type=text],.story-form textarea,.story-form select{max-width:none}
.story-form input[type=number]{width:7rem}
.story-form textarea[name=body]{min-height:24rem;font-family:ui-monospace,Menlo,Consolas,monospace}
.story-form .hint{color:#5a5750;font-size:.9em;margin:0}
.story-form fieldset{border:1px solid #d6d3cc;padding:.5rem 1rem 0;margin:0 0 1rem}
.story-form .checks{display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.story-form .checks label{display:flex;gap:.35rem;align-items:center}
.story-actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;padding:.75rem 0;border-top:1px solid #d6d3cc}
.story-form .field>button{align-self:flex-start}
.story-form fieldset .field{margin-bottom:.75rem}
a.button{display:inline-block;text-decoration:none}
input[type=date],input[type=datetime-local],input[type=number]{font:inherit;padding:.4rem .5rem;border:1px solid #7d8791;border-radius:4px;background:#fff}
.save-state{color:#3b3a36;margin:0 .5rem}
.story-side section{border-top:1px solid #d6d3cc;padding:.5rem 0 1rem}
.story-side h2{font-size:1.05rem;margin:.3rem 0 .5rem}
.serp{font-family:arial,sans-serif;max-width:36rem}
.serp .serp-url{color:#202124;font-size:.85rem;margin:0}
.serp .serp-title{color:#1a0dab;font-size:1.15rem;margin:.1rem 0}
.serp .serp-desc{color:#4d5156;font-size:.9rem;margin:0}
.social-card{border:1px solid #c9c6bf;border-radius:.5rem;overflow:hidden;max-width:30rem}
.social-card img{display:block;width:100%;height:auto;aspect-ratio:1.91/1;object-fit:cover}
.social-card .sc-body{padding:.5rem .75rem}
.social-card .sc-site{text-transform:uppercase;font-size:.75rem;color:#5a5750;margin:0}
.social-card .sc-title{font-weight:700;margin:.2rem 0}
.social-card .sc-desc{font-size:.9rem;margin:0;color:#3b3a36}
.hero-pick{position:relative;display:inline-block;max-width:100%}
.hero-pick img{display:block;max-width:100%;height:auto}
.hero-pick button.focus-pick{position:absolute;inset:0;width:100%;height:100%;background:transparent;border:0;cursor:crosshair}
.focus-dot{position:absolute;width:14px;height:14px;margin:-7px 0 0 -7px;border:2px solid #fff;border-radius:50%;box-shadow:0 0 0 2px #000;pointer-events:none}
.focus-pair{display:flex;gap:1rem;flex-wrap:wrap}
.conflict{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
@media (max-width:700px){.conflict{grid-template-columns:1fr}}
.conflict section{border:1px solid #c9c6bf;padding:.5rem 1rem}
.conflict dt{font-weight:700;margin-top:.5rem}
.conflict dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.diff ins{background:#d8f5dd;text-decoration:underline;color:#0b3d16}
.diff del{background:#fbe1e1;text-decoration:line-through;color:#5c1111}
.diff .mark{font-size:.75em;font-weight:700;text-transform:uppercase;margin-right:.15em}
.diff dd{white-space:pre-wrap;overflow-wrap:anywhere;margin:0 0 .75rem}
.revisions td form{display:inline}
.preview-bar{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;padding:.5rem 1rem;background:#1f1d1a;color:#fff}
.preview-bar a{color:#fff}
.preview-frame{width:100%;min-height:70vh;border:1px solid #c9c6bf}
.link-box{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center}
.link-box input{flex:1 1 20rem}
.update-form textarea{width:100%;min-height:4rem;box-sizing:border-box}
`;

export const DESK_CSS_HASH = createHash('sha256').update(DESK_CSS).digest('hex').slice(0, 12);
