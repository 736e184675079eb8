// Fixtures of the supervision and archive tests (imported by *.test.ts only): the disclosures
// feature's world plus a sibling township with its own inspector, and feedback items inserted
// with known times (the figures are checked against hand-computed values).
import { Types } from 'mongoose';
import type { FeedbackState } from '@sanwu/shared';
import { Disclosure } from '../disclosures/disclosure.model';
import { makeWorld as makeDisclosureWorld } from '../disclosures/testing';
import { Feedback, type FeedbackDoc } from '../feedback/feedback.model';
import type { OrgDoc } from '../orgs/org.model';
import type { TestApp } from '../test/harness';
import { makeOrg, makeStaff } from '../users/testing';

export async function makeSupervisionWorld(t: TestApp) {
  const w = await makeDisclosureWorld(t);
  const otherTownship = await makeOrg('东河镇', 'township', w.county);
  const otherInspector = (await makeStaff([{ role: 'inspector', org: otherTownship }], { name: '周督查' }))
    .user;
  return { ...w, otherTownship, users: { ...w.users, otherInspector } };
}
export type SupervisionWorld = Awaited<ReturnType<typeof makeSupervisionWorld>>;

/** Shanghai wall-clock time → instant. */
export const sh = (s: string) => new Date(`${s}+08:00`);

export interface FeedbackFixture {
  type?: 'opinion' | 'inquiry' | 'report' | 'objection';
  state?: FeedbackState;
  content?: string;
  submitted: string;
  due?: string | null;
  replied?: string | null;
  rating?: number;
  authorName?: string;
  /** The org handling it now, when transferred there. */
  handledBy?: OrgDoc;
}

/** A feedback item of `org` as the feedback feature stores it, with its timeline. */
export async function insertFeedback(org: OrgDoc, f: FeedbackFixture): Promise<FeedbackDoc> {
  const createdAt = sh(f.submitted);
  const dueAt = f.due ? sh(`${f.due}T23:59:59.999`) : null;
  const timeline: Record<string, unknown>[] = [{ kind: 'submitted', at: createdAt, public: true }];
  if (f.replied) timeline.push({ kind: 'replied', at: sh(f.replied), text: '已答复', actorName: '王建国' });
  if (f.rating) timeline.push({ kind: 'rated', at: sh(f.replied!), text: `${f.rating} 分` });
  const doc = await Feedback.create({
    orgId: org._id,
    orgPath: org.path,
    handlingOrgId: (f.handledBy ?? org)._id,
    handlingOrgPath: (f.handledBy ?? org).path,
    type: f.type ?? 'opinion',
    content: f.content ?? '村道路灯坏了，晚上看不见路',
    authorName: f.authorName ?? '张三丰',
    authorId: new Types.ObjectId(),
    state: f.state ?? (f.rating ? 'rated' : f.replied ? 'answered' : 'accepted'),
    dueAt,
    dueDate: f.due ?? null,
    sortDue: dueAt ?? new Date(8_640_000_000_000_000),
    policy: dueAt ? { unit: 'calendarDays', amount: 15 } : undefined,
    rating: f.rating ? { score: f.rating, at: sh(f.replied!) } : undefined,
    timeline,
    createdAt,
  });
  return doc.toObject() as FeedbackDoc;
}

/** A scheduled disclosure as published (the fields compliance reads). */
export async function insertPublished(
  org: OrgDoc,
  f: { code?: string; period: string; publishedAt: string; createdBy: Types.ObjectId },
) {
  const at = sh(f.publishedAt);
  const doc = await Disclosure.create({
    orgId: org._id,
    orgPath: org.path,
    catalogueCode: f.code ?? 'village-finances',
    domain: 'finance',
    timing: 'periodic',
    period: f.period,
    createdBy: f.createdBy,
    state: 'published',
    public: true,
    publicTitle: `${f.period} 财务收支公开`,
    firstPublishedAt: at,
    lastPublishedAt: at,
    versions: [
      {
        no: 1,
        kind: 'original',
        state: 'published',
        content: { title: `${f.period} 财务收支公开`, blocks: [] },
        createdBy: f.createdBy,
        publishedAt: at,
      },
    ],
  });
  return doc.toObject();
}
