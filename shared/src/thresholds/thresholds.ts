// Why integers only: the bases are head counts from the resident registry; a fractional or negative
// number means bad data, and bad data must never make a threshold look reached.

function isBase(n: number | null | undefined): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0;
}

function isCount(n: number | null | undefined): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/**
 * Whether objections to a disclosed item reach 半数以上 of the registered villagers, which obliges the
 * village to correct and republish it (DOMAIN.md "Feedback → Objection threshold", seed 000 篇二 四).
 * 以上 includes the number itself: reached when `count × 2 ≥ registeredVillagers`. A zero, missing or
 * malformed base is never reached.
 */
export function objectionReached(count: number, registeredVillagers: number | null | undefined): boolean {
  return isBase(registeredVillagers) && isCount(count) && count * 2 >= registeredVillagers;
}

/**
 * How many distinct objections reach the objection threshold: ⌈base / 2⌉ (DOMAIN.md "Objection
 * threshold"); `null` when the base is zero, missing or malformed (the threshold cannot be reached).
 */
export function objectionsNeeded(registeredVillagers: number | null | undefined): number | null {
  return isBase(registeredVillagers) ? Math.ceil(registeredVillagers / 2) : null;
}

/** Objections still missing to reach the threshold (0 once reached); `null` without a usable base. */
export function objectionsStillNeeded(
  count: number,
  registeredVillagers: number | null | undefined,
): number | null {
  const needed = objectionsNeeded(registeredVillagers);
  return needed === null ? null : Math.max(0, needed - (isCount(count) ? count : 0));
}

/** The registry figures and signature counts of a joint request (DOMAIN.md "Joint request threshold"). */
export interface JointRequestCounts {
  /** Registered villagers 村民 in the registry. */
  villagers?: number | null;
  /** Distinct verified villagers who signed. */
  villagerSignatures?: number | null;
  /** Villager representatives 村民代表 in the registry. */
  representatives?: number | null;
  /** Distinct representatives who signed. */
  representativeSignatures?: number | null;
}

/**
 * Whether a joint request is backed by 十分之一以上 of villagers or 三分之一以上 of villager representatives
 * (DOMAIN.md "Joint request threshold", seed 000 篇二 一.15): `villagerSignatures × 10 ≥ villagers` or
 * `representativeSignatures × 3 ≥ representatives`. A route whose base is zero or missing never counts.
 */
export function jointRequestReached(counts: JointRequestCounts): boolean {
  const { villagers, villagerSignatures, representatives, representativeSignatures } = counts;
  const byVillagers =
    isBase(villagers) && isCount(villagerSignatures) && villagerSignatures * 10 >= villagers;
  const byReps =
    isBase(representatives) &&
    isCount(representativeSignatures) &&
    representativeSignatures * 3 >= representatives;
  return byVillagers || byReps;
}

/** Villager signatures that meet the joint-request threshold: ⌈villagers / 10⌉; `null` without a base. */
export function jointRequestVillagerSignaturesNeeded(villagers: number | null | undefined): number | null {
  return isBase(villagers) ? Math.ceil(villagers / 10) : null;
}

/** Representative signatures that meet the joint-request threshold: ⌈representatives / 3⌉; `null` without a base. */
export function jointRequestRepresentativeSignaturesNeeded(
  representatives: number | null | undefined,
): number | null {
  return isBase(representatives) ? Math.ceil(representatives / 3) : null;
}

/** Progress of a joint request for the UI (DOMAIN.md "Joint request threshold"). */
export interface JointRequestProgress {
  reached: boolean;
  /** Villager signatures still missing (0 once that route is met); `null` when that route has no base. */
  villagerSignaturesStillNeeded: number | null;
  /** Representative signatures still missing; `null` when that route has no base. */
  representativeSignaturesStillNeeded: number | null;
}

/** {@link jointRequestReached} plus what each route still lacks ("还需 12 位村民联名"). */
export function jointRequestProgress(counts: JointRequestCounts): JointRequestProgress {
  const missing = (needed: number | null, have: number | null | undefined) =>
    needed === null ? null : Math.max(0, needed - (isCount(have) ? have : 0));
  return {
    reached: jointRequestReached(counts),
    villagerSignaturesStillNeeded: missing(
      jointRequestVillagerSignaturesNeeded(counts.villagers),
      counts.villagerSignatures,
    ),
    representativeSignaturesStillNeeded: missing(
      jointRequestRepresentativeSignaturesNeeded(counts.representatives),
      counts.representativeSignatures,
    ),
  };
}
