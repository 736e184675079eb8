import { Types } from 'mongoose';
import { Disclosure } from '../disclosures/disclosure.model';

// The narrow view the feedback feature has of disclosures (built by another feature). Feedback
// refers to a disclosure only by id; everything it needs goes through this interface so the
// disclosures feature can replace the implementation without touching feedback.
// The flag is written under `correctionRequired` (a new field, never an edit of the published text).

export interface PublishedDisclosure {
  id: string;
  orgId: string;
  title: string;
}

export interface DisclosureGateway {
  /** The disclosure when it is published (objections and public replies need that), else null. */
  findPublished(id: string): Promise<PublishedDisclosure | null>;
  /** Marks it "must be corrected and republished" (objection threshold reached) with the deadline. */
  flagForCorrection(id: string, reason: string, dueAt: Date, at?: Date): Promise<void>;
  /** Whether a corrected version was published after `since` (the correction obligation is met). */
  correctedSince(id: string, since: Date): Promise<boolean>;
}

// `public` is set when an item is first published and stays set (every version remains readable).
const PUBLISHED = { public: true } as const;

export const disclosureGateway: DisclosureGateway = {
  async findPublished(id) {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await Disclosure.findOne({ _id: new Types.ObjectId(id), ...PUBLISHED })
      .select({ orgId: 1, publicTitle: 1 })
      .lean();
    if (!doc) return null;
    return { id, orgId: String(doc.orgId), title: doc.publicTitle ?? '公开事项' };
  },
  async flagForCorrection(id, reason, dueAt, at = new Date()) {
    await Disclosure.updateOne(
      { _id: new Types.ObjectId(id), correctionRequired: { $exists: false } },
      { $set: { correctionRequired: { reason, dueAt, flaggedAt: at } }, $inc: { revision: 1 } },
    );
  },
  async correctedSince(id, since) {
    return (
      (await Disclosure.exists({ _id: new Types.ObjectId(id), lastPublishedAt: { $gt: since } })) !== null
    );
  },
};
