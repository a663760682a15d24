/**
 * `masthead seed-demo [--force]`: fills the database with the demo paper. Without `--force` it
 * does nothing when any article exists. Exit code 1 when any demo file failed to import.
 */
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { formatSummary, progressReporter, withCommandServices } from '../importer/index.js';
import { type SeedDemoDeps, seedDemo } from './seed-demo.js';

export async function seedDemoCommand(args: string[], config: Config): Promise<number> {
  const { values } = parseArgs({ args, options: { force: { type: 'boolean' } }, strict: true });
  const progress = progressReporter('Seeding the demo paper');
  try {
    const result = await withCommandServices(config, (services) =>
      seedDemo(services, { force: values.force === true, onProgress: progress.onProgress }),
    );
    progress.stop();
    if (!result.seeded) {
      process.stdout.write(`Nothing to do: ${result.reason} (use --force to import the demo paper anyway).\n`);
      return 0;
    }
    process.stdout.write(formatSummary(result));
    return result.failed.length > 0 ? 1 : 0;
  } finally {
    progress.stop();
  }
}

/** For `serve --seed-if-empty`: seeds the demo paper before listening when there are no articles. */
export async function seedDemoIfEmpty(
  services: SeedDemoDeps & { log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void } },
): Promise<void> {
  const result = await seedDemo(services);
  if (!result.seeded) return;
  const { created, updated, unchanged, failed } = result;
  services.log.info({ created, updated, unchanged, failed: failed.length }, 'seeded the demo paper');
  for (const f of failed) services.log.warn({ file: f.file, reason: f.reason }, 'demo file not imported');
}
