import type { Logger } from '../logger';
import { Feedback, type FeedbackDoc } from './feedback.model';
import type { ReminderSettings } from './feedback-deadlines';
import { JointSignature } from './feedback-extras.model';
import { afterSignature, isCosigner, recordCosigned } from './joint-request.service';

// A co-signature is one insert followed by what it owes: the co-signer's step on the timeline and
// the threshold check that may start the org's duty to disclose (its audit entry rides in the
// insert, audit/audits-owed). A request cut short after the insert left a signature that counts
// but shows nowhere, and the very signature that reached the threshold started no deadline. So
// each signature carries `checkAt`; the sweep, once the request is surely over, completes what is
// missing and unsets it.

interface SignatureToCheck {
  _id: unknown;
  feedbackId: FeedbackDoc['_id'];
  userId: FeedbackDoc['_id'];
  at: Date;
}

async function completeSignature(sig: SignatureToCheck, reminders: ReminderSettings): Promise<void> {
  const item = await Feedback.findById(sig.feedbackId).lean<FeedbackDoc>();
  // The author's own signature is the filing's: its receipt completes it (feedback-receipt.ts).
  if (item && isCosigner(item, String(sig.userId))) {
    // One step per co-signer: missing steps are counted, not matched by time (signatures may share one).
    const cosigners = await JointSignature.countDocuments({
      feedbackId: sig.feedbackId,
      userId: { $ne: item.authorId },
      at: { $lte: sig.at },
    });
    const steps = item.timeline.filter((e) => e.kind === 'cosigned').length;
    if (steps < cosigners) await recordCosigned(item, sig.at);
    // As of the signature's time: the deadline runs from when the threshold was reached.
    await afterSignature(item, String(sig.userId), sig.at, reminders);
  }
  await JointSignature.updateOne({ _id: sig._id }, { $unset: { checkAt: 1 } });
}

/** The sweep's look at signatures whose check has come; one that fails is logged and kept. Answers how many were completed. */
export async function checkSignatures(
  now: Date,
  batch: number,
  reminders: ReminderSettings,
  logger: Logger,
): Promise<number> {
  const due = await JointSignature.find({ checkAt: { $lte: now } }, { feedbackId: 1, userId: 1, at: 1 })
    .sort({ checkAt: 1 })
    .limit(batch)
    .lean<SignatureToCheck[]>();
  let checked = 0;
  for (const sig of due) {
    try {
      await completeSignature(sig, reminders);
      checked++;
    } catch (err) {
      logger.error({ err, signatureId: String(sig._id) }, 'co-signature not completed');
    }
  }
  return checked;
}
