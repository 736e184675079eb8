import { Types } from 'mongoose';
import { Org, type OrgDoc } from '../orgs/org.model';
import { makeOrgTree, useIdentityDb } from '../users/testing';
import { Feedback } from './feedback.model';
import { insertFeedback } from './feedback-insert';

useIdentityDb();
afterEach(() => Feedback.collection.deleteMany({}));

type Tree = Awaited<ReturnType<typeof makeOrgTree>>;
type Name = keyof Tree;

const fields = (org: OrgDoc) => ({
  orgId: org._id,
  orgPath: org.path,
  handlingOrgId: org._id,
  handlingOrgPath: org.path,
  type: 'opinion' as const,
  content: '村口路灯坏了',
  authorName: '张三',
  sortDue: new Date('2027-01-01T00:00:00Z'),
  createdAt: new Date('2026-09-01T00:00:00Z'),
});

const moveTo = (org: OrgDoc) => ({ $set: { handlingOrgId: org._id, handlingOrgPath: org.path } });

/** The orgs' revisions, as `{ county: 1, … }`, leaving out those still at 0. */
async function revisions(tree: Tree): Promise<Partial<Record<Name, number>>> {
  const docs = await Org.find({}).lean<(OrgDoc & { _id: Types.ObjectId })[]>();
  const out: Partial<Record<Name, number>> = {};
  for (const name of Object.keys(tree) as Name[]) {
    const rev = docs.find((d) => d._id.equals(tree[name]._id))?.feedbackRev ?? 0;
    if (rev > 0) out[name] = rev;
  }
  return out;
}

describe('feedbackRev: every change to an item moves the revision of each inbox it is or was in', () => {
  const cases: [string, (t: Tree) => Promise<unknown>, Partial<Record<Name, number>>][] = [
    ['create', (t) => Feedback.create(fields(t.village)), { county: 1, township: 1, village: 1 }],
    [
      'insertMany',
      (t) => Feedback.insertMany([fields(t.village), fields(t.sibling)]),
      { county: 1, township: 1, village: 1, sibling: 1 },
    ],
    [
      'insertMany, lean, with the path as strings (nothing casts them on the way)',
      (t) =>
        Feedback.insertMany([{ ...fields(t.village), handlingOrgPath: t.village.path.map(String) }], {
          lean: true,
        }),
      { county: 1, township: 1, village: 1 },
    ],
    [
      'insertFeedback (a submission, stored with those filed at the same moment)',
      (t) => insertFeedback(fields(t.village)),
      { county: 1, township: 1, village: 1 },
    ],
    [
      'insertFeedback twice with one Idempotency-Key: the refused twin tells no inbox',
      (t) => {
        const idempotency = { userId: new Types.ObjectId(), key: 'k', bodyHash: 'h'.repeat(64) };
        return Promise.allSettled([1, 2].map(() => insertFeedback({ ...fields(t.village), idempotency })));
      },
      { county: 1, township: 1, village: 1 },
    ],
    [
      'findOneAndUpdate (a workflow step)',
      async (t) => {
        const { insertedId: _id } = await Feedback.collection.insertOne(fields(t.village));
        return Feedback.findOneAndUpdate({ _id }, { $set: { state: 'accepted' } });
      },
      { county: 1, township: 1, village: 1 },
    ],
    [
      'updateOne moving the item to another village (transfer)',
      async (t) => {
        const { insertedId: _id } = await Feedback.collection.insertOne(fields(t.village));
        return Feedback.updateOne({ _id }, moveTo(t.sibling));
      },
      { county: 1, township: 1, village: 1, sibling: 1 },
    ],
    [
      'updateMany over two villages',
      async (t) => {
        await Feedback.collection.insertMany([fields(t.village), fields(t.sibling)]);
        return Feedback.updateMany({}, { $set: { overdueAt: new Date() } });
      },
      { county: 1, township: 1, village: 1, sibling: 1 },
    ],
    [
      'save() of a loaded item moved up to the township (escalation)',
      async (t) => {
        const { insertedId: _id } = await Feedback.collection.insertOne(fields(t.village));
        const doc = (await Feedback.findById(_id))!;
        doc.set({ handlingOrgId: t.township._id, handlingOrgPath: t.township.path });
        return doc.save();
      },
      { county: 1, township: 1, village: 1 },
    ],
    [
      'an update of nextCheckAt only (the sweep’s bookkeeping, shown nowhere)',
      async (t) => {
        const { insertedId: _id } = await Feedback.collection.insertOne(fields(t.village));
        return Feedback.updateOne({ _id }, { $set: { nextCheckAt: new Date() } });
      },
      {},
    ],
    [
      'the overdue mark with its timeline entry',
      async (t) => {
        const { insertedId: _id } = await Feedback.collection.insertOne(fields(t.village));
        return Feedback.updateOne(
          { _id },
          {
            $set: { overdueAt: new Date(), nextCheckAt: null },
            $push: { timeline: { kind: 'overdue', at: new Date() } },
          },
        );
      },
      { county: 1, township: 1, village: 1 },
    ],
    [
      'a write that matches no item',
      (t) => Feedback.updateOne({ handlingOrgId: t.sibling._id }, { $set: { state: 'closed' } }),
      {},
    ],
  ];

  it.each(cases)('%s', async (_name, write, expected) => {
    const tree = await makeOrgTree();
    const before = await Org.find({}).sort({ _id: 1 }).lean();
    await write(tree);
    expect(await revisions(tree)).toEqual(expected);
    // The counter is not an edit of the org.
    const after = await Org.find({}).sort({ _id: 1 }).lean();
    expect(after.map((o) => o.updatedAt)).toEqual(before.map((o) => o.updatedAt));
  });

  it('refuses bulkWrite, which would change items without telling their inboxes', async () => {
    const tree = await makeOrgTree();
    await expect(Feedback.bulkWrite([{ insertOne: { document: fields(tree.village) } }])).rejects.toThrow(
      /inbox-revision/,
    );
    expect(await Feedback.countDocuments()).toBe(0);
  });
});
