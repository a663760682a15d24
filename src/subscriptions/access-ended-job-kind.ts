/**
 * The access-ended run's job kind, apart from its handler (access-ended-jobs.ts, which loads the
 * mail feature): the office's "cancel now" moves the run to now without loading it.
 */
export const ACCESS_ENDED_JOB = 'subscriptions.access-ended-notices';
