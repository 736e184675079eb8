import { shanghaiDate } from '@sanwu/shared';
import { appendAudit } from '../audit/audit.service';
import { oweAudit } from '../audit/audits-owed';
import { Disclosure, type DisclosureDoc } from './disclosure.model';
import { transition } from './disclosure-store';

// Ending display windows (DOMAIN.md "Timing class": periodic items stay up ≥ 30 working days,
// immediate ones ≥ 20, a 公示 until its window closes; long-term items until changed). The item stays
// public with every version — only its state says the minimum display period is over.
//
// NOTE: meant to be called from the scheduler's sweep (server/src/scheduler), once a minute.

/** Moves published items whose display window ended before today (Asia/Shanghai) to `expired`. */
export async function expireDisclosures(now: Date, batch = 200): Promise<number> {
  const today = shanghaiDate(now);
  const due = await Disclosure.find({ state: 'published', displayUntil: { $lt: today } })
    .limit(batch)
    .lean<DisclosureDoc[]>();
  let expired = 0;
  for (const doc of due) {
    const index = doc.versions.length - 1;
    const state = transition(doc.versions[index]!.state, 'expire', 'system').state;
    const owed = oweAudit(
      {
        orgId: doc.orgId,
        actorRole: 'system',
        action: 'disclosure.expire',
        target: { type: 'disclosure', id: String(doc._id) },
        summary: { before: { state: 'published' }, after: { state, displayUntil: doc.displayUntil } },
        at: now,
      },
      now,
    );
    // Guarded on the state only: a concurrent correction or revocation wins and this skips it. The
    // entry it owes rides along (audit/audits-owed.ts).
    const result = await Disclosure.updateOne(
      { _id: doc._id, state: 'published', [`versions.${index}.state`]: 'published' },
      {
        $set: { state, [`versions.${index}.state`]: state },
        $inc: { revision: 1 },
        $push: { auditsOwed: owed },
      },
    );
    if (result.modifiedCount !== 1) continue;
    expired++;
    await appendAudit(owed.entry);
  }
  return expired;
}
