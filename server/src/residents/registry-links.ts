import { Types } from 'mongoose';
import { readById } from '../db/read-by-id';
import type { LoadedActor } from '../policy/authorize';
import { User } from '../users/user.model';
import { Resident, type ResidentDoc } from './resident.model';

// How registry entries connect to accounts and to the thresholds: the bases the objection
// and joint-request counters use, and keeping verified residents bound across re-imports.

/**
 * A replacing import must not un-verify everyone: verified residents bound to a replaced
 * entry are re-bound to the new entry with the same name and ID tail. Those without one
 * (moved away, or a typo fixed) keep pointing at the inactive entry and are counted, so the
 * cadre can follow up; {@link activeResidentFor} then reports them as not on the registry.
 */
export async function relinkVerified(
  orgId: Types.ObjectId,
  previous: { _id: Types.ObjectId; name: string; idLast4: string }[],
  importId: Types.ObjectId,
): Promise<{ relinked: number; unmatchedVerified: number }> {
  const oldById = new Map(previous.map((r) => [String(r._id), r]));
  const holders = await User.find({ 'grants.residentId': { $in: previous.map((r) => r._id) } })
    .select({ grants: 1 })
    .lean();
  if (holders.length === 0) return { relinked: 0, unmatchedVerified: 0 };
  const fresh = await Resident.find({ importId }).select({ _id: 1, name: 1, idLast4: 1 }).lean();
  const newByKey = new Map(fresh.map((r) => [`${r.name}|${r.idLast4}`, r._id]));
  let relinked = 0;
  let unmatchedVerified = 0;
  for (const u of holders) {
    const grants = u.grants.map((g) => {
      const old = g.residentId && g.orgId.equals(orgId) ? oldById.get(String(g.residentId)) : undefined;
      if (!old) return g;
      const next = newByKey.get(`${old.name}|${old.idLast4}`);
      if (next) relinked++;
      else unmatchedVerified++;
      return next ? { ...g, residentId: next } : g;
    });
    await User.updateOne({ _id: u._id }, { $set: { grants } });
  }
  return { relinked, unmatchedVerified };
}

/**
 * The active registry entry a user is verified as in `orgId`, or null. What the objection
 * and joint-request counters ask before counting someone as a villager. Given the request's
 * actor, the link read with its grants is used.
 */
export async function activeResidentFor(
  who: string | LoadedActor,
  orgId: string,
): Promise<ResidentDoc | null> {
  const residentId =
    typeof who !== 'string' && who.verifiedAs ? who.verifiedAs[orgId] : await readLink(who, orgId);
  if (!residentId) return null;
  // By id through the grouped read: every filing asks for its author's entry, and the day a list
  // goes up a whole village files at once (docs/performance.md, thirteenth pass).
  const entry = await readById<ResidentDoc>(Resident, new Types.ObjectId(String(residentId)));
  return entry?.active === true && String(entry.orgId) === orgId ? entry : null;
}

async function readLink(who: string | LoadedActor, orgId: string): Promise<Types.ObjectId | undefined> {
  const userId = typeof who === 'string' ? who : who.userId;
  const user = await User.findById(userId).select({ grants: 1 }).lean();
  const grant = user?.grants.find((g) => g.role === 'resident' && g.verified && String(g.orgId) === orgId);
  return grant?.residentId ?? undefined;
}

/**
 * The bases of the thresholds (DOMAIN.md "Objection threshold", "Joint request threshold"):
 * registered adult villagers, villager representatives, households. Public numbers, so
 * no permission is needed.
 */
export async function registryCounts(
  orgId: string,
): Promise<{ villagers: number; representatives: number; households: number }> {
  const id = new Types.ObjectId(orgId);
  const [villagers, representatives, households] = await Promise.all([
    Resident.countDocuments({ orgId: id, active: true, isAdult: true }),
    Resident.countDocuments({ orgId: id, active: true, isRepresentative: true }),
    Resident.distinct('household', { orgId: id, active: true }),
  ]);
  return { villagers, representatives, households: households.length };
}
