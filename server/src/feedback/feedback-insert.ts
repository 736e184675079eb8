import { castChecked } from '../db/cast-checked';
import { groupCommit } from '../db/group-commit';
import { Feedback, type FeedbackDoc } from './feedback.model';
import { insertBumpingInboxes } from './inbox-revision';

// NOTE: the day a disputed list goes up, a whole village files at once, and every submission paid
// a command of its own for its item and another for the inboxes' revisions. Items filed while an
// insert is in flight now go together in the next one (docs/performance.md, eighth pass).
const insertGrouped = groupCommit(async (docs: FeedbackDoc[]) => {
  const refused = await insertBumpingInboxes(Feedback, docs);
  return refused.map((error, i) => (error ? { ok: false, error } : { ok: true, value: docs[i]! }));
});

/**
 * Stores a new feedback item as `Feedback.create` would (cast, defaults, validated, `__v: 0`, the
 * inboxes that list it told), in one insert with the other items filed at the same moment. A
 * duplicate key of this item (its Idempotency-Key, a second objection) rejects with that error.
 */
export async function insertFeedback(fields: object): Promise<FeedbackDoc> {
  const doc = await castChecked<FeedbackDoc>(Feedback, fields, { middlewareDoneBy: 'insertBumpingInboxes' });
  return insertGrouped({ ...doc, __v: 0 } as FeedbackDoc);
}
