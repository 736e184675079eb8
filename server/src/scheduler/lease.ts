import { Schema, model } from 'mongoose';
import { isDuplicateKey } from '../db/duplicate-key';

// A lease in MongoDB so that, with several server instances, one sweeps at a time. The holder
// renews it by sweeping; a crashed holder's lease simply runs out.

const leaseSchema = new Schema({
  _id: { type: String, required: true },
  holder: { type: String, required: true },
  until: { type: Date, required: true },
});
export const SchedulerLease = model('SchedulerLease', leaseSchema);

/**
 * Takes the lease `name` for `holder` until `now + ms` when it is free, expired or already ours.
 * When another holder has it, the upsert tries to insert a second document with the same _id and
 * the unique _id index refuses: that refusal is the "no".
 */
export async function acquireLease(name: string, holder: string, now: Date, ms: number): Promise<boolean> {
  try {
    await SchedulerLease.findOneAndUpdate(
      { _id: name, $or: [{ until: { $lte: now } }, { holder }] },
      { $set: { holder, until: new Date(now.getTime() + ms) } },
      { upsert: true },
    );
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** Gives the lease back early (after a sweep), so another instance need not wait for it to expire. */
export async function releaseLease(name: string, holder: string, now: Date): Promise<void> {
  await SchedulerLease.updateOne({ _id: name, holder }, { $set: { until: now } });
}
