/**
 * The staff's downloads of a frozen edition's mailing list: GET
 * /admin/magazine/editions/:number/mailing-list.csv (the mail house's list) and
 * …/mailing-list-incomplete.csv (entitled readers whose address will not do). The same list the
 * command writes, made afresh from the entitlements at the edition's cut-off and the addresses
 * now, streamed; nobody is emailed from here (the command asks them). Open to the owner, the
 * business office (circulation) and editors (print production sends the files on press day);
 * writers have no need of readers' addresses. Each download is in the audit trail: the lists
 * hold every subscriber's address.
 */
import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StaffRole } from '../accounts/index.js';
import { adminRoute } from '../admin/index.js';
import type { MagazineEdition } from './magazine.js';
import { NumberParams } from './magazine-schemas.js';
import type { MailingListKind } from './mailing-list-repository.js';
import type { MailingListService } from './mailing-list-service.js';

export const MAILING_LIST_ROLES: readonly StaffRole[] = ['owner', 'business', 'editor'];

export interface MailingListRouteDeps {
  mailingList: Pick<MailingListService, 'make'>;
  /** Writes the download to the audit trail (who, which edition, which list). */
  recordDownload(request: FastifyRequest, edition: MagazineEdition): Promise<void>;
}

export function registerMailingListRoutes(scope: FastifyInstance, deps: MailingListRouteDeps): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const lists: [string, MailingListKind][] = [
    ['mailing-list.csv', 'copy'],
    ['mailing-list-incomplete.csv', 'incomplete'],
  ];
  for (const [file, list] of lists) {
    app.get(
      `/admin/magazine/editions/:number/${file}`,
      { config: adminRoute(MAILING_LIST_ROLES), schema: { params: NumberParams } },
      async (request, reply) => {
        const run = await deps.mailingList.make(request.params.number);
        try {
          await deps.recordDownload(request, run.edition);
        } catch (err) {
          await run.close();
          throw err;
        }
        // The rows are forgotten when the last line has left, or when the download is abandoned.
        async function* body() {
          try {
            yield* run.lines(list);
          } finally {
            await run.close();
          }
        }
        return reply
          .header('cache-control', 'no-store')
          .header('content-disposition', `attachment; filename="edition-${run.edition.number}-${file}"`)
          .type('text/csv; charset=utf-8')
          .send(Readable.from(body(), { objectMode: false }));
      },
    );
  }
}
