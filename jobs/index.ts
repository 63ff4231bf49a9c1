import type { ScheduledJob } from '../src/scheduling/job.js';
import { auditAnchorJob } from './audit-anchor.job.js';
import { decisionDeadlinesJob } from './decision-deadlines.job.js';
import { equalityMonitoringJob } from './equality-monitoring.job.js';
import { letterDispatchJob } from './letter-dispatch.job.js';
import { policyReviewJob } from './policy-review.job.js';
import { receiptCleanupJob } from './receipt-cleanup.job.js';
import { restrictionExpiryJob } from './restriction-expiry.job.js';
import { retentionPurgeJob } from './retention-purge.job.js';
import { reviewDueJob } from './review-due.job.js';
import { warningFollowUpJob } from './warning-follow-up.job.js';
import { weeklyDigestJob } from './weekly-digest.job.js';

/** Every job the scheduler runs; a new job is a new file and one line here. */
export const ALL_JOBS: ScheduledJob[] = [
  decisionDeadlinesJob,
  reviewDueJob,
  restrictionExpiryJob,
  warningFollowUpJob,
  policyReviewJob,
  equalityMonitoringJob,
  letterDispatchJob,
  weeklyDigestJob,
  receiptCleanupJob,
  retentionPurgeJob,
  auditAnchorJob,
];
