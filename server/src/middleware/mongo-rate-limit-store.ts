import { Schema, model } from 'mongoose';
import { isDuplicateKey } from '../db/duplicate-key';
import type { RateLimitStore } from './rate-limit';

// Rate-limit windows shared by every server instance: with several instances behind the load
// balancer (README "Production deployment"), a per-process count would multiply every limit —
// the login lockout's 10 tries a minute per IP among them — by the number of instances.

const rateWindowSchema = new Schema(
  {
    /** `<rule>:<caller>|<window start, epoch ms>`: one document per caller and window. */
    _id: { type: String, required: true },
    count: { type: Number, required: true },
    /** When the window ends; the TTL index removes it then. */
    resetAt: { type: Date, required: true },
  },
  { versionKey: false },
);
rateWindowSchema.index({ resetAt: 1 }, { expireAfterSeconds: 0 });
export const RateWindow = model('RateWindow', rateWindowSchema);

/** Fixed windows aligned to multiples of `windowMs`, counted with one atomic upsert per hit. */
export class MongoRateLimitStore implements RateLimitStore {
  constructor(private readonly now: () => number = Date.now) {}

  async hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }> {
    const start = Math.floor(this.now() / windowMs) * windowMs;
    const resetAt = start + windowMs;
    // Through the driver: one hit per rate-limited request, nothing to cast. (The driver types
    // `_id` as an ObjectId; these ids are strings.)
    const upsert = () =>
      RateWindow.collection.findOneAndUpdate(
        { _id: `${key}|${start}` as never },
        { $inc: { count: 1 }, $setOnInsert: { resetAt: new Date(resetAt) } },
        { upsert: true, returnDocument: 'after', projection: { count: 1 } },
      );
    // Two instances creating the same window at once: one insert loses and its retry increments.
    const doc = await upsert().catch((err: unknown) => {
      if (isDuplicateKey(err)) return upsert();
      throw err;
    });
    return { count: Number(doc!.count), resetAt };
  }
}
