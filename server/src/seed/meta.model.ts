import { model, Schema } from 'mongoose';

// One document recording that (and when) the demo data was loaded.
const metaSchema = new Schema(
  {
    _id: { type: String, required: true },
    seededAt: { type: Date, required: true },
    version: { type: String, required: true },
  },
  { collection: 'meta', strict: true, versionKey: false },
);

export const MetaModel = model('Meta', metaSchema);
