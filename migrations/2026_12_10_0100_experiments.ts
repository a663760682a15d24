// Experiments on the meter and the paywall (issue 16). Frozen in time: imports nothing from src/.
// The same statements run on SQLite and PostgreSQL 15.
//
// 1. `experiments`: one row per experiment. `variant` is arm B's change as JSON text (an allowance,
//    or paywall copy); arm A is always what the meter policy and paywall copy say now. At most one
//    row is `running`: a partial unique index holds that even when two staff start one at once.
// 2. `experiment_counts`: per experiment, arm and funnel event type, how many (the funnel's
//    recorder adds to them in the same transaction as its per-day counters). Nothing about readers.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  await db.schema
    .createTable('experiments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('share_b', 'integer', (c) => c.notNull())
    .addColumn('variant', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('winner', 'text')
    .addColumn('started_at', ts, (c) => c.notNull())
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('stopped_at', ts)
    .addColumn('stopped_by', 'text')
    .addColumn('rolled_out_at', ts)
    .addColumn('rolled_out_by', 'text')
    .execute();
  await sql`create unique index experiments_one_running on experiments (status) where status = 'running'`.execute(db);
  await db.schema.createIndex('experiments_started_idx').on('experiments').column('started_at').execute();
  await db.schema
    .createTable('experiment_counts')
    .addColumn('experiment_id', 'text', (c) => c.notNull())
    .addColumn('arm', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('experiment_counts_pk', ['experiment_id', 'arm', 'type'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('experiment_counts').ifExists().execute();
  await db.schema.dropTable('experiments').ifExists().execute();
}
