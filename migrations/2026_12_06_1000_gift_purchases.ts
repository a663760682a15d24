// Buying gift subscriptions. A gift row is now made before checkout, as `pending`, and
// becomes `paid` when the payment completes; only then is its code made, so `code_hash` may be
// null until then (a unique column allows any number of nulls on both dialects). The purchase
// is kept with it: who bought it, the checkout session, the amount, the purchaser's message.
//
// Frozen in time: imports nothing from src/. SQLite cannot drop a NOT NULL constraint, so there
// the table is rebuilt as its documentation describes (https://www.sqlite.org/lang_altertable.html,
// "Making Other Kinds Of Table Schema Changes"), in one transaction; nothing references `gifts`.
// Rows from before this migration were made with their code: they are `paid`.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

const STATUS_CHECK = sql`status in ('pending', 'paid', 'canceled')`;
const OLD_COLUMNS = [
  'id',
  'code_hash',
  'purchaser_email',
  'recipient_email',
  'plan_id',
  'months',
  'redeemed_by',
  'redeemed_at',
  'expires_at',
  'created_at',
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await db.schema
      .alterTable('gifts')
      .alterColumn('code_hash', (c) => c.dropNotNull())
      .execute();
    await db.schema
      .alterTable('gifts')
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('paid').check(STATUS_CHECK))
      .addColumn('provider', 'text')
      .addColumn('checkout_session_id', 'text')
      .addColumn('message', 'text')
      .addColumn('amount_cents', 'integer')
      .addColumn('currency', 'text')
      .addColumn('purchaser_reader_id', 'text')
      .addColumn('paid_at', sql`timestamptz`)
      .execute();
  } else {
    await db.transaction().execute(async (tx) => {
      await tx.schema
        .createTable('gifts_new')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('code_hash', 'text', (c) => c.unique())
        .addColumn('purchaser_email', 'text', (c) => c.notNull())
        .addColumn('recipient_email', 'text', (c) => c.notNull())
        .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
        .addColumn('months', 'integer', (c) => c.notNull())
        .addColumn('redeemed_by', 'text')
        .addColumn('redeemed_at', 'text')
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('paid').check(STATUS_CHECK))
        .addColumn('provider', 'text')
        .addColumn('checkout_session_id', 'text')
        .addColumn('message', 'text')
        .addColumn('amount_cents', 'integer')
        .addColumn('currency', 'text')
        .addColumn('purchaser_reader_id', 'text')
        .addColumn('paid_at', 'text')
        .execute();
      await tx
        .insertInto('gifts_new')
        .columns([...OLD_COLUMNS])
        .expression((eb) => eb.selectFrom('gifts').select([...OLD_COLUMNS]))
        .execute();
      await tx.schema.dropTable('gifts').execute();
      await tx.schema.alterTable('gifts_new').renameTo('gifts').execute();
      await tx.schema.createIndex('gifts_redeemed_by_idx').on('gifts').column('redeemed_by').execute();
    });
  }
  // One gift per checkout session: the payment's webhook finds its gift by it.
  await db.schema.createIndex('gifts_checkout_session_uq').unique().on('gifts').column('checkout_session_id').execute();
  // "Gifts you bought" on the purchaser's account page.
  await db.schema.createIndex('gifts_purchaser_reader_idx').on('gifts').column('purchaser_reader_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  // Gifts never paid have no code and no place in the old table.
  await db.deleteFrom('gifts').where('code_hash', 'is', null).execute();
  await db.schema.dropIndex('gifts_purchaser_reader_idx').execute();
  await db.schema.dropIndex('gifts_checkout_session_uq').execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await db.schema
      .alterTable('gifts')
      .dropColumn('status')
      .dropColumn('provider')
      .dropColumn('checkout_session_id')
      .dropColumn('message')
      .dropColumn('amount_cents')
      .dropColumn('currency')
      .dropColumn('purchaser_reader_id')
      .dropColumn('paid_at')
      .execute();
    await db.schema
      .alterTable('gifts')
      .alterColumn('code_hash', (c) => c.setNotNull())
      .execute();
    return;
  }
  await db.transaction().execute(async (tx) => {
    await tx.schema
      .createTable('gifts_old')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('code_hash', 'text', (c) => c.notNull().unique())
      .addColumn('purchaser_email', 'text', (c) => c.notNull())
      .addColumn('recipient_email', 'text', (c) => c.notNull())
      .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
      .addColumn('months', 'integer', (c) => c.notNull())
      .addColumn('redeemed_by', 'text')
      .addColumn('redeemed_at', 'text')
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await tx
      .insertInto('gifts_old')
      .columns([...OLD_COLUMNS])
      .expression((eb) => eb.selectFrom('gifts').select([...OLD_COLUMNS]))
      .execute();
    await tx.schema.dropTable('gifts').execute();
    await tx.schema.alterTable('gifts_old').renameTo('gifts').execute();
    await tx.schema.createIndex('gifts_redeemed_by_idx').on('gifts').column('redeemed_by').execute();
  });
}
