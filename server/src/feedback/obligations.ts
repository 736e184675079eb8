import { isDuplicateKey } from '../db/duplicate-key';
import { Obligation, type ObligationDoc } from './feedback-extras.model';

// Obligations that thresholds create (a correction after objections, a disclosure after a joint
// request): started once per subject, whoever gets there first.

export type NewObligation = Omit<ObligationDoc, '_id' | 'metAt' | 'overdueAt' | 'announcedAt'>;

/** Starts an obligation once (unique per subject); returns it only when this call created it. */
export async function startObligation(fields: NewObligation): Promise<ObligationDoc | null> {
  try {
    const created = await Obligation.create(fields);
    return created.toObject() as ObligationDoc;
  } catch (err) {
    if (isDuplicateKey(err)) return null;
    throw err;
  }
}
