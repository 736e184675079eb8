import { model, Schema, type InferSchemaType } from 'mongoose';
import { auditsOwedField, auditsOwedPlugin } from '../audit/audits-owed-field';

// An admin-maintained year of the working-day calendar (DOMAIN.md "Calendar": future years are
// added by an admin as the State Council publishes them). A stored year replaces the built-in data
// for that year. Keyed by the year; the whole collection is a few documents, read whole.
const calendarYearSchema = new Schema(
  {
    _id: { type: Number, required: true },
    holidays: { type: [String], default: [] },
    workdays: { type: [String], default: [] },
    updatedBy: { type: Schema.Types.ObjectId, required: true },
    updatedAt: { type: Date, required: true },
    /** The audit entry its last entries owe, until the sweep has seen it written (audit/audits-owed). */
    auditsOwed: auditsOwedField,
  },
  { strict: true, versionKey: false },
);

calendarYearSchema.plugin(auditsOwedPlugin);

export type CalendarYearDoc = InferSchemaType<typeof calendarYearSchema>;
export const CalendarYearModel = model('CalendarYear', calendarYearSchema);
