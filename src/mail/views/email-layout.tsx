/**
 * The shell of every HTML email: one column, inline styles only (mail programs drop style
 * sheets), a plain link under every button for programs that hide buttons.
 */
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const BODY = 'margin:0;padding:24px;background:#fffdf8;color:#1a1a1a;font-family:Georgia,serif;font-size:17px;line-height:1.5';
const BUTTON =
  'display:inline-block;padding:10px 18px;background:#1a1a1a;color:#ffffff;text-decoration:none;border-radius:3px;font-family:Arial,sans-serif;font-weight:bold';

export function EmailLayout({
  siteName,
  title,
  children,
  why,
}: {
  siteName: string;
  title: string;
  children: ComponentChildren;
  /** Why this address got the message, when it is not that someone entered it on the website. */
  why?: string | undefined;
}) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
      </head>
      <body style={BODY}>
        <div style="max-width:560px;margin:0 auto">
          <p style="font-weight:bold;font-size:20px;margin:0 0 24px">{siteName}</p>
          {children}
          <p style="margin-top:32px;font-size:14px;color:#555">
            {why ??
              `This message was sent by ${siteName} because someone entered this address on our website. If it wasn’t you, you can ignore it.`}
          </p>
        </div>
      </body>
    </html>
  );
}

export function EmailButton({ href, children }: { href: string; children: ComponentChildren }) {
  return (
    <>
      <p style="margin:24px 0">
        <a href={href} style={BUTTON}>
          {children}
        </a>
      </p>
      <p style="font-size:14px;color:#555;word-break:break-all">
        Or paste this address into your browser: <a href={href}>{href}</a>
      </p>
    </>
  );
}

export function renderEmail(vnode: preact.VNode): string {
  return `<!doctype html>${renderToString(vnode)}`;
}
