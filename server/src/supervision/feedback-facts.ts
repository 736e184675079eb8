import type { Types } from 'mongoose';
import type { FeedbackFact } from '@sanwu/shared';
import { Feedback } from '../feedback/feedback.model';

// Reads the facts the figures need from the feedback collection, streaming (a county has many
// thousands of items; only a few fields of each are read).

/** Items received by an org of the subtree of `orgId` within [start, end], as figure facts. */
export async function feedbackFacts(orgId: Types.ObjectId, start: Date, end: Date): Promise<FeedbackFact[]> {
  const facts: FeedbackFact[] = [];
  // Served by { orgPath, createdAt } (declared on the feedback schema for these reads).
  const cursor = Feedback.find({ orgPath: orgId, createdAt: { $gte: start, $lte: end } })
    .select({
      type: 1,
      state: 1,
      createdAt: 1,
      dueAt: 1,
      'rating.score': 1,
      'timeline.kind': 1,
      'timeline.at': 1,
    })
    .lean()
    .cursor();
  for await (const f of cursor) {
    const replied = f.timeline.find((e) => e.kind === 'replied');
    facts.push({
      type: f.type,
      state: f.state,
      submittedAt: f.createdAt,
      dueAt: f.dueAt ?? null,
      answeredAt: replied?.at ?? null,
      rating: f.rating?.score ?? null,
    });
  }
  return facts;
}
