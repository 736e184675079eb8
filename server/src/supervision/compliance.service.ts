import { Types } from 'mongoose';
import {
  CATALOGUES,
  complianceCounts,
  complianceOf,
  expectedDisclosures,
  type CatalogueItem,
  type ComplianceEntry,
  type DateString,
  type OrgComplianceDto,
} from '@sanwu/shared';
import { Disclosure } from '../disclosures/disclosure.model';
import { orgCatalogueItem, type OrgCatalogueItem } from '../disclosures/disclosure-rules';
import type { OrgDoc } from '../orgs/org.model';
import { appCalendar } from '../calendar/calendar.service';

// Compliance with the catalogue schedule (DOMAIN.md "Supervision": "overdue against the catalogue
// schedule", "compliance per org and period"): every expected disclosure of an org — from the
// disclosures feature's own reading of its catalogue and policy — against what it published.

const ALL_ITEMS = Object.values(CATALOGUES).flat() as CatalogueItem[];

/** The catalogue items `org` publishes, with the cadences its policy sets (orgCatalogueItem decides). */
export function orgCatalogue(org: OrgDoc): OrgCatalogueItem[] {
  const out: OrgCatalogueItem[] = [];
  const seen = new Set<string>();
  for (const item of ALL_ITEMS) {
    if (seen.has(item.code)) continue;
    seen.add(item.code);
    try {
      out.push(orgCatalogueItem(org, item.code));
    } catch {
      // Not in this org's catalogue: nothing is expected of it.
    }
  }
  return out;
}

const NAMES = new Map(ALL_ITEMS.map((i) => [i.code, i.name]));

/** Scheduled publications of the orgs, the earliest publication per item and period counting. */
async function publishedOf(orgIds: Types.ObjectId[]) {
  // Served by { orgId, public, lastPublishedAt }: ever-published items of these orgs.
  const docs = await Disclosure.find({ orgId: { $in: orgIds }, public: true, period: { $ne: null } })
    .select({ orgId: 1, catalogueCode: 1, period: 1, firstPublishedAt: 1 })
    .lean();
  const byOrg = new Map<string, { catalogueCode: string; periodKey: string; publishedAt: Date }[]>();
  for (const d of docs) {
    if (!d.firstPublishedAt || !d.period) continue;
    const list = byOrg.get(String(d.orgId)) ?? [];
    list.push({ catalogueCode: d.catalogueCode, periodKey: d.period, publishedAt: d.firstPublishedAt });
    byOrg.set(String(d.orgId), list);
  }
  return byOrg;
}

/** Compliance entries per org for the periods ending within `range`, as of `asOf`. */
export async function complianceEntries(
  orgs: OrgDoc[],
  range: { from: DateString; to: DateString },
  asOf: Date,
): Promise<Map<string, ComplianceEntry[]>> {
  const cal = appCalendar();
  const published = await publishedOf(orgs.map((o) => o._id as Types.ObjectId));
  const out = new Map<string, ComplianceEntry[]>();
  for (const org of orgs) {
    const catalogue = orgCatalogue(org);
    if (catalogue.length === 0) continue;
    const expected = range.from <= range.to ? expectedDisclosures(catalogue, range, cal) : [];
    out.set(String(org._id), complianceOf(expected, published.get(String(org._id)) ?? [], asOf, cal));
  }
  return out;
}

/** The API rows of one org. */
export function toOrgCompliance(org: OrgDoc, entries: ComplianceEntry[]): OrgComplianceDto {
  return {
    orgId: String(org._id),
    orgName: org.name,
    counts: complianceCounts(entries),
    items: entries.map((e) => ({
      catalogueCode: e.catalogueCode,
      catalogueName: NAMES.get(e.catalogueCode) ?? e.catalogueCode,
      periodKey: e.periodKey,
      publishBy: e.publishBy,
      provisional: e.provisional,
      status: e.status,
      publishedAt: 'publishedAt' in e ? e.publishedAt.toISOString() : null,
      lateWorkdays: 'lateWorkdays' in e ? e.lateWorkdays : null,
    })),
  };
}

export { NAMES as CATALOGUE_NAMES };
