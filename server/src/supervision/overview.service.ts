import type { Types } from 'mongoose';
import {
  complianceCounts,
  feedbackFigures,
  type ComplianceEntry,
  type DateString,
  type OverviewDto,
} from '@sanwu/shared';
import { Disclosure } from '../disclosures/disclosure.model';
import type { LoadedActor } from '../policy/authorize';
import { complianceEntries } from './compliance.service';
import { feedbackFacts } from './feedback-facts';
import { periodOf, supervisedSubtree } from './subtree';
import { appCalendar } from '../calendar/calendar.service';

/**
 * `GET /supervision/overview`: for the subtree of `orgId` and the period [from, to] — feedback
 * received in the period (counts, on-time rate, answer times, satisfaction), objection thresholds
 * reached in it, and the scheduled disclosures that fell due in it (on time, late, missing).
 */
export async function overview(
  actor: LoadedActor,
  q: { orgId: string; from?: DateString; to?: DateString },
  now: Date,
): Promise<OverviewDto> {
  const { org, orgs } = await supervisedSubtree(actor, q.orgId);
  const period = periodOf(now, q.from, q.to);
  const facts = await feedbackFacts(org._id as Types.ObjectId, period.start, period.end);
  const thresholds = await Disclosure.countDocuments({
    orgId: { $in: orgs.map((o) => o._id) },
    'correctionRequired.flaggedAt': { $gte: period.start, $lte: period.end },
  });
  const entries = await complianceEntries(orgs, { from: period.from, to: period.to }, now);
  const all: ComplianceEntry[] = [...entries.values()].flat();
  return {
    orgId: String(org._id),
    orgName: org.name,
    from: period.from,
    to: period.to,
    asOf: now.toISOString(),
    orgCount: orgs.length,
    feedback: feedbackFigures(facts, now, appCalendar()),
    objectionThresholdsReached: thresholds,
    disclosures: complianceCounts(all),
  };
}
