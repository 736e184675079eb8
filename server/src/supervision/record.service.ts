import type { Types } from 'mongoose';
import {
  complianceCounts,
  feedbackFigures,
  shanghaiDate,
  startOfShanghaiDay,
  endOfShanghaiDay,
  type PublicRecordDto,
} from '@sanwu/shared';
import { loadOrg } from '../policy/authorize';
import { complianceEntries, toOrgCompliance } from './compliance.service';
import { feedbackFacts } from './feedback-facts';
import { overdueDisclosures, overdueFeedback } from './overdue.service';
import { subtreeOf, yearRange } from './subtree';
import { appCalendar } from '../calendar/calendar.service';

// The public record of a village (issue 8: "the pressure that makes the schedule real"): how its
// disclosures and answers kept to the schedule in a year, and what is overdue now. Only counts,
// catalogue items and dates — no names, no feedback content — so anyone may read and export it.

/** `GET /orgs/:id/record?year=`. */
export async function publicRecord(
  orgId: string,
  year: number | undefined,
  now: Date,
): Promise<PublicRecordDto> {
  const org = await loadOrg(orgId);
  const y = year ?? Number(shanghaiDate(now).slice(0, 4));
  const entries = (await complianceEntries([org], yearRange(y, now), now)).get(String(org._id)) ?? [];
  const facts = await feedbackFacts(
    org._id as Types.ObjectId,
    startOfShanghaiDay(`${y}-01-01`),
    endOfShanghaiDay(`${y}-12-31`),
  );
  const figures = feedbackFigures(facts, now, appCalendar());
  const tree = await subtreeOf(org);
  const [overdueItems, overdueDocs] = await Promise.all([
    overdueFeedback(org._id as Types.ObjectId, now),
    overdueDisclosures(tree, now),
  ]);
  return {
    orgId: String(org._id),
    orgName: org.name,
    year: y,
    asOf: now.toISOString(),
    disclosures: complianceCounts(entries),
    answers: {
      due: figures.due,
      onTime: figures.answeredOnTime,
      onTimeRate: figures.onTimeRate,
      medianAnswerWorkdays: figures.medianAnswerWorkdays,
    },
    overdueNow: { feedback: overdueItems.length, disclosures: overdueDocs.length },
    items: toOrgCompliance(org, entries).items,
  };
}

const CSV_HEADER = ['单位', '年度', '公开事项', '期间', '应公开日期', '状态', '公开日期', '逾期工作日'];
const STATUS_LABELS: Record<string, string> = {
  onTime: '按时',
  late: '逾期公开',
  missing: '未公开',
  notYetDue: '未到期',
};

function csvCell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * `GET /exports/record.csv`: the record as CSV for outside analysis — anonymised by construction
 * (catalogue items, periods, dates and counts only); UTF-8 with a BOM so Excel reads the Chinese.
 */
export function recordCsv(record: PublicRecordDto): string {
  const lines = [CSV_HEADER.join(',')];
  for (const i of record.items) {
    lines.push(
      [
        record.orgName,
        record.year,
        i.catalogueName,
        i.periodKey,
        i.publishBy,
        STATUS_LABELS[i.status] ?? i.status,
        i.publishedAt ? shanghaiDate(new Date(i.publishedAt)) : '',
        i.lateWorkdays,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  const a = record.answers;
  lines.push('');
  lines.push(
    ['单位', '年度', '应答复意见数', '按期答复数', '按期答复率', '答复用时中位数（工作日）'].join(','),
  );
  lines.push(
    [record.orgName, record.year, a.due, a.onTime, a.onTimeRate ?? '', a.medianAnswerWorkdays ?? '']
      .map(csvCell)
      .join(','),
  );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
