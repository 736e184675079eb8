import mongoose, { Types } from 'mongoose';

// The narrow view the feedback feature has of disclosures (built by another feature). Feedback
// refers to a disclosure only by id; everything it needs goes through this interface so the
// disclosures feature can replace the implementation without touching feedback.
//
// NOTE: implemented against the raw `disclosures` collection because the disclosures model was not
// committed when this was written. Fields read (as in the disclosures engineer's draft model):
// orgId, public (ever published) or state 'published', publicTitle, lastPublishedAt. The flag is
// written under `correctionRequired` (a new field, never an edit of the published text).

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

const PUBLISHED = { $or: [{ public: true }, { state: 'published' }] };

function collection() {
  return mongoose.connection.collection('disclosures');
}

export const rawDisclosureGateway: DisclosureGateway = {
  async findPublished(id) {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await collection().findOne({ _id: new Types.ObjectId(id), ...PUBLISHED });
    if (!doc) return null;
    return { id, orgId: String(doc.orgId), title: String(doc.publicTitle ?? doc.title ?? '公开事项') };
  },
  async flagForCorrection(id, reason, dueAt, at = new Date()) {
    await collection().updateOne(
      { _id: new Types.ObjectId(id), correctionRequired: { $exists: false } },
      { $set: { correctionRequired: { reason, dueAt, flaggedAt: at } } },
    );
  },
  async correctedSince(id, since) {
    const doc = await collection().findOne({ _id: new Types.ObjectId(id), lastPublishedAt: { $gt: since } });
    return doc !== null;
  },
};
