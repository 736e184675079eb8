import { Schema } from 'mongoose';

// The `auditsOwed` field and its index, for the models whose writes owe audit entries
// (audits-owed.ts). Apart from the rest of audits-owed, which appends through the audit service:
// the org model carries the field too, and the audit service reads orgs.

/** The `auditsOwed` field of a schema whose writes owe audit entries (declared with its fields, so typed). */
export const auditsOwedField = {
  type: [new Schema({ checkAt: { type: Date, required: true }, entry: Schema.Types.Mixed })],
  default: undefined,
};

/** The sweep's index on `auditsOwed`: only documents with a note in it. */
export function auditsOwedPlugin(schema: Schema): void {
  schema.index(
    { 'auditsOwed.checkAt': 1 },
    { partialFilterExpression: { 'auditsOwed.checkAt': { $type: 'date' } } },
  );
}
