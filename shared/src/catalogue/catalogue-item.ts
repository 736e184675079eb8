import { z } from 'zod';
import { TIMING_CLASSES } from '../deadlines';

/** The three 务 a disclosure belongs to (DOMAIN.md "Disclosures → Domain"): 党务, 村务/居务 (or 政务), 财务. */
export const DISCLOSURE_DOMAINS = ['party', 'village', 'government', 'finance'] as const;

/** 'party' 党务 | 'village' 村务/居务 | 'government' 政务 | 'finance' 财务. */
export type DisclosureDomain = (typeof DISCLOSURE_DOMAINS)[number];

/** zod enum of {@link DISCLOSURE_DOMAINS}. */
export const ZDisclosureDomain = z.enum(DISCLOSURE_DOMAINS);

/**
 * How often an item is published (DOMAIN.md "Timing class": villages publish finances monthly, everything
 * at least every half year; townships may require finances quarterly). `onEvent` items are published when
 * the matter arises, not on a schedule.
 */
export const CADENCES = ['monthly', 'quarterly', 'halfYearly', 'onEvent'] as const;

/** A publication cadence. */
export type Cadence = (typeof CADENCES)[number];

/** zod enum of {@link CADENCES}. */
export const ZCadence = z.enum(CADENCES);

/** Which catalogue an item comes from (DOMAIN.md "Catalogue 公开目录"). */
export const CATALOGUE_KINDS = ['village', 'department', 'party'] as const;

/** 'village' 村 (seed 000 篇二) | 'department' 部门 (篇一) | 'party' 党务 (篇四). */
export type CatalogueKind = (typeof CATALOGUE_KINDS)[number];

/** zod enum of {@link CATALOGUE_KINDS}. */
export const ZCatalogueKind = z.enum(CATALOGUE_KINDS);

/**
 * zod schema of one catalogue entry — a category an organisation must publish (DOMAIN.md "Catalogue").
 * `code` is a stable English id; `name` the Chinese name from the source document; `source` where it is.
 */
export const ZCatalogueItem = z.object({
  code: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: z.string().min(1),
  catalogue: ZCatalogueKind,
  domain: ZDisclosureDomain,
  timing: z.enum(TIMING_CLASSES),
  cadence: ZCadence,
  /** Published as a 公示 that must stay up ≥ 7 days (DOMAIN.md "Timing class", seed 003). */
  publicNotice: z.boolean().optional(),
  source: z.string().optional(),
});

/** A catalogue entry (DOMAIN.md "Catalogue"). */
export type CatalogueItem = z.infer<typeof ZCatalogueItem>;
