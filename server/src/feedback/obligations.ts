import { Obligation, type ObligationDoc } from './feedback-extras.model';

// Obligations that thresholds create (a correction after objections, a disclosure after a joint
// request): started once per subject, whoever gets there first.

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

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
