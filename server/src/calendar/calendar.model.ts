import { model, Schema, type InferSchemaType } from 'mongoose';

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
  },
  { strict: true, versionKey: false },
);

export type CalendarYearDoc = InferSchemaType<typeof calendarYearSchema>;
export const CalendarYearModel = model('CalendarYear', calendarYearSchema);
