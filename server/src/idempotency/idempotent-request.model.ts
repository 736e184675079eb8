import { Schema, model, type InferSchemaType, type Types } from 'mongoose';

// The first answer to a retried write (API.md: "the same key and body return the first result and
// create nothing new"), for the routes marked `idempotent` in the registry.

const idempotentRequestSchema = new Schema({
  userId: { type: Schema.Types.ObjectId, required: true },
  key: { type: String, required: true },
  /** sha256 of the method, path and canonical body: the same key on another request is a conflict. */
  fingerprint: { type: String, required: true },
  /** `pending` while the first request runs; `done` once its answer is stored. */
  state: { type: String, enum: ['pending', 'done'], required: true },
  status: { type: Number, default: null },
  /** The first answer's JSON body, replayed as it was sent. */
  body: { type: String, default: null },
  /** Real time, not the injected clock: the TTL monitor runs on the database's clock. */
  storedAt: { type: Date, required: true },
});
// One key per user; kept a day (a phone retries within minutes, not days).
idempotentRequestSchema.index({ userId: 1, key: 1 }, { unique: true });
idempotentRequestSchema.index({ storedAt: 1 }, { expireAfterSeconds: 86_400 });

export type IdempotentRequestDoc = InferSchemaType<typeof idempotentRequestSchema> & { _id: Types.ObjectId };
export const IdempotentRequest = model('IdempotentRequest', idempotentRequestSchema);
