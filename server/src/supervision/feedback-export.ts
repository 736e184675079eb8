import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Types } from 'mongoose';
import {
  answerWorkdays,
  FEEDBACK_STATE_LABELS,
  FEEDBACK_TYPE_LABELS,
  isOverdue,
  shanghaiDate,
  type DateString,
  type FeedbackState,
  type FeedbackType,
} from '@sanwu/shared';
import { Feedback, type FeedbackDoc } from '../feedback/feedback.model';
import { Org } from '../orgs/org.model';
import type { LoadedActor } from '../policy/authorize';
import { complaintFilter } from './complaints.service';
import { supervisedSubtree } from './subtree';
import { appCalendar } from '../calendar/calendar.service';

// `GET /exports/feedback.xlsx`: the complaint log as a spreadsheet for the township office,
// one row per item, Chinese headers, times in Asia/Shanghai.

/** A Shanghai wall-clock time `YYYY-MM-DD HH:mm`. */
export function shanghaiTime(d: Date | null | undefined): string {
  if (!d) return '';
  const local = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

const COLUMNS = [
  { header: '编号', key: 'id', width: 26 },
  { header: '受理单位', key: 'org', width: 14 },
  { header: '办理单位', key: 'handling', width: 14 },
  { header: '类型', key: 'type', width: 10 },
  { header: '状态', key: 'state', width: 12 },
  { header: '提交人', key: 'author', width: 10 },
  { header: '提交时间', key: 'submitted', width: 18 },
  { header: '答复期限', key: 'due', width: 12 },
  { header: '首次答复时间', key: 'answered', width: 18 },
  { header: '答复用时（工作日）', key: 'workdays', width: 18 },
  { header: '按期答复', key: 'onTime', width: 10 },
  { header: '当前超期', key: 'overdue', width: 10 },
  { header: '评分', key: 'rating', width: 8 },
  { header: '内容', key: 'content', width: 60 },
];

function row(f: FeedbackDoc, names: Map<string, string>, now: Date) {
  const replied = f.timeline.find((e) => e.kind === 'replied')?.at ?? null;
  return {
    id: String(f._id),
    org: names.get(String(f.orgId)) ?? '',
    handling: names.get(String(f.handlingOrgId)) ?? '',
    type: FEEDBACK_TYPE_LABELS[f.type as FeedbackType],
    state: FEEDBACK_STATE_LABELS[f.state as FeedbackState],
    author: f.authorName,
    submitted: shanghaiTime(f.createdAt),
    due: f.dueDate ?? '',
    answered: shanghaiTime(replied),
    workdays: replied ? answerWorkdays(appCalendar(), f.createdAt, replied) : '',
    onTime: !replied || !f.dueAt ? '' : replied.getTime() <= f.dueAt.getTime() ? '是' : '否',
    overdue: isOverdue({ state: f.state as FeedbackState, dueAt: f.dueAt ?? null }, now) ? '是' : '否',
    rating: f.rating?.score ?? '',
    content: f.content,
  };
}

/**
 * The workbook of the items of the subtree of `orgId` in [from, to], oldest first, streamed: rows
 * are written as the cursor yields them, so a county's log never sits in memory whole. The
 * caller's access is checked before anything is sent; a database failure mid-way aborts the
 * stream (the client sees a broken download, never a silently short file).
 */
export async function feedbackWorkbook(
  actor: LoadedActor,
  q: { orgId: string; from?: DateString; to?: DateString },
  now: Date,
): Promise<{ stream: Readable; filename: string }> {
  const { org, names } = await supervisedSubtree(actor, q.orgId);
  const out = new PassThrough();
  const write = async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
    const sheet = workbook.addWorksheet('意见台账');
    sheet.columns = COLUMNS;
    sheet.getRow(1).font = { bold: true };
    const filter = complaintFilter(org._id as Types.ObjectId, { from: q.from, to: q.to }, now);
    const cursor = Feedback.find(filter).sort({ createdAt: 1 }).lean<FeedbackDoc[]>().cursor();
    for await (const f of cursor) {
      // An item transferred in from outside the subtree names an org the subtree list lacks.
      for (const o of [f.orgId, f.handlingOrgId].map(String))
        if (!names.has(o)) names.set(o, (await Org.findById(o).select({ name: 1 }).lean())?.name ?? '');
      sheet.addRow(row(f as FeedbackDoc, names, now)).commit();
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return { stream: out, filename: `${org.name}意见台账-${shanghaiDate(now)}.xlsx` };
}
