import { AuditEntry, type AuditDoc } from './audit.model';
import { auditHash } from './audit-hash';

/** The first broken link of a chain. */
export interface BrokenLink {
  orgId: string | null;
  seq: number;
  problem: 'hash-mismatch' | 'prev-hash-mismatch' | 'seq-gap';
  expected: string;
  found: string;
}

export interface ChainReport {
  ok: boolean;
  chains: number;
  entries: number;
  /** One per broken chain: its first broken link. */
  broken: BrokenLink[];
}

/**
 * Re-walks every chain in seq order and recomputes each hash. An edited entry breaks its
 * own hash; a deleted one leaves a seq gap; a re-hashed edit breaks the next entry's
 * prevHash. Streams with a cursor, so memory stays flat on large logs.
 */
export async function verifyAuditChains(): Promise<ChainReport> {
  const chainIds: unknown[] = await AuditEntry.distinct('orgId');
  const report: ChainReport = { ok: true, chains: chainIds.length, entries: 0, broken: [] };
  for (const orgId of chainIds) {
    const broken = await verifyChain(orgId ?? null, (n) => (report.entries += n));
    if (broken) report.broken.push(broken);
  }
  report.ok = report.broken.length === 0;
  return report;
}

async function verifyChain(orgId: unknown, count: (n: number) => void): Promise<BrokenLink | null> {
  let prevHash: string | null = null;
  let expectedSeq = 1;
  const chain = orgId ? String(orgId) : null;
  const cursor = AuditEntry.find({ orgId: orgId ?? null })
    .sort({ seq: 1 })
    .lean<AuditDoc>()
    .cursor();
  for await (const raw of cursor) {
    const e = raw as AuditDoc;
    count(1);
    if (e.seq !== expectedSeq) {
      await cursor.close();
      return {
        orgId: chain,
        seq: expectedSeq,
        problem: 'seq-gap',
        expected: String(expectedSeq),
        found: String(e.seq),
      };
    }
    if ((e.prevHash ?? null) !== prevHash) {
      await cursor.close();
      return {
        orgId: chain,
        seq: e.seq,
        problem: 'prev-hash-mismatch',
        expected: String(prevHash),
        found: String(e.prevHash),
      };
    }
    const expected = auditHash(
      {
        orgId: e.orgId ?? null,
        seq: e.seq,
        at: e.at,
        actorId: e.actorId ?? null,
        actorRole: e.actorRole ?? null,
        action: e.action,
        target: e.target ?? null,
        requestId: e.requestId ?? null,
        ip: e.ip ?? null,
        summary: (e.summary as { before?: unknown; after?: unknown } | null) ?? null,
      },
      prevHash,
    );
    if (expected !== e.hash) {
      await cursor.close();
      return { orgId: chain, seq: e.seq, problem: 'hash-mismatch', expected, found: e.hash };
    }
    prevHash = e.hash;
    expectedSeq++;
  }
  return null;
}
