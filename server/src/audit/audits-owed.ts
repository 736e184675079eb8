import { type Model, type Types, type UpdateQuery } from 'mongoose';
import type { Logger } from '../logger';
import { AuditEntry } from './audit.model';
import { appendAudit, storableAudit, type AuditInput } from './audit.service';

// A change and its audit entry are two writes: if the process stops or the database goes away
// between them, the change stands without its entry. So a change carries the entry it owes in its
// own update (`auditsOwed`), and the sweep looks at it once the request is surely over: it appends
// the entry if the chain lacks it, then drops the note. The request pays no extra command: it
// appends as before and leaves the note for the sweep to clear (docs/performance.md, Hardening).

/** When the sweep looks at an owed entry: long after any request waiting on the database has given up. */
export const OWED_CHECK_AFTER_MS = 10 * 60_000;

export interface OwedAudit {
  checkAt: Date;
  entry: AuditInput;
}

/** The note a change stores with itself, for the entry `input` it is about to append. */
export function oweAudit(input: AuditInput, now: Date): OwedAudit {
  return { checkAt: new Date(now.getTime() + OWED_CHECK_AFTER_MS), entry: storableAudit(input) };
}

/**
 * Whether the chain holds the entry: through the {orgId, at} index, then its action, actor and
 * target (two villagers co-signing one request in the same millisecond differ only by actor).
 */
export async function audited(entry: AuditInput): Promise<boolean> {
  const found = await AuditEntry.exists({
    orgId: entry.orgId ?? null,
    at: entry.at,
    action: entry.action,
    actorId: entry.actorId ?? null,
    'target.id': entry.target?.id ?? null,
  });
  return found !== null;
}

interface WithOwed {
  _id: Types.ObjectId;
  auditsOwed?: (OwedAudit & { _id: Types.ObjectId })[];
}

/**
 * The sweep's look at the notes that have come due on `model`: appends each entry the chain lacks,
 * then drops the note. A note that fails is logged and kept for the next sweep. Answers how many
 * notes were settled.
 */
export async function settleOwedAudits(
  model: Pick<Model<unknown>, 'collection' | 'modelName'>,
  now: Date,
  batch: number,
  logger: Logger,
): Promise<number> {
  // NOTE: on the collection itself: dropping a note is bookkeeping no model hook needs to see.
  const docs = (await model.collection
    .find({ 'auditsOwed.checkAt': { $lte: now } }, { projection: { auditsOwed: 1 } })
    .sort({ 'auditsOwed.checkAt': 1 })
    .limit(batch)
    .toArray()) as unknown as WithOwed[];
  let settled = 0;
  for (const doc of docs) {
    for (const owed of doc.auditsOwed ?? []) {
      if (owed.checkAt > now) continue;
      try {
        if (!(await audited(owed.entry))) await appendAudit(owed.entry);
        const dropNote: UpdateQuery<WithOwed> = { $pull: { auditsOwed: { _id: owed._id } } };
        await model.collection.updateOne({ _id: doc._id }, dropNote);
        settled++;
      } catch (err) {
        logger.error({ err, model: model.modelName, id: String(doc._id) }, 'owed audit entry not settled');
      }
    }
  }
  return settled;
}
