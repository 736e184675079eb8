import { Types } from 'mongoose';
import { isDuplicateKey } from '../db/duplicate-key';
import type { OrgDoc } from '../orgs/org.model';
import { makeOrgTree, useIdentityDb } from '../users/testing';
import { Feedback } from './feedback.model';
import { insertFeedback } from './feedback-insert';
import { timelineEntry } from './feedback-transition';

useIdentityDb();
afterEach(() => {
  jest.restoreAllMocks();
  return Feedback.collection.deleteMany({});
});

const at = new Date('2026-09-01T00:00:00Z');
const fields = (org: OrgDoc, key?: string) => ({
  orgId: org._id,
  orgPath: org.path,
  handlingOrgId: org._id,
  handlingOrgPath: org.path,
  type: 'inquiry' as const,
  content: '十月慰问品发给了哪几户？',
  authorId: new Types.ObjectId('65f000000000000000000001'),
  authorName: '王志刚',
  sortDue: new Date('2026-09-15T16:00:00Z'),
  timeline: [timelineEntry('submitted', at, { actorName: '王志刚', orgId: org._id, orgName: org.name })],
  createdAt: at,
  ...(key && {
    idempotency: { userId: new Types.ObjectId('65f000000000000000000001'), key, bodyHash: 'h'.repeat(64) },
  }),
});

/** A stored item without its ids, which differ between two inserts of the same fields. */
const withoutIds = ({ _id, timeline, ...rest }: Record<string, unknown>) => ({
  ...rest,
  timeline: (timeline as Record<string, unknown>[]).map(({ _id: _t, ...entry }) => entry),
});

describe('insertFeedback: a new item stored with those filed at the same moment', () => {
  it('stores what Feedback.create stores for the same fields, and answers it', async () => {
    const { village } = await makeOrgTree();
    const created = await Feedback.create(fields(village));
    const inserted = await insertFeedback(fields(village));
    const raw = (id: unknown) => Feedback.collection.findOne({ _id: id as Types.ObjectId });
    expect(withoutIds((await raw(inserted._id))!)).toEqual(withoutIds((await raw(created._id))!));
    expect(inserted).toEqual(await raw(inserted._id));
  });

  it('sends items filed together in fewer inserts than items, and stores every one', async () => {
    const { village, sibling } = await makeOrgTree();
    const inserts = jest.spyOn(Feedback.collection, 'insertMany');
    const items = await Promise.all(
      Array.from({ length: 20 }, (_, i) => insertFeedback(fields(i % 2 ? village : sibling))),
    );
    expect(inserts.mock.calls.length).toBeLessThanOrEqual(3);
    expect(await Feedback.countDocuments({ _id: { $in: items.map((i) => i._id) } })).toBe(20);
  });

  it('refuses only the item whose key is taken; the others of its insert are stored', async () => {
    const { village, sibling } = await makeOrgTree();
    const settled = await Promise.allSettled([
      insertFeedback(fields(village, 'k-1')),
      insertFeedback(fields(sibling, 'k-2')),
      insertFeedback(fields(village, 'k-1')),
      insertFeedback(fields(sibling, 'k-3')),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(isDuplicateKey((settled[2] as PromiseRejectedResult).reason, 'idempotency')).toBe(true);
    expect((await Feedback.find({}).lean()).map((f) => f.idempotency?.key).sort()).toEqual([
      'k-1',
      'k-2',
      'k-3',
    ]);
  });

  it('refuses an item that fails validation before anything is sent', async () => {
    const { village } = await makeOrgTree();
    const inserts = jest.spyOn(Feedback.collection, 'insertMany');
    await expect(insertFeedback({ ...fields(village), type: 'complaint' })).rejects.toThrow(/type/);
    expect(inserts).not.toHaveBeenCalled();
    expect(await Feedback.countDocuments({})).toBe(0);
  });
});
