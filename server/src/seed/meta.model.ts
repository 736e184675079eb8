import { model, models, Schema, type Model } from 'mongoose';

// One document recording that (and when) the demo data was loaded.
const metaSchema = new Schema(
  {
    _id: { type: String, required: true },
    seededAt: { type: Date, required: true },
    version: { type: String, required: true },
  },
  { collection: 'meta', strict: true, versionKey: false },
);

export type MetaDoc = { _id: string; seededAt: Date; version: string };

export const MetaModel: Model<MetaDoc> =
  (models.Meta as Model<MetaDoc> | undefined) ?? model<MetaDoc>('Meta', metaSchema);
