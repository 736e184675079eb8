import { randomUUID } from 'node:crypto';
import { settleOwedAudits } from '../audit/audits-owed';
import type { Logger } from '../logger';
import { disclosureGateway, type DisclosureGateway } from '../feedback/disclosure-gateway';
import { DEFAULT_REMINDERS, type ReminderSettings } from '../feedback/feedback-deadlines';
import { JointSignature, Obligation, type ObligationDoc } from '../feedback/feedback-extras.model';
import { checkSignatures } from '../feedback/joint-signature-check';
import { Feedback, type FeedbackDoc } from '../feedback/feedback.model';
import type { RecipientCache } from '../notifications/notification.service';
import { deliverWechat, type WechatTemplates } from '../notifications/wechat-outbox';
import type { WechatClient } from '../wechat/wechat-client';
import { CalendarYearModel } from '../calendar/calendar.model';
import { refreshCalendar } from '../calendar/calendar.service';
import { Org } from '../orgs/org.model';
import { RefreshToken } from '../auth/refresh-token.model';
import { expireDisclosures } from '../disclosures/disclosure-expiry.service';
import { Disclosure, WithheldDecision } from '../disclosures/disclosure.model';
import { checkNotice, dueNotices } from '../supervision/notice-checks';
import { checkReceipt } from '../feedback/feedback-receipt';
import { checkFeedback, checkObligation } from './deadline-checks';
import { countEachLimited } from './each-limited';
import { acquireLease, releaseLease } from './lease';
import { PendingGrant } from '../users/pending-grant.model';
import { User } from '../users/user.model';

/** The models whose changes carry the audit entries they owe (audit/audits-owed). */
const OWING_AUDITS = [
  Feedback,
  Disclosure,
  WithheldDecision,
  User,
  PendingGrant,
  JointSignature,
  Org,
  RefreshToken,
  CalendarYearModel,
];

export interface SchedulerOptions {
  clock: () => Date;
  logger: Logger;
  reminders?: ReminderSettings;
  wechat?: WechatClient;
  templates?: WechatTemplates;
  gateway?: DisclosureGateway;
  /** Distinguishes instances in the lease (default: a random id per process). */
  instanceId?: string;
  intervalMs?: number;
  /** How long a sweep may hold the lease before another instance may take over. */
  leaseMs?: number;
  /** Items handled per sweep; the rest wait for the next minute. */
  batch?: number;
  /** WeChat retry backoff base (tests shorten it). */
  retryBaseMs?: number;
}

export interface SweepReport {
  ran: boolean;
  feedback: number;
  obligations: number;
  /** New items whose filing was checked, and completed where a stopped process left it (feedback-receipt.ts). */
  receipts: number;
  /** Co-signatures checked, and completed where a request was cut short (feedback/joint-signature-check.ts). */
  signatures: number;
  /** Audit entries owed by changes (feedback, disclosures, grants, signatures), checked and appended where missing (audit/audits-owed.ts). */
  auditsOwed: number;
  /** 通报 rectification deadlines acted on (supervision/notice-checks.ts). */
  notices: number;
  /** Published items whose display window ended, moved to expired (disclosures/disclosure-expiry.service.ts). */
  expiredDisclosures: number;
  wechat: { sent: number; failed: number; retried: number; skipped: number };
}

export interface Scheduler {
  /** One pass: deadline checkpoints, unchecked filings, obligations, the WeChat outbox. Skipped when another instance holds the lease. */
  sweep(): Promise<SweepReport>;
  start(): void;
  /** Stops the timer and waits for a running sweep. */
  stop(): Promise<void>;
}

const LEASE = 'deadline-sweep';
/**
 * Due items acted on at once: enough to keep the database busy instead of waiting on each round
 * trip, few enough to leave most of the connection pool (20) to the requests served meanwhile.
 */
const IN_FLIGHT = 8;

/** The clock of the system: a sweep every minute, one instance at a time (see lease.ts). */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const holder = options.instanceId ?? randomUUID();
  const reminders = options.reminders ?? DEFAULT_REMINDERS;
  const gateway = options.gateway ?? disclosureGateway;
  const batch = options.batch ?? 500;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<SweepReport> | undefined;

  async function sweepOnce(): Promise<SweepReport> {
    const now = options.clock();
    const report: SweepReport = {
      ran: false,
      feedback: 0,
      obligations: 0,
      receipts: 0,
      signatures: 0,
      auditsOwed: 0,
      notices: 0,
      expiredDisclosures: 0,
      wechat: { sent: 0, failed: 0, retried: 0, skipped: 0 },
    };
    if (!(await acquireLease(LEASE, holder, now, options.leaseMs ?? 5 * 60_000))) return report;
    report.ran = true;
    // Another instance may have changed the calendar; every instance follows within a minute.
    await refreshCalendar();
    // Fresh each sweep, so a changed grant is seen within a minute.
    const cache: RecipientCache = new Map();
    try {
      // Only due items, through the partial { nextCheckAt } indexes.
      const items = await Feedback.find({ nextCheckAt: { $lte: now } })
        .sort({ nextCheckAt: 1 })
        .limit(batch)
        .lean<FeedbackDoc[]>();
      report.feedback = await countEachLimited(items, IN_FLIGHT, (item) =>
        checkFeedback(item, now, reminders, cache),
      );
      const receipts = await Feedback.find({ 'receipt.checkAt': { $lte: now } })
        .sort({ 'receipt.checkAt': 1 })
        .limit(batch)
        .lean<FeedbackDoc[]>();
      // Each on its own: a filing that cannot be completed (logged, its receipt kept for the next
      // sweep) holds up neither the other filings nor the deadlines and the outbox after it.
      report.receipts = await countEachLimited(receipts, IN_FLIGHT, (item) =>
        checkReceipt({ gateway, reminders, logger: options.logger }, item).catch((err: unknown) => {
          options.logger.error({ err, feedbackId: String(item._id) }, 'filing receipt not completed');
          return false;
        }),
      );
      report.signatures = await checkSignatures(now, batch, reminders, options.logger);
      for (const model of OWING_AUDITS)
        report.auditsOwed += await settleOwedAudits(model, now, batch, options.logger);
      const obligations = await Obligation.find({ nextCheckAt: { $lte: now } })
        .sort({ nextCheckAt: 1 })
        .limit(batch)
        .lean<ObligationDoc[]>();
      report.obligations = await countEachLimited(obligations, IN_FLIGHT, (ob) =>
        checkObligation(ob, now, reminders, gateway, cache),
      );
      report.notices = await countEachLimited(await dueNotices(now, batch), IN_FLIGHT, (n) =>
        checkNotice(n, now, reminders),
      );
      report.expiredDisclosures = await expireDisclosures(now, batch);
      report.wechat = await deliverWechat(now, {
        wechat: options.wechat,
        templates: options.templates ?? {},
        logger: options.logger,
        baseDelayMs: options.retryBaseMs,
      });
    } finally {
      await releaseLease(LEASE, holder, options.clock());
    }
    return report;
  }

  const sweep = () => (running ??= sweepOnce().finally(() => (running = undefined)));

  return {
    sweep,
    start() {
      if (timer) return;
      timer = setInterval(() => {
        sweep().catch((err: unknown) => options.logger.error({ err }, 'scheduler sweep failed'));
      }, options.intervalMs ?? 60_000);
      // The timer alone must not keep the process alive (graceful shutdown, jest).
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
}
