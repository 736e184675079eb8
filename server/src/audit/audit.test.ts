import { Types } from 'mongoose';
import { ZAuditEntry } from '@sanwu/shared';
import { makeOrgTree, useIdentityDb } from '../users/testing';
import { AuditEntry } from './audit.model';
import { auditHash, type HashedAuditFields } from './audit-hash';
import { appendAudit, listAudit } from './audit.service';
import { verifyAuditChains } from './verify-chain';
import { runAuditVerification } from './verify-report';
import * as auditService from './audit.service';

useIdentityDb();

const actorId = new Types.ObjectId();

async function fillChains() {
  const { township, village, sibling } = await makeOrgTree();
  for (let i = 1; i <= 5; i++) {
    await appendAudit({
      orgId: village._id,
      actorId,
      actorRole: 'cadre',
      action: 'registry.update',
      target: { type: 'resident', id: `r${i}` },
      summary: {
        before: { name: '张三' },
        after: { name: `张三${i}`, at: new Date('2026-03-01T00:00:00Z') },
      },
      meta: { requestId: `req-${i}`, ip: '10.0.0.9' },
    });
  }
  await appendAudit({ orgId: sibling._id, action: 'org.rename' });
  await appendAudit({ action: 'auth.login.failed', summary: { after: { username: 'nobody' } } });
  return { township, village, sibling };
}

