import {
  checkSchedule,
  orgCatalogueItem,
  publicationFacts,
  publishByFor,
} from '../disclosures/disclosure-rules';
import type { DisclosureDoc } from '../disclosures/disclosure.model';
import { loadOrg } from '../policy/authorize';
import { appCalendar } from '../calendar/calendar.service';

// A corrected period or settling day moves the publish-by deadline, and with it whether the
// item was late: recompute them with the disclosures feature's own rules, so the archive's
// compliance figures follow the correction instead of keeping stale lateness.

/** The fields to set when `field` of an archived disclosure becomes `value` (400 on a bad shape). */
export async function correctedDisclosureFields(
  doc: DisclosureDoc,
  field: 'period' | 'settledOn',
  value: string,
): Promise<Record<string, unknown>> {
  const org = await loadOrg(String(doc.orgId));
  const item = orgCatalogueItem(org, doc.catalogueCode);
  const period = field === 'period' ? value : (doc.period ?? null);
  const settledOn = field === 'settledOn' ? value : (doc.settledOn ?? null);
  checkSchedule(item, period, settledOn);
  const cal = appCalendar();
  const due = publishByFor(item, period, settledOn, cal);
  const set: Record<string, unknown> = {
    [field]: value,
    publishBy: due?.dueDate ?? null,
    publishByAt: due?.dueAt ?? null,
  };
  if (doc.firstPublishedAt) {
    const facts = publicationFacts(
      {
        timing: item.timing,
        publicNoticeDays: doc.publicNoticeDays ?? null,
        publishBy: due?.dueDate ?? null,
        publishByAt: due?.dueAt ?? null,
      },
      doc.firstPublishedAt,
      cal,
    );
    set.late = facts.late;
    set.lateWorkdays = facts.lateWorkdays;
  }
  return set;
}
