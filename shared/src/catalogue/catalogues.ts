import { z } from 'zod';
import type { Cadence, CatalogueItem, CatalogueKind, DisclosureDomain } from './catalogue-item';
import { DEPARTMENT_CATALOGUE } from './department-catalogue';
import { PARTY_CATALOGUE } from './party-catalogue';
import { VILLAGE_CATALOGUE } from './village-catalogue';

/** Every built-in catalogue by kind (DOMAIN.md "Catalogue 公开目录"). */
export const CATALOGUES = {
  village: VILLAGE_CATALOGUE,
  department: DEPARTMENT_CATALOGUE,
  party: PARTY_CATALOGUE,
} as const satisfies Record<CatalogueKind, readonly CatalogueItem[]>;

/** The code of a built-in catalogue item. */
export type CatalogueCode =
  | (typeof VILLAGE_CATALOGUE)[number]['code']
  | (typeof DEPARTMENT_CATALOGUE)[number]['code']
  | (typeof PARTY_CATALOGUE)[number]['code'];

/** All built-in codes, village then department then party (DOMAIN.md "Catalogue"). Unique across catalogues. */
export const CATALOGUE_CODES = [...VILLAGE_CATALOGUE, ...DEPARTMENT_CATALOGUE, ...PARTY_CATALOGUE].map(
  (i) => i.code,
) as [CatalogueCode, ...CatalogueCode[]];

/** zod enum of every built-in catalogue code. */
export const ZCatalogueCode = z.enum(CATALOGUE_CODES);

/** A built-in catalogue item by code, or undefined. */
export function catalogueItem(code: string): CatalogueItem | undefined {
  return [...VILLAGE_CATALOGUE, ...DEPARTMENT_CATALOGUE, ...PARTY_CATALOGUE].find((i) => i.code === code);
}

/** A catalogue item whose cadence an organisation may have changed. */
export type WithCadence<T extends CatalogueItem> = Omit<T, 'cadence'> & { cadence: Cadence };

/**
 * `items` with cadences replaced per code — an organisation's policy (DOMAIN.md: every number is a
 * per-organisation policy setting). Codes not in `byCode` keep their cadence.
 */
export function withCadences<T extends CatalogueItem>(
  items: readonly T[],
  byCode: Readonly<Record<string, Cadence>>,
): WithCadence<T>[] {
  return items.map((i) => {
    const cadence = byCode[i.code];
    return cadence ? { ...i, cadence } : i;
  });
}

/**
 * `items` with every scheduled item of `domain` set to `cadence` — e.g. a township requiring village finances
 * quarterly (DOMAIN.md "Timing class": "townships may require finances quarterly", seed 000 篇四).
 * `onEvent` items stay `onEvent`.
 */
export function withDomainCadence<T extends CatalogueItem>(
  items: readonly T[],
  domain: DisclosureDomain,
  cadence: Exclude<Cadence, 'onEvent'>,
): WithCadence<T>[] {
  return items.map((i) => (i.domain === domain && i.cadence !== 'onEvent' ? { ...i, cadence } : i));
}
