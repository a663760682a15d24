/**
 * The database schema as Kysely sees it. Timestamps are `Date` on both dialects (the SQLite
 * driver edge converts), JSON columns arrive parsed on PostgreSQL and as text on SQLite: read
 * them through `parseJsonColumn`.
 */
import type { ColumnType, Generated, Kysely } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;
type NullableTimestamp = ColumnType<Date | null, Date | null | undefined, Date | null>;
/** Written as a JSON string; read as text (SQLite) or a parsed value (PostgreSQL). */
type Json = ColumnType<unknown, string, string>;

export interface SectionTable {
  id: string;
  slug: string;
  name: string;
  description: Generated<string>;
  position: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ImageTable {
  id: string;
  sha256: string;
  original_key: string;
  content_type: string;
  width: number;
  height: number;
  bytes: number;
  variants: Json;
  created_at: Timestamp;
}

export interface AuthorTable {
  id: string;
  slug: string;
  name: string;
  bio: Generated<string>;
  photo_image_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TagTable {
  id: string;
  slug: string;
  name: string;
  created_at: Timestamp;
}

export interface ArticleTable {
  id: string;
  slug: string;
  section_id: string;
  headline: string;
  dek: string;
  body_markdown: string;
  body_blocks: Json;
  /** The body's source, a ProseMirror JSON document (src/articles/body-doc.ts). */
  body_doc: Json;
  /** How many blocks stand before the body's paywall break; null without one. */
  paywall_break: number | null;
  body_text: string;
  word_count: number;
  status: string;
  access: string;
  dateline: string;
  hero_image_id: string | null;
  hero_alt: string;
  hero_caption: string;
  hero_credit: string;
  /** The hero's focal point, 0..1 from the left and from the top (0.5: the middle). */
  hero_focal_x: ColumnType<number, number | undefined, number>;
  hero_focal_y: ColumnType<number, number | undefined, number>;
  published_at: NullableTimestamp;
  revised_at: NullableTimestamp;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** `saved_by` of the first save (`api-key:<id>`); null for bulk imports. */
  created_by: string | null;
}

export interface ArticleAuthorTable {
  article_id: string;
  author_id: string;
  position: number;
}

export interface ArticleTagTable {
  article_id: string;
  tag_id: string;
}

export interface ArticleRelatedTable {
  article_id: string;
  related_id: string;
  position: number;
}

export interface ArticleUpdateTable {
  id: string;
  article_id: string;
  noted_at: Timestamp;
  note: string;
  /** A correction rather than an update (listed on /corrections). */
  correction: Bool;
}

export interface ArticleSlugHistoryTable {
  slug: string;
  article_id: string;
  created_at: Timestamp;
}

export interface ArticleRevisionTable {
  id: string;
  article_id: string;
  version: number;
  saved_by: string;
  saved_at: Timestamp;
  snapshot: Json;
}

/** One secret per story that has had a preview link; replacing it revokes every link (src/newsroom). */
export interface StoryPreviewSecretTable {
  article_id: string;
  secret: string;
  rotated_at: Timestamp;
}

export interface ApiKeyTable {
  id: string;
  kind: string;
  role: string | null;
  scopes: Json;
  name: string;
  secret_hash: string;
  created_by: string;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  /** The staff member whose own key it is (src/admin); null for keys made on the command line. */
  staff_id: string | null;
}

export interface AuditEventTable {
  id: string;
  occurred_at: Timestamp;
  actor_kind: string;
  actor_id: string;
  actor_name: string;
  via: string;
  api_key_id: string | null;
  method: string;
  route: string;
  target_id: string | null;
  /** The target's kind and its human name at the time (migration 1100; null on older entries). */
  target_kind: string | null;
  target_name: string | null;
  status: number;
}

export interface SettingTable {
  key: string;
  value: Json;
  updated_at: Timestamp;
}

export interface JobTable {
  id: string;
  kind: string;
  dedupe_key: string | null;
  payload: Json;
  run_at: Timestamp;
  locked_until: NullableTimestamp;
  locked_by: string | null;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Timestamp;
}

/** Booleans: 0/1 on SQLite, true/false on PostgreSQL; written as booleans (the SQLite edge converts). */
type Bool = ColumnType<boolean | number, boolean | undefined, boolean>;

export interface PlanTable {
  id: string;
  slug: string;
  name: string;
  description: string;
  price_cents: number;
  currency: string;
  interval: string;
  trial_days: number;
  entitlements: Json;
  active: Bool;
  position: number;
  stripe_price_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SubscriptionTable {
  id: string;
  reader_id: string;
  plan_id: string;
  status: string;
  current_period_end_at: NullableTimestamp;
  cancel_at_period_end: Bool;
  trial_end_at: NullableTimestamp;
  grace_until_at: NullableTimestamp;
  provider: string;
  provider_subscription_id: string;
  provider_customer_id: string | null;
  provider_version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** When the "your access has ended" email was sent (claimed); null: not sent. */
  access_end_notified_at: NullableTimestamp;
  /** What was agreed at the start (billing record, receipt); null for subscriptions made before that was recorded. */
  offer_id: Generated<string | null>;
  price_cents: Generated<number | null>;
  first_payment_cents: Generated<number | null>;
  currency: Generated<string | null>;
  /** When the cancellation in force was asked for (the dashboard's cancellations per day); null: none. */
  canceled_at: NullableTimestamp;
  /** Stripe's pause of payment collection (`pause_collection.behavior`); null: not paused. */
  pause_behavior: Generated<string | null>;
  /** When the pause ends by itself; null: until resumed. */
  pause_resumes_at: NullableTimestamp;
  /** The provider's time of the event that first told of the pause in force. */
  paused_at: NullableTimestamp;
  /**
   * The key the row is counted under in `subscription_live_counts` (src/subscriptions/live-count.ts):
   * when its access ends if nothing is written, how it counts, its plan. Null: no access.
   */
  live_until_at: NullableTimestamp;
  live_kind: ColumnType<string | null, string | null | undefined, string | null>;
  live_plan_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Live subscriptions per UTC day their access ends, plan, kind and agreed price (src/subscriptions/live-count.ts). */
export interface SubscriptionLiveCountTable {
  until_day: string;
  plan_id: string;
  kind: string;
  /** '' when no currency was agreed (the plan's). */
  currency: string;
  /** -1 when no price was agreed (the plan's). */
  price_cents: ColumnType<number | string, number, number>;
  n: ColumnType<number | string, number, number>;
}

/** A reader's latest end of access over their subscriptions (null: none). */
export interface SubscriberLiveTable {
  reader_id: string;
  live_until_at: NullableTimestamp;
}

/** Readers with access per UTC day it ends. */
export interface SubscriberLiveCountTable {
  until_day: string;
  n: ColumnType<number | string, number, number>;
}

/** Refunds of subscription payments (src/subscriptions/refund.ts). */
export interface SubscriptionRefundTable {
  id: string;
  subscription_id: string;
  reader_id: string;
  provider: string;
  provider_refund_id: string;
  payment_id: string;
  amount_cents: number;
  currency: string;
  status: string;
  reason: string;
  access: string | null;
  staff_id: string | null;
  staff_name: string | null;
  idempotency_key: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Emails sent once per occasion (welcome, renewal reminder, cancellation, gift redeemed): the key is the claim. */
export interface SubscriberEmailTable {
  subject_id: string;
  kind: string;
  occasion: string;
  claimed_at: Timestamp;
}

export interface PaymentEventTable {
  provider: string;
  event_id: string;
  type: string;
  received_at: Timestamp;
  processed_at: NullableTimestamp;
}

export interface OrganisationTable {
  id: string;
  name: string;
  ip_ranges: Json;
  email_domains: Json;
  seat_limit: number | null;
  active: Bool;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The licence's last day, YYYY-MM-DD in the paper's time zone; null: no end. */
  valid_until: string | null;
  contact_name: Generated<string>;
  contact_email: Generated<string>;
}

export interface OrganisationMemberTable {
  organisation_id: string;
  reader_id: string;
  joined_at: Timestamp;
}

export interface GiftTable {
  id: string;
  /** SHA-256 of the redemption code; null until the gift is paid for (the code is made then). */
  code_hash: string | null;
  purchaser_email: string;
  recipient_email: string;
  plan_id: string;
  months: number;
  redeemed_by: string | null;
  redeemed_at: NullableTimestamp;
  expires_at: Timestamp;
  created_at: Timestamp;
  /** 'pending' (at checkout), 'paid', 'canceled' (checkout failed or expired). */
  status: string;
  /** 'stripe' or 'demo': who took the payment; null for gifts made before purchases. */
  provider: string | null;
  checkout_session_id: string | null;
  message: string | null;
  amount_cents: number | null;
  currency: string | null;
  purchaser_reader_id: string | null;
  paid_at: NullableTimestamp;
}

export interface OfferTable {
  id: string;
  code: string;
  kind: string;
  value: number;
  /** How many months are discounted, whatever the plan's interval (offer.ts says how a yearly plan counts them). */
  months: number;
  plan_id: string | null;
  active: Bool;
  expires_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface ReaderTable {
  id: string;
  email: string;
  email_verified_at: NullableTimestamp;
  password_hash: string | null;
  name: Generated<string>;
  address_line1: string | null;
  address_line2: string | null;
  address_city: string | null;
  address_region: string | null;
  address_postcode: string | null;
  address_country: string | null;
  email_preferences: Json;
  closed_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Beside the postal address (the magazine's label, an invoice); null: none given. */
  company: Generated<string | null>;
  /** When `masthead readers import` created this reader; null: the reader signed up here. */
  imported_at: NullableTimestamp;
  /** What the import read: `csv:<file name>` or `ghost:<file name>`. */
  import_source: Generated<string | null>;
}

/** Addresses an import run has seen, with the line that had each first (a duplicate later is refused). */
export interface ReaderImportLineTable {
  run_id: string;
  email: string;
  line: number;
  seen_at: Timestamp;
}

export interface StaffTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  role: string;
  created_at: Timestamp;
  disabled_at: NullableTimestamp;
}

export interface SessionTable {
  id: string;
  token_hash: string;
  principal_kind: string;
  principal_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  user_agent: string | null;
}

export interface EmailTokenTable {
  id: string;
  token_hash: string;
  purpose: string;
  reader_id: string | null;
  staff_id: string | null;
  email: string;
  /** A second address the link is about (a change of address confirmed from the current one). */
  target_email: string | null;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface MeterUsageTable {
  reader_id: string;
  period_key: string;
  period_ends_at: Timestamp;
  used: number;
  updated_at: Timestamp;
}

export interface MeterReadTable {
  reader_id: string;
  period_key: string;
  article_key: string;
  /** Null for reads counted before the id was kept (2026_12_07_0100). */
  article_id: string | null;
  counted_at: Timestamp;
}

export interface MeterNetworkTable {
  period_key: string;
  network_hash: string;
  fresh_meters: number;
  /** Anonymous reads counted from this network this period (2026_12_07_0100). */
  counted_reads: Generated<number>;
  period_ends_at: Timestamp;
}

/** An anonymous meter, under a keyed hash of its cookie's id (src/meter/anonymous-meter-repository.ts). */
export interface MeterAnonymousTable {
  meter_hash: string;
  period_key: string;
  period_ends_at: Timestamp;
  used: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MeterAnonymousReadTable {
  meter_hash: string;
  article_key: string;
  article_id: string;
  counted_at: Timestamp;
}

export interface SignInAttemptTable {
  account_hash: string;
  window_key: string;
  attempts: number;
  window_ends_at: Timestamp;
}

/** Emails anyone can trigger, per recipient (keyed hash) and window (src/accounts/email-send-limit.ts). */
export interface EmailSendTable {
  recipient_hash: string;
  window_key: string;
  sends: number;
  window_ends_at: Timestamp;
}

export interface GiftLinkTable {
  id: string;
  reader_id: string;
  article_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  max_readers: number;
  revoked_at: NullableTimestamp;
  /** Page loads each admitted browser may make (a copied cookie is the same browser). */
  reads_per_reader: Generated<number>;
}

export interface GiftLinkReaderTable {
  link_id: string;
  /** SHA-256 of the link id and the browser's random id (the `mh_gift` cookie): never an address. */
  browser_hash: string;
  admitted_at: Timestamp;
  /** Page loads through the link in this browser (or in every client holding a copy of its cookie). */
  reads: Generated<number>;
}

/** Funnel counters per local day: no reader, no address. '' is "no article / section". */
export interface FunnelCountTable {
  day: string;
  type: string;
  period: string;
  section_id: string;
  article_id: string;
  count: number;
}

export interface ExperimentTable {
  id: string;
  name: string;
  /** 'allowance' | 'copy' */
  kind: string;
  /** Per cent of readers in arm B (1–99). */
  share_b: number;
  /** Arm B's change, JSON text (src/experiments parses it). */
  variant: string;
  /** 'running' | 'stopped' */
  status: string;
  /** 'A' | 'B' once rolled out. */
  winner: string | null;
  started_at: Timestamp;
  started_by: string;
  stopped_at: NullableTimestamp;
  stopped_by: string | null;
  rolled_out_at: NullableTimestamp;
  rolled_out_by: string | null;
}

export interface ExperimentCountTable {
  experiment_id: string;
  arm: string;
  type: string;
  count: number;
}

/**
 * The funnel's counters rolled up per (local day, type, section): written with `funnel_counts` in
 * one transaction, always equal to its sums (migration 2026_12_10_0300). A bigint: PostgreSQL
 * returns it as text.
 */
export interface FunnelDailyTable {
  day: string;
  type: string;
  section_id: string;
  count: ColumnType<number | string, number, number>;
}

export interface FrontLayoutTable {
  /** `home`, or a section's id. */
  front_key: string;
  new_stories: Generated<string>;
  laid_out_at: NullableTimestamp;
}

export interface FrontEntryTable {
  front_key: string;
  article_id: string;
  position: number;
  tier: string;
  pin_ends_at: NullableTimestamp;
}

export interface StaticPageTable {
  slug: string;
  title: string;
  body_markdown: string;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface NewsletterEditionTable {
  id: string;
  /** YYYY-MM-DD in the paper's time zone: one edition per date. */
  edition_date: string;
  subject: string;
  intro: Generated<string>;
  /** draft | scheduled | sending | sent | held (src/newsletter/edition.ts). */
  status: Generated<string>;
  send_at: NullableTimestamp;
  sent_at: NullableTimestamp;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by: string;
  /** When the sender wrote the edition's whole audience to the ledger; null before. */
  audience_ready_at: NullableTimestamp;
}

/** Readers who stopped the daily email (an unsubscribe link, or /account). */
export interface NewsletterOptOutTable {
  reader_id: string;
  /** 'link' | 'account' | 'complaint'. */
  via: string;
  opted_out_at: Timestamp;
}

/** Addresses that get no more mail: a hard bounce or a complaint (keyed by the lower-cased address). */
export interface UndeliverableAddressTable {
  email: string;
  /** 'hard_bounce' | 'complaint'. */
  reason: string;
  detail: Generated<string>;
  marked_at: Timestamp;
}

/** The daily email's ledger: one row per edition and reader (src/newsletter/delivery.ts). */
export interface NewsletterDeliveryTable {
  edition_id: string;
  reader_id: string;
  email: string;
  message_id: string;
  /** pending | claimed | sent | accepted | failed. */
  status: Generated<string>;
  attempts: Generated<number>;
  claimed_by: string | null;
  lease_expires_at: NullableTimestamp;
  retry_at: NullableTimestamp;
  first_tried_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  reply: string | null;
  /** A bit per link position the recipient has clicked (bigint: PostgreSQL answers it as a string). */
  clicked_links: Generated<number | string>;
}

/** What came back for a delivery of the daily email: a hard or soft bounce, a complaint (src/newsletter/bounce.ts). */
export interface NewsletterBounceTable {
  edition_id: string;
  reader_id: string;
  email: string;
  /** 'hard' | 'soft' | 'complaint'. */
  kind: string;
  status: string;
  diagnostic: Generated<string>;
  received_at: Timestamp;
}

/** Reports of bounces and complaints received, per UTC day and outcome (unmatched ones included). */
export interface NewsletterBounceIntakeTable {
  day: string;
  outcome: string;
  count: Generated<number>;
}

/** Clicks through the daily email's redirect links, per edition and link (when the paper counts them). */
/** A link of an edition as it went out with click counting on (src/newsletter/click-tracking.ts). */
export interface NewsletterLinkTable {
  edition_id: string;
  /** The link's number in the click tokens (0 the front page, 1 "view in browser", then the stories). */
  position: number;
  /** home | browser | story. */
  kind: string;
  label: Generated<string>;
  url: string;
  clicks: Generated<number>;
  unique_clicks: Generated<number>;
}

export interface NewsletterEditionStoryTable {
  edition_id: string;
  article_id: string;
  position: number;
}

export interface NewsletterTestSendTable {
  edition_id: string;
  window_key: string;
  sends: number;
}

/** The weekly magazine's editions (src/magazine). */
export interface MagazineEditionTable {
  id: string;
  number: number;
  volume: number;
  issue: number;
  /** YYYY-MM-DD: the Monday starting the week the edition covers, in the paper's time zone. */
  week_of: string;
  cover_date: string;
  cover_article_id: string | null;
  cover_image_id: string | null;
  editor_note: Generated<string>;
  /** draft | frozen (src/magazine/magazine.ts). */
  status: Generated<string>;
  frozen_at: NullableTimestamp;
  /** A frozen edition's content as printed; null while a draft. */
  snapshot: ColumnType<unknown, string | null | undefined, string | null>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by: string;
}

export interface MagazineEditionStoryTable {
  edition_id: string;
  article_id: string;
  position: number;
}

/** The ledger of the emails asking a print subscriber to complete their address: one per edition and reader (src/magazine). */
export interface MagazineAddressRequestTable {
  edition_id: string;
  reader_id: string;
  claimed_at: Timestamp;
  sent_at: NullableTimestamp;
}

/** One run of the magazine's mailing list, sorted by the database (src/magazine): rows live as long as the run. */
export interface MagazineMailingRowTable {
  run_id: string;
  /** copy | incomplete. */
  list: string;
  country: string;
  postcode: string;
  reader_id: string;
  /** JSON array of the CSV cells. */
  cells: string;
  created_at: Timestamp;
}

/** The print-ready PDFs of frozen editions, made on the job runner (src/magazine/magazine-pdf-service.ts). */
export interface MagazinePdfTable {
  edition_id: string;
  /** a4 | letter */
  trim_size: string;
  /** pending | ready | failed */
  status: string;
  storage_key: string | null;
  bytes: number | null;
  error: string | null;
  warnings: Generated<string>;
  requested_at: Timestamp;
  requested_by: string;
  made_at: NullableTimestamp;
  /** When the build under way last said it is running; null: none has begun since the request (migration 2026_12_12_0200). */
  build_seen_at: NullableTimestamp;
  /** How many times the worker asked again by itself for a build that began and went silent. */
  auto_retries: Generated<number>;
}

export interface Database {
  newsletter_opt_outs: NewsletterOptOutTable;
  undeliverable_addresses: UndeliverableAddressTable;
  newsletter_deliveries: NewsletterDeliveryTable;
  newsletter_bounces: NewsletterBounceTable;
  newsletter_bounce_intake: NewsletterBounceIntakeTable;
  newsletter_links: NewsletterLinkTable;
  sections: SectionTable;
  images: ImageTable;
  authors: AuthorTable;
  tags: TagTable;
  articles: ArticleTable;
  article_authors: ArticleAuthorTable;
  article_tags: ArticleTagTable;
  article_related: ArticleRelatedTable;
  article_updates: ArticleUpdateTable;
  article_slug_history: ArticleSlugHistoryTable;
  article_revisions: ArticleRevisionTable;
  story_preview_secrets: StoryPreviewSecretTable;
  api_keys: ApiKeyTable;
  settings: SettingTable;
  jobs: JobTable;
  readers: ReaderTable;
  reader_import_lines: ReaderImportLineTable;
  staff: StaffTable;
  sessions: SessionTable;
  email_tokens: EmailTokenTable;
  plans: PlanTable;
  subscriptions: SubscriptionTable;
  subscription_refunds: SubscriptionRefundTable;
  subscription_live_counts: SubscriptionLiveCountTable;
  subscriber_live: SubscriberLiveTable;
  subscriber_live_counts: SubscriberLiveCountTable;
  payment_events: PaymentEventTable;
  organisations: OrganisationTable;
  organisation_members: OrganisationMemberTable;
  gifts: GiftTable;
  offers: OfferTable;
  meter_usage: MeterUsageTable;
  meter_reads: MeterReadTable;
  meter_networks: MeterNetworkTable;
  meter_anonymous: MeterAnonymousTable;
  meter_anonymous_reads: MeterAnonymousReadTable;
  gift_links: GiftLinkTable;
  gift_link_readers: GiftLinkReaderTable;
  funnel_counts: FunnelCountTable;
  experiments: ExperimentTable;
  experiment_counts: ExperimentCountTable;
  funnel_daily: FunnelDailyTable;
  sign_in_attempts: SignInAttemptTable;
  email_sends: EmailSendTable;
  subscriber_emails: SubscriberEmailTable;
  front_layouts: FrontLayoutTable;
  front_entries: FrontEntryTable;
  static_pages: StaticPageTable;
  audit_events: AuditEventTable;
  newsletter_editions: NewsletterEditionTable;
  newsletter_edition_stories: NewsletterEditionStoryTable;
  newsletter_test_sends: NewsletterTestSendTable;
  magazine_editions: MagazineEditionTable;
  magazine_edition_stories: MagazineEditionStoryTable;
  magazine_address_requests: MagazineAddressRequestTable;
  magazine_mailing_rows: MagazineMailingRowTable;
  magazine_pdfs: MagazinePdfTable;
}

export type Db = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';

/** A database handle and what it is, for the few places (search, jobs) that differ by dialect. */
export interface DbHandle {
  db: Db;
  dialect: Dialect;
  close(): Promise<void>;
}

export function parseJsonColumn(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}
