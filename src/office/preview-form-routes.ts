/**
 * The shape /admin/meter and /admin/experiments/new share, once: one form of text fields posted
 * to two addresses. `POST <path>/preview` answers the page with the unsaved values and the
 * reader's own article page as each kind of reader would see it under them (it changes nothing
 * and is not in the audit trail); `POST <path>` does what the form is for and answers 303, or
 * whatever `act` answers. A form that does not parse, or came incomplete or too long, answers the
 * page again with each problem at its field (the page's `send` makes that a 400); nothing is done.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type adminRoute, setNotAChange } from '../admin/index.js';
import type { Article } from '../articles/index.js';
import type { FieldProblem } from '../http/app-error.js';
import type { PreviewReader, PreviewSettings } from '../site/index.js';
import { MAX_FIELD } from './meter-form.js';
import type { MeterPreview } from './views/meter-preview.js';

const FormBody = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: MAX_FIELD }), { maxProperties: 60 });
const INCOMPLETE: FieldProblem[] = [{ field: 'form', message: 'This form was not complete or too long. Check it and try again.' }];

/** Where previews come from: the site's own article page (src/site `previewAs`), never a second drawing. */
export interface PreviewPages {
  /** Published stories the meter counts, newest first: the ones a preview may show. */
  meteredStories(): Promise<{ id: string; headline: string }[]>;
  findStory(id: string): Promise<Article | undefined>;
  /** The reader's article page for one kind of reader under these settings. */
  previewAs(article: Article, as: PreviewReader, settings: PreviewSettings): Promise<string>;
}

export type FormCheck<V> = { ok: true; value: V } | { ok: false; problems: readonly FieldProblem[] };

export interface PreviewFormRoutes<F extends { story: string }, V> {
  /** Where the form posts; previews post to `${path}/preview`. */
  path: string;
  /** The route's `config` (its staff roles: src/admin `adminRoute`). */
  config: ReturnType<typeof adminRoute>;
  /** The CSRF check every POST runs first (src/http/csrf.ts). */
  guard(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** The form as posted (its fields as typed; a field not sent keeps what the form starts with). */
  formOf(body: unknown): F | Promise<F>;
  /** What the form says, or its problems, each at its field. */
  check(form: F): Promise<FormCheck<V>>;
  /** The page again: the form as typed, its problems, and the previews (null when none was asked). */
  send(
    request: FastifyRequest,
    reply: FastifyReply,
    form: F,
    problems: readonly FieldProblem[],
    previews: MeterPreview[] | null,
  ): Promise<FastifyReply>;
  /** The stories and the reader's page the previews come from. */
  pages: PreviewPages;
  /** The kinds of reader the preview shows. */
  previewReaders(form: F): readonly PreviewReader[];
  /** The settings the preview renders under. */
  previewSettings(value: V): PreviewSettings | Promise<PreviewSettings>;
  /** What the form is for (save, start): answers the redirect, or the page with a refusal. */
  act(request: FastifyRequest, reply: FastifyReply, value: V, form: F): Promise<FastifyReply>;
}

export function registerPreviewFormRoutes<F extends { story: string }, V>(app: FastifyInstance, r: PreviewFormRoutes<F, V>): void {
  /** The form of a POST, parsed: its value, or the form with its problems. */
  async function parse(request: FastifyRequest & { validationError?: Error | undefined }) {
    const form = await r.formOf(request.body);
    if (request.validationError) return { ok: false, form, problems: INCOMPLETE } as const;
    const checked = await r.check(form);
    if (!checked.ok) return { ok: false, form, problems: checked.problems } as const;
    return { ok: true, form, value: checked.value } as const;
  }

  const post = { config: r.config, preValidation: r.guard, attachValidation: true, schema: { body: FormBody } };

  app.post(`${r.path}/preview`, post, async (request, reply) => {
    setNotAChange(request);
    const p = await parse(request);
    if (!p.ok) return r.send(request, reply, p.form, p.problems, null);
    const stories = await r.pages.meteredStories();
    const id = stories.some((s) => s.id === p.form.story) ? p.form.story : stories[0]?.id;
    const article = id === undefined ? undefined : await r.pages.findStory(id);
    const settings = await r.previewSettings(p.value);
    const previews = article
      ? await Promise.all(r.previewReaders(p.form).map(async (as) => ({ as, html: await r.pages.previewAs(article, as, settings) })))
      : [];
    return r.send(request, reply, { ...p.form, story: id ?? '' }, [], previews);
  });

  app.post(r.path, post, async (request, reply) => {
    const p = await parse(request);
    if (!p.ok) return r.send(request, reply, p.form, p.problems, null);
    return r.act(request, reply, p.value, p.form);
  });
}
