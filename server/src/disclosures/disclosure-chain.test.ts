import { Types } from 'mongoose';
import { canonicalJson, sha256Hex } from '@sanwu/shared';
import { contentDigest, nextLink, normalizeContent, verifyDisclosureChain } from './disclosure-chain';
import type { ChainLinkDoc, DisclosureDoc, VersionDoc } from './disclosure.model';

// The chain of a disclosure built as the services build it: v1 published, v2 published as a
// correction, a redaction of v2, then a revocation.

const signer = new Types.ObjectId();
const version = (no: number, title: string): VersionDoc => ({
  no,
  kind: no === 1 ? 'original' : 'correction',
  state: 'published',
  reason: no === 1 ? null : '更正',
  content: { title, blocks: [{ type: 'paragraph', text: title }], attachments: [], finance: null },
  signatures: [
    {
      userId: signer,
      name: '李德明',
      stage: 'group',
      decision: 'approve',
      comment: null,
      round: 1,
      at: new Date('2026-04-02T01:00:00Z'),
    },
  ],
  round: 1,
  requiredSignatures: 1,
  createdBy: signer,
  submittedAt: null,
  approvedAt: null,
  publishedAt: null,
  publishedBy: null,
  contentHash: null,
  previousHash: null,
  revokedAt: null,
  revokeReason: null,
});

type Doc = Pick<DisclosureDoc, 'chain' | 'versions'>;

function build(): Doc {
  const doc: Doc = { chain: [], versions: [version(1, '第一版'), version(2, '第二版')] };
  const push = (link: ChainLinkDoc) => doc.chain.push(link);
  doc.versions.forEach((v, i) => {
    const at = new Date(Date.UTC(2026, 3, 2 + i));
    const link = nextLink(doc, {
      kind: 'publish',
      versionNo: v.no,
      reason: v.reason,
      at,
      actorId: String(signer),
      contentDigest: contentDigest(v.content),
      signers: [{ userId: String(signer), name: '李德明', at: '2026-04-02T01:00:00.000Z' }],
      target: null,
    });
    push(link);
    Object.assign(v, { publishedAt: at, contentHash: link.hash, previousHash: link.previousHash });
  });
  const v2 = doc.versions[1]!;
  v2.content = { ...v2.content, title: '第二版（已删除个人信息）' };
  push(
    nextLink(doc, {
      kind: 'redact',
      versionNo: 2,
      reason: '泄露',
      at: new Date(),
      actorId: String(signer),
      contentDigest: contentDigest(v2.content),
      signers: [],
      target: { kind: 'cell' },
    }),
  );
  push(
    nextLink(doc, {
      kind: 'revoke',
      versionNo: 2,
      reason: '撤回',
      at: new Date(),
      actorId: String(signer),
      contentDigest: null,
      signers: [],
      target: null,
    }),
  );
  return doc;
}

describe('verifyDisclosureChain', () => {
  it('accepts the chain the services build, redaction included', () => {
    const doc = build();
    expect(verifyDisclosureChain(doc)).toMatchObject({
      valid: true,
      links: 4,
      brokenAt: null,
      headHash: doc.chain[3]!.hash,
    });
    expect(doc.versions[1]!.previousHash).toBe(doc.versions[0]!.contentHash);
  });

  it.each<[string, (d: Doc) => void, number, string]>([
    ['an edited reason of a link', (d) => (d.chain[3]!.reason = '另一个理由'), 4, '第 4 节'],
    ['a removed link', (d) => d.chain.splice(2, 1), 3, '第 3 节'],
    ['swapped links', (d) => d.chain.reverse(), 1, '第 1 节'],
    ['an edited published text', (d) => (d.versions[0]!.content.title = '改过'), 1, '第 1 版的内容'],
    [
      'text changed back from the redaction',
      (d) => (d.versions[1]!.content.title = '第二版'),
      3,
      '第 2 版的内容',
    ],
    [
      'a version hash that is not its link',
      (d) => (d.versions[0]!.contentHash = 'f'.repeat(64)),
      1,
      '第 1 版的哈希',
    ],
    [
      'an added signature',
      (d) => d.versions[0]!.signatures.push({ ...d.versions[0]!.signatures[0]!, name: '冒名' }),
      1,
      '签章',
    ],
    [
      'a published version missing from the chain',
      (d) => d.chain.splice(0, d.chain.length),
      0,
      '不在哈希链中',
    ],
  ])('detects %s', (_name, tamper, brokenAt, problem) => {
    const doc = build();
    tamper(doc);
    const result = verifyDisclosureChain(doc);
    expect(result.valid).toBe(false);
    expect(result.brokenAt).toBe(brokenAt);
    expect(result.problem).toContain(problem);
  });
});

describe('contentDigest', () => {
  // What the digest of a published version was (of the normalized copy) must stay its digest now
  // that the stored content is hashed as it is: every chain already stored depends on it.
  const id = new Types.ObjectId();
  it.each<[string, unknown]>([
    [
      'plain JSON',
      { title: '公示', blocks: [{ type: 'paragraph', text: '正文' }], attachments: [], finance: null },
    ],
    [
      'ObjectId attachment ids',
      { title: 't', blocks: [], attachments: [{ id, name: '合同.pdf' }], finance: null },
    ],
    [
      'dates and undefined fields',
      { title: 't', at: new Date('2026-04-02T01:00:00Z'), gone: undefined, blocks: [] },
    ],
    [
      'undefined and non-finite numbers in arrays',
      { title: 't', blocks: [[undefined, 1, NaN, Infinity, { a: undefined }]] },
    ],
    ['nested key order', { z: { b: 1, a: [{ y: 2, x: 1 }] }, a: '村务', title: '排序' }],
    [
      'a lean document from storage',
      {
        title: 't',
        blocks: [{ type: 'table', rows: [['张三', '100']] }],
        attachments: [{ id, name: 'a' }],
        finance: { lines: [{ amountFen: 1 }] },
      },
    ],
  ])('is the digest of the normalized content: %s', (_name, content) => {
    expect(contentDigest(content)).toBe(sha256Hex(canonicalJson(normalizeContent(content))));
  });
});
