import mongoose, { Types } from 'mongoose';
import { objectionReached, objectionsNeeded, type ObjectionTally } from '@sanwu/shared';
import { registryCounts } from '../residents/registry-links';
import { Resident } from '../residents/resident.model';
import type { DisclosureDoc } from './disclosure.model';

// The live objection tally of a 公示 (DOMAIN.md "Objection threshold": distinct verified residents
// against the registry; reached when count × 2 ≥ registered villagers).
//
// NOTE: objections are stored by the feedback feature (server/src/feedback, collection `feedbacks`,
// `type: 'objection'`, `disclosureId`, and `residentId` — the registry entry of a verified author).
// This reads that collection directly instead of importing its model so the two features stay
// independent; it counts distinct registry entries that are still active entries of the org.

/** Distinct verified residents (registry entries) of the org who objected to the disclosure. */
export async function countObjectors(disclosureId: Types.ObjectId, orgId: Types.ObjectId): Promise<number> {
  const entries = (await mongoose.connection
    .collection('feedbacks')
    .distinct('residentId', { disclosureId, type: 'objection' })) as unknown[];
  const ids = entries
    .filter((a) => a != null && Types.ObjectId.isValid(String(a)))
    .map((a) => new Types.ObjectId(String(a)));
  if (ids.length === 0) return 0;
  return Resident.countDocuments({ _id: { $in: ids }, orgId, active: true });
}

/** The tally of a 公示, or null for an item that is not one. */
export async function objectionTally(doc: DisclosureDoc, now: Date): Promise<ObjectionTally | null> {
  if (!doc.publicNoticeDays) return null;
  const [count, { villagers }] = await Promise.all([
    countObjectors(doc._id, doc.orgId),
    registryCounts(String(doc.orgId)),
  ]);
  const windowEnd = doc.noticeWindowEnd ?? null;
  return {
    count,
    base: villagers,
    threshold: objectionsNeeded(villagers),
    reached: objectionReached(count, villagers),
    windowEnd: windowEnd ? windowEnd.toISOString() : null,
    open: Boolean(windowEnd && doc.state === 'published' && now.getTime() <= windowEnd.getTime()),
    correctionDueAt: doc.correctionRequired?.dueAt
      ? new Date(doc.correctionRequired.dueAt).toISOString()
      : null,
  };
}
