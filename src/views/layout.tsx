/**
 * The page shell every reader page shares: skip link, masthead, section navigation, search,
 * main landmark, footer. Pure: typed props in, markup out.
 */
import type { ComponentChildren } from 'preact';
import { ASSETS } from './assets.js';

/**
 * The paper's identity as the page shell shows it (src/settings holds and validates it). Plain
 * data, so the shared views import no feature.
 */
export interface ChromeSite {
  name: string;
  tagline: string;
  description: string;
  /** BCP 47, for `<html lang>` and the feeds. */
  language: string;
}

/** A section as the navigation shows it (src/sections holds it). */
export interface ChromeSection {
  id: string;
  slug: string;
  name: string;
  description: string;
  position: number;
}

export interface PageChrome {
  site: ChromeSite;
  sections: ChromeSection[];
  publicUrl: string;
  /** Slug of the section to mark as current in the navigation. */
  currentSection?: string | undefined;
  /** The page variant for a signed-in visitor: the header links to the account, not to sign in. */
  signedIn?: boolean | undefined;
  /** The paper's written static pages (About, Contact, …) for the footer, in its order (src/pages). */
  pages?: readonly { path: string; title: string }[] | undefined;
}

/** Where the footer's page links go in among the static pages: the corrections list after its policy. */
function footerPages(pages: readonly { path: string; title: string }[]) {
  const out = [...pages];
  const policy = out.findIndex((p) => p.path === '/corrections-policy');
  out.splice(policy >= 0 ? policy + 1 : out.length, 0, { path: '/corrections', title: 'Corrections' });
  return out;
}

export interface LayoutProps {
  chrome: PageChrome;
  title: string;
  description?: string | undefined;
  /** Path of the canonical URL, e.g. `/news`. */
  canonicalPath?: string | undefined;
  /**
   * Where the header's "Sign in" brings the reader back to, when it is not the canonical path:
   * the page as the reader has it, query included (e.g. `/subscribe?return=%2Fnews%2F…`). A
   * same-site path the page's route has already checked (src/accounts `safeReturnPath`).
   */
  returnPath?: string | undefined;
  head?: ComponentChildren;
  noindex?: boolean | undefined;
  children: ComponentChildren;
}

/**
 * The header's sign-in link, carrying the page the reader is on as `return` (the front page too:
 * a sign-in without `return` lands on /account). Only a plain path on this site rides along; the
 * sign-in route checks it again with `safeReturnPath`, which also refuses the sign-in pages.
 */
export function signInHref(here: string | undefined): string {
  if (!here?.startsWith('/') || here.startsWith('//') || here.includes('\\')) return '/signin';
  return `/signin?return=${encodeURIComponent(here)}`;
}

export function Layout({ chrome, title, description, canonicalPath, returnPath, head, noindex, children }: LayoutProps) {
  const { site, sections } = chrome;
  return (
    <html lang={site.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {description ? <meta name="description" content={description} /> : null}
        {canonicalPath ? <link rel="canonical" href={chrome.publicUrl + canonicalPath} /> : null}
        {noindex ? <meta name="robots" content="noindex" /> : null}
        <link rel="stylesheet" href={ASSETS.siteCss.url} />
        <link rel="stylesheet" href={ASSETS.printCss.url} media="print" />
        <link rel="icon" href={ASSETS.favicon.url} type="image/svg+xml" />
        <link rel="alternate" type="application/rss+xml" title={`${site.name} (RSS)`} href="/feed.xml" />
        <link rel="alternate" type="application/atom+xml" title={`${site.name} (Atom)`} href="/atom.xml" />
        <meta name="theme-color" content="#fffdf8" />
        {head}
      </head>
      <body>
        <a class="skip" href="#content">
          Skip to content
        </a>
        <header class="site-head">
          <div class="wrap">
            <div class="brand">
              <a href="/" class="name">
                {site.name}
              </a>
              <p class="tagline">{site.tagline}</p>
            </div>
            <nav class="site-nav" aria-label="Sections">
              <ul>
                <li>
                  <a href="/" aria-current={chrome.currentSection === '' ? 'page' : undefined}>
                    Front page
                  </a>
                </li>
                {sections.map((s) => (
                  <li key={s.id}>
                    <a href={`/${s.slug}`} aria-current={chrome.currentSection === s.slug ? 'page' : undefined}>
                      {s.name}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <form class="search-form" role="search" action="/search" method="get">
              <label class="visually-hidden" for="q">
                Search the paper
              </label>
              <input id="q" type="search" name="q" placeholder="Search the paper" maxLength={200} />
              <button type="submit">Search</button>
            </form>
            <p class="account-link">
              {chrome.signedIn ? <a href="/account">Account</a> : <a href={signInHref(returnPath ?? canonicalPath)}>Sign in</a>}
            </p>
          </div>
        </header>
        <main id="content" tabIndex={-1}>
          <div class="wrap">{children}</div>
        </main>
        <footer class="site-foot">
          <div class="wrap">
            <p>
              {site.name} — {site.description}
            </p>
            <nav aria-label="About the paper">
              <ul>
                {footerPages(chrome.pages ?? []).map((p) => (
                  <li key={p.path}>
                    <a href={p.path}>{p.title}</a>
                  </li>
                ))}
              </ul>
            </nav>
            <ul>
              <li>
                <a href="/magazine">The weekly magazine</a>
              </li>
              <li>
                <a href="/feed.xml">RSS</a>
              </li>
              <li>
                <a href="/atom.xml">Atom</a>
              </li>
              <li>
                <a href="/sitemap.xml">Sitemap</a>
              </li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
  );
}
