// The migration set, in order. Both dialects run the same list.
import type { Migration } from 'kysely';
import * as publishingCore from './2026_11_25_0900_publishing_core.js';
import * as accounts from './2026_11_25_1200_accounts.js';
import * as subscriptions from './2026_11_25_1300_subscriptions.js';
import * as articleCreatedBy from './2026_11_25_1400_article_created_by.js';
import * as giftPurchases from './2026_12_06_1000_gift_purchases.js';
import * as accessEndedNotice from './2026_12_06_1010_access_ended_notice.js';
import * as meter from './2026_12_06_1020_meter.js';
import * as funnelEvents from './2026_12_06_1030_funnel_events.js';
import * as giftLinks from './2026_12_06_1040_gift_links.js';
import * as signInAttempts from './2026_12_06_2130_sign_in_attempts.js';
import * as anonymousMeter from './2026_12_07_0100_anonymous_meter.js';
import * as emailSends from './2026_12_07_0200_email_sends.js';
import * as moneyMonthsAndNotices from './2026_12_07_0300_money_months_and_notices.js';
import * as giftLinkReads from './2026_12_07_0400_gift_link_reads.js';
import * as paywallLetterOpening from './2026_12_07_0410_paywall_letter_opening.js';
import * as auditEvents from './2026_12_07_1010_audit_events.js';
import * as apiKeyStaff from './2026_12_07_1011_api_key_staff.js';
import * as bodyDocuments from './2026_12_07_1020_body_documents.js';
import * as updateCorrections from './2026_12_07_1021_update_corrections.js';
import * as heroFocalPoint from './2026_12_07_1022_hero_focal_point.js';
import * as fronts from './2026_12_07_1030_fronts.js';
import * as staticPages from './2026_12_07_1031_static_pages.js';
import * as storyPreviewSecrets from './2026_12_07_1040_story_preview_secrets.js';
import * as auditTargets from './2026_12_07_1100_audit_targets.js';
import * as readerImport from './2026_12_07_1150_reader_import.js';
import * as newsletterEditions from './2026_12_07_1200_newsletter_editions.js';
import * as newsletterSending from './2026_12_07_1300_newsletter_sending.js';
import * as groupLicenceTerms from './2026_12_07_1350_group_licence_terms.js';
import * as newsletterBounces from './2026_12_08_0100_newsletter_bounces.js';
import * as readerOfficeIndexes from './2026_12_08_0300_reader_office_indexes.js';
import * as giftsByTime from './2026_12_08_0400_gifts_by_time.js';
import * as dashboard from './2026_12_08_0500_dashboard.js';
import * as magazineEditions from './2026_12_08_0600_magazine_editions.js';
import * as experiments from './2026_12_10_0100_experiments.js';
import * as subscriptionRefunds from './2026_12_10_0200_subscription_refunds.js';
import * as dashboardRollups from './2026_12_10_0300_dashboard_rollups.js';
import * as magazineMailingLists from './2026_12_10_0400_magazine_mailing_lists.js';
import * as magazinePdfs from './2026_12_10_0500_magazine_pdfs.js';
import * as newsletterClickLinks from './2026_12_10_0600_newsletter_click_links.js';
import * as newsletterClaimIndex from './2026_12_10_0610_newsletter_claim_index.js';
import * as subscriptionLiveCounts from './2026_12_11_0100_subscription_live_counts.js';
import * as subscriptionPause from './2026_12_11_0200_subscription_pause.js';
import * as magazinePdfBuilds from './2026_12_12_0200_magazine_pdf_builds.js';

export const migrations: Record<string, Migration> = {
  '2026_11_25_0900_publishing_core': publishingCore,
  '2026_11_25_1200_accounts': accounts,
  '2026_11_25_1300_subscriptions': subscriptions,
  '2026_11_25_1400_article_created_by': articleCreatedBy,
  '2026_12_06_1000_gift_purchases': giftPurchases,
  '2026_12_06_1010_access_ended_notice': accessEndedNotice,
  '2026_12_06_1020_meter': meter,
  '2026_12_06_1030_funnel_events': funnelEvents,
  '2026_12_06_1040_gift_links': giftLinks,
  '2026_12_06_2130_sign_in_attempts': signInAttempts,
  '2026_12_07_0100_anonymous_meter': anonymousMeter,
  '2026_12_07_0200_email_sends': emailSends,
  '2026_12_07_0300_money_months_and_notices': moneyMonthsAndNotices,
  '2026_12_07_0400_gift_link_reads': giftLinkReads,
  '2026_12_07_0410_paywall_letter_opening': paywallLetterOpening,
  '2026_12_07_1010_audit_events': auditEvents,
  '2026_12_07_1011_api_key_staff': apiKeyStaff,
  '2026_12_07_1020_body_documents': bodyDocuments,
  '2026_12_07_1021_update_corrections': updateCorrections,
  '2026_12_07_1022_hero_focal_point': heroFocalPoint,
  '2026_12_07_1030_fronts': fronts,
  '2026_12_07_1031_static_pages': staticPages,
  '2026_12_07_1040_story_preview_secrets': storyPreviewSecrets,
  '2026_12_07_1100_audit_targets': auditTargets,
  '2026_12_07_1150_reader_import': readerImport,
  '2026_12_07_1200_newsletter_editions': newsletterEditions,
  '2026_12_07_1300_newsletter_sending': newsletterSending,
  '2026_12_07_1350_group_licence_terms': groupLicenceTerms,
  '2026_12_08_0100_newsletter_bounces': newsletterBounces,
  '2026_12_08_0300_reader_office_indexes': readerOfficeIndexes,
  '2026_12_08_0400_gifts_by_time': giftsByTime,
  '2026_12_08_0500_dashboard': dashboard,
  '2026_12_08_0600_magazine_editions': magazineEditions,
  '2026_12_10_0100_experiments': experiments,
  '2026_12_10_0200_subscription_refunds': subscriptionRefunds,
  '2026_12_10_0300_dashboard_rollups': dashboardRollups,
  '2026_12_10_0400_magazine_mailing_lists': magazineMailingLists,
  '2026_12_10_0500_magazine_pdfs': magazinePdfs,
  '2026_12_10_0600_newsletter_click_links': newsletterClickLinks,
  '2026_12_10_0610_newsletter_claim_index': newsletterClaimIndex,
  '2026_12_11_0100_subscription_live_counts': subscriptionLiveCounts,
  '2026_12_11_0200_subscription_pause': subscriptionPause,
  '2026_12_12_0200_magazine_pdf_builds': magazinePdfBuilds,
};