describe('the audit log', () => {
  it('chains entries per org with consecutive seq and verifies', async () => {
    const { village } = await fillChains();
    const chain = await AuditEntry.find({ orgId: village._id }).sort({ seq: 1 }).lean();
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(chain[0]!.prevHash).toBeNull();
    expect(chain[3]!.prevHash).toBe(chain[2]!.hash);
    expect(await verifyAuditChains()).toEqual({ ok: true, chains: 3, entries: 7, broken: [] });
  });

  it('finds an entry modified directly in the collection, naming the org and seq', async () => {
    const { village } = await fillChains();
    await AuditEntry.collection.updateOne(
      { orgId: village._id, seq: 3 },
      { $set: { 'summary.after.name': '李四' } },
    );
    const report = await verifyAuditChains();
    expect(report.ok).toBe(false);
    expect(report.broken).toEqual([
      expect.objectContaining({ orgId: String(village._id), seq: 3, problem: 'hash-mismatch' }),
    ]);
    expect(report.broken[0]!.expected).not.toBe(report.broken[0]!.found);
  });

  it('finds an edit whose own hash was recomputed, at the next link', async () => {
    const { village } = await fillChains();
    const e = await AuditEntry.findOne({ orgId: village._id, seq: 2 }).lean();
    const forged = { ...e!, summary: { before: null, after: { name: '王五' } } };
    await AuditEntry.collection.updateOne(
      { _id: e!._id },
      {
        $set: { summary: forged.summary, hash: auditHash(forged as HashedAuditFields, e!.prevHash ?? null) },
      },
    );
    const report = await verifyAuditChains();
    expect(report.broken[0]).toMatchObject({ seq: 3, problem: 'prev-hash-mismatch' });
  });

  it('finds a deleted entry as a gap in seq', async () => {
    const { village } = await fillChains();
    await AuditEntry.collection.deleteOne({ orgId: village._id, seq: 4 });
    expect((await verifyAuditChains()).broken).toEqual([
      { orgId: String(village._id), seq: 4, problem: 'seq-gap', expected: '4', found: '5' },
    ]);
  });

  it('keeps the chain intact when many writers append at once', async () => {
    const { village } = await makeOrgTree();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        appendAudit({ orgId: village._id, action: 'test.concurrent', summary: { after: { i } } }),
      ),
    );
    const seqs = (await AuditEntry.find({ orgId: village._id }).sort({ seq: 1 }).lean()).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await verifyAuditChains()).ok).toBe(true);
  });

  it('writes a queue of appends to one chain with one tail read and one insert per batch', async () => {
    const { village } = await makeOrgTree();
    const commands = jest.spyOn(AuditEntry.db.db!, 'command');
    const inserts = jest.spyOn(AuditEntry.collection, 'insertMany');
    const tailReads = () =>
      commands.mock.calls.filter(([cmd]) => cmd.find === AuditEntry.collection.collectionName).length;
    try {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          appendAudit({ orgId: village._id, action: 'test.queued', summary: { after: { i } } }),
        ),
      );
      // The first append goes out alone; the nine queued behind it, as one batch.
      expect([tailReads(), inserts.mock.calls.map(([docs]) => docs.length)]).toEqual([1, [1, 9]]);
    } finally {
      commands.mockRestore();
      inserts.mockRestore();
    }
    const chain = await AuditEntry.find({ orgId: village._id }).sort({ seq: 1 }).lean();
    expect(chain.map((e) => (e.summary?.after as { i: number }).i)).toEqual([...Array(10).keys()]);
    expect((await verifyAuditChains()).ok).toBe(true);
  });

  // Another process takes a seq the batch was about to write: at its start (nothing of the batch
  // is stored) or in its middle (the entries before it are stored and answered).
  it.each<[string, number, (string | number)[][]]>([
    [
      'at the start of a batch',
      0,
      [
        [1, 'q0'],
        [2, 'other-instance'],
        [3, 'q1'],
        [4, 'q2'],
        [5, 'q3'],
        [6, 'q4'],
      ],
    ],
    [
      'in the middle of a batch',
      2,
      [
        [1, 'q0'],
        [2, 'q1'],
        [3, 'q2'],
        [4, 'other-instance'],
        [5, 'q3'],
        [6, 'q4'],
      ],
    ],
  ])('links to an entry another instance wrote %s', async (_, at, expected) => {
    const { village } = await makeOrgTree();
    const insert = AuditEntry.collection.insertMany.bind(AuditEntry.collection);
    let calls = 0;
    const spy = jest.spyOn(AuditEntry.collection, 'insertMany').mockImplementation((async (
      docs: (HashedAuditFields & { _id: Types.ObjectId; prevHash: string | null })[],
      options: object,
    ) => {
      if (++calls === 2) {
        const { _id: _ignored, ...taken } = docs[at]!;
        const foreign = { ...taken, action: 'other-instance', at: new Date() };
        await insert([{ ...foreign, hash: auditHash(foreign, taken.prevHash) }]);
      }
      return insert(docs, options);
    }) as never);
    try {
      await Promise.all(
        Array.from({ length: 5 }, (_, i) => appendAudit({ orgId: village._id, action: `q${i}` })),
      );
    } finally {
      spy.mockRestore();
    }
    const chain = await AuditEntry.find({ orgId: village._id }).sort({ seq: 1 }).lean();
    expect(chain.map((e) => [e.seq, e.action])).toEqual(expected);
    expect((await verifyAuditChains()).ok).toBe(true);
  });

  // Several chains queued behind a write go out as one ordered insert. Another process may take a
  // seq of one chain in it: what came before is stored, that chain links to the foreign entry,
  // and the chains after it in the insert are written next, unchanged.
  it.each<[string, boolean, number[], Record<string, string[]>]>([
    [
      'as one insert, each chain linked on its own',
      false,
      [1, 5],
      { village: ['a0', 'a1', 'a2'], sibling: ['b0', 'b1'], township: ['c0'] },
    ],
    [
      'when another instance takes a seq of the second chain mid-insert',
      true,
      [1, 5, 1, 2],
      { village: ['a0', 'a1', 'a2'], sibling: ['other-instance', 'b0', 'b1'], township: ['c0'] },
    ],
  ])('writes the appends of several chains queued behind a write %s', async (_, foreign, sizes, expected) => {
    const orgs = await makeOrgTree();
    const insert = AuditEntry.collection.insertMany.bind(AuditEntry.collection);
    const sizesSeen: number[] = [];
    const spy = jest.spyOn(AuditEntry.collection, 'insertMany').mockImplementation((async (
      docs: (HashedAuditFields & { _id: Types.ObjectId; prevHash: string | null })[],
      options: object,
    ) => {
      sizesSeen.push(docs.length);
      const taken = docs.find((d) => String(d.orgId) === String(orgs.sibling._id));
      if (foreign && sizesSeen.length === 2 && taken) {
        const { _id: _ignored, ...fields } = taken;
        const other = { ...fields, action: 'other-instance', at: new Date() };
        await insert([{ ...other, hash: auditHash(other, taken.prevHash) }]);
      }
      return insert(docs, options);
    }) as never);
    const append = (org: 'village' | 'sibling' | 'township', action: string) =>
      appendAudit({ orgId: orgs[org]._id, action });
    try {
      await Promise.all([
        append('village', 'a0'),
        append('village', 'a1'),
        append('sibling', 'b0'),
        append('township', 'c0'),
        append('sibling', 'b1'),
        append('village', 'a2'),
      ]);
    } finally {
      spy.mockRestore();
    }
    expect(sizesSeen).toEqual(sizes);
    for (const [org, actions] of Object.entries(expected)) {
      const chain = await AuditEntry.find({ orgId: orgs[org as 'village']._id })
        .sort({ seq: 1 })
        .lean();
      expect(chain.map((e) => [e.seq, e.action])).toEqual(actions.map((a, i) => [i + 1, a]));
    }
    expect((await verifyAuditChains()).ok).toBe(true);
  });

  it('refuses an entry that fails validation on its own; the others of its batch are written', async () => {
    const { village } = await makeOrgTree();
    const results = await Promise.allSettled([
      appendAudit({ orgId: village._id, action: 'first' }),
      appendAudit({ orgId: village._id, action: 'fine' }),
      appendAudit({ orgId: village._id, action: '' }), // required: an empty action is invalid
      appendAudit({ orgId: village._id, action: 'also-fine' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const chain = await AuditEntry.find({ orgId: village._id }).sort({ seq: 1 }).lean();
    expect(chain.map((e) => [e.seq, e.action])).toEqual([
      [1, 'first'],
      [2, 'fine'],
      [3, 'also-fine'],
    ]);
    expect((await verifyAuditChains()).ok).toBe(true);
  });

  it('lists entries by org, subtree, actor and time, newest first', async () => {
    const { township, village } = await fillChains();
    const page = { page: 1, pageSize: 2 };
    const byOrg = await listAudit({ orgId: String(village._id) }, page);
    expect(byOrg).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(byOrg.items.map((e) => e.seq)).toEqual([5, 4]);
    for (const e of byOrg.items) expect(ZAuditEntry.parse(e)).toEqual(e);
    expect(
      (await listAudit({ orgId: String(township._id), subtree: true }, { page: 1, pageSize: 100 })).total,
    ).toBe(6);
    expect((await listAudit({ actorId: String(actorId) }, page)).total).toBe(5);
    expect((await listAudit({ from: new Date(Date.now() + 60_000) }, page)).total).toBe(0);
  });

  it('the verify command prints the broken link and exits 1, or exits 0 when intact', async () => {
    const { village } = await fillChains();
    const lines: string[] = [];
    expect(await runAuditVerification(undefined, (l) => lines.push(l))).toBe(0);
    expect(lines.at(-1)).toBe('校验通过：全部链条完整。');
    await AuditEntry.collection.updateOne({ orgId: village._id, seq: 2 }, { $set: { action: 'forged' } });
    lines.length = 0;
    expect(await runAuditVerification(undefined, (l) => lines.push(l))).toBe(1);
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^链 ${String(village._id)} 第 2 条断裂（hash-mismatch）`)),
    );
  });

  it('offers no way to update or delete entries', () => {
    expect(Object.keys(auditService).filter((k) => /update|delete|remove|edit/i.test(k))).toEqual([]);
  });
});
