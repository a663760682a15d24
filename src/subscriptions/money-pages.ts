/**
 * What every money page shares: the chrome for whoever asks (signed in or not, so the header
 * never says "Sign in" to a signed-in reader), the demo gateway's label, the way back (`return`,
 * a same-site path), and the HTML reply (never cached: the pages carry form tokens).
 */
import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { Type } from 'typebox';
import { safeReturnPath } from '../accounts/index.js';
import type { PageChrome } from '../views/layout.js';
import { DEMO_LABEL } from './demo-gateway.js';

export interface MoneyPages {
  /** The chrome of a page for whoever asks: signed in when `reader` is someone. */
  chromeFor(reader: object | undefined): Promise<PageChrome>;
  /** The demo gateway's label while it is the gateway, else null. */
  demoLabel(): string | null;
  /** A `return` value as a same-site path (src/accounts `safeReturnPath`), or null. */
  returnOf(value: unknown): string | null;
  send(reply: FastifyReply, page: VNode, status?: number): FastifyReply;
}

export const TYPED_CODE = Type.String({ maxLength: 100 });
/** Unsafe values are dropped (safeReturnPath); only absurd lengths are refused. */
export const RETURN = Type.String({ maxLength: 2000 });

export function createMoneyPages(deps: { chrome(): Promise<PageChrome>; isDemo(): boolean }): MoneyPages {
  return {
    chromeFor: async (reader) => ({ ...(await deps.chrome()), signedIn: reader !== undefined }),
    demoLabel: () => (deps.isDemo() ? DEMO_LABEL : null),
    returnOf: (value) => {
      const path = safeReturnPath(value, '');
      return path === '' ? null : path;
    },
    send: (reply, page, status = 200) =>
      reply
        .code(status)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(`<!doctype html>${renderToString(page)}`),
  };
}
