import {
  catalogueItem,
  hasPersonalData,
  maskBlocks,
  type Block,
  type ChainLink,
  type DisclosureContent,
  type DisclosureDto,
  type DisclosureSummary,
  type DisclosureVersionDto,
  type ObjectionTally,
  type RedactionDto,
  type RedactionTarget,
} from '@sanwu/shared';
import type { ChainLinkDoc, DisclosureDoc, RedactionDoc, VersionDoc } from './disclosure.model';

// Documents → API shapes. Whoever may not see personal data gets masked tables here, in one place.

const iso = (d: Date | null | undefined) => (d ? (d instanceof Date ? d : new Date(d)).toISOString() : null);

export function toRedactionDto(r: RedactionDoc): RedactionDto {
  return {
    id: String(r._id),
    versionNo: r.versionNo,
    target: r.target as RedactionTarget,
    reason: r.reason,
    status: r.status,
    requestedBy: r.requestedByName,
    requestedAt: iso(r.requestedAt)!,
    decidedBy: r.decidedByName ?? null,
    decidedAt: iso(r.decidedAt),
  };
}

/**
 * The content as stored, its attachment ids as strings. Blocks and finance are kept as the
 * validated request gave them (Mixed), so a deep copy to make them plain only cost time.
 */
function contentFor(version: VersionDoc, mask: boolean): { content: DisclosureContent; masked: boolean } {
  const stored = version.content;
  const content: DisclosureContent = {
    ...stored,
    attachments: (stored.attachments ?? []).map((a) => ({ id: String(a.id), name: a.name })),
  };
  if (!mask || !hasPersonalData(content.blocks)) return { content, masked: false };
  return { content: { ...content, blocks: maskBlocks(content.blocks as Block[]) }, masked: true };
}

export function toVersionDto(
  version: VersionDoc,
  redactions: RedactionDoc[],
  mask: boolean,
): DisclosureVersionDto {
  return {
    no: version.no,
    kind: version.kind,
    state: version.state,
    reason: version.reason ?? null,
    ...contentFor(version, mask),
    signatures: version.signatures.map((s) => ({
      userId: String(s.userId),
      name: s.name,
      stage: s.stage,
      decision: s.decision,
      comment: s.comment ?? null,
      round: s.round,
      at: iso(s.at)!,
    })),
    requiredSignatures: version.requiredSignatures,
    approvals: version.signatures.filter((s) => s.round === version.round && s.decision === 'approve').length,
    submittedAt: iso(version.submittedAt),
    publishedAt: iso(version.publishedAt),
    contentHash: version.contentHash ?? null,
    previousHash: version.previousHash ?? null,
    revokedAt: iso(version.revokedAt),
    revokeReason: version.revokeReason ?? null,
    redactions: redactions
      .filter((r) => r.versionNo === version.no && r.status === 'approved')
      .map(toRedactionDto),
  };
}

export function toChainLinkDto(l: ChainLinkDoc): ChainLink {
  return {
    seq: l.seq,
    kind: l.kind,
    versionNo: l.versionNo,
    reason: l.reason ?? null,
    at: iso(l.at)!,
    contentDigest: l.contentDigest ?? null,
    hash: l.hash,
    previousHash: l.previousHash ?? null,
  };
}

/** The versions a viewer sees: the public only published ones; reviewers every version. */
export function visibleVersions(doc: DisclosureDoc, staff: boolean): VersionDoc[] {
  return staff ? doc.versions : doc.versions.filter((v) => v.publishedAt);
}

/**
 * The fields `toSummary` reads, as a projection: a list page reads these rather than every
 * version's content, signatures and hash chain. Extend it with every field `toSummary` starts to
 * read (a test compares the summary of a projected document with that of the whole one).
 */
export const SUMMARY_FIELDS = Object.fromEntries(
  [
    'orgId',
    'catalogueCode',
    'domain',
    'period',
    'settledOn',
    'state',
    'public',
    'publishBy',
    'firstPublishedAt',
    'lastPublishedAt',
    'late',
    'lateWorkdays',
    'displayUntil',
    'publicNoticeDays',
    'noticeWindowEnd',
    'versions.content.title',
    'versions.state',
    'versions.publishedAt',
    'versions.contentHash',
    'postingProofs.postedAt',
  ].map((field) => [field, 1 as const]),
);

export function toSummary(doc: DisclosureDoc, orgName: string, now: Date, staff = false): DisclosureSummary {
  const shown = visibleVersions(doc, staff).at(-1) ?? doc.versions.at(-1)!;
  const noticeOpen = Boolean(
    doc.noticeWindowEnd && doc.state === 'published' && now.getTime() <= doc.noticeWindowEnd.getTime(),
  );
  return {
    id: String(doc._id),
    orgId: String(doc.orgId),
    orgName,
    catalogueCode: doc.catalogueCode,
    categoryName: catalogueItem(doc.catalogueCode)?.name ?? doc.catalogueCode,
    domain: doc.domain,
    period: doc.period ?? null,
    settledOn: doc.settledOn ?? null,
    title: shown.content.title,
    state: staff ? doc.state : shown.state,
    versionCount: visibleVersions(doc, staff).length,
    publishBy: doc.publishBy ?? null,
    firstPublishedAt: iso(doc.firstPublishedAt),
    lastPublishedAt: iso(doc.lastPublishedAt),
    late: doc.late ?? null,
    lateWorkdays: doc.lateWorkdays ?? null,
    displayUntil: doc.displayUntil ?? null,
    publicNotice: doc.publicNoticeDays
      ? { days: doc.publicNoticeDays, windowEnd: iso(doc.noticeWindowEnd), open: noticeOpen }
      : null,
    contentHash: shown.contentHash ?? null,
    correctionPending: doc.public && doc.versions.at(-1)!.publishedAt === null,
    postedAt: iso(doc.postingProofs.at(-1)?.postedAt),
  };
}

export interface DetailExtras {
  orgName: string;
  staff: boolean;
  mask: boolean;
  chainValid: boolean;
  objections: ObjectionTally | null;
  now: Date;
}

export function toDetail(doc: DisclosureDoc, x: DetailExtras): DisclosureDto {
  const redactions = doc.redactions as RedactionDoc[];
  const versions = visibleVersions(doc, x.staff).map((v) => toVersionDto(v, redactions, x.mask));
  const summary = toSummary(doc, x.orgName, x.now, x.staff);
  const current = versions.at(-1)!;
  const finance = current.content.finance;
  const sum = (dir: 'income' | 'expense') =>
    finance?.lines.filter((l) => l.direction === dir).reduce((a, l) => a + l.amountFen, 0) ?? 0;
  return {
    ...summary,
    current,
    versions,
    chain: doc.chain.map(toChainLinkDto),
    chainValid: x.chainValid,
    objections: x.objections,
    postingProofs: doc.postingProofs.map((p) => ({
      attachmentId: String(p.attachmentId),
      postedAt: iso(p.postedAt)!,
      uploadedBy: p.uploadedBy ?? '',
    })),
    pendingRedactions: x.staff ? redactions.filter((r) => r.status === 'pending').map(toRedactionDto) : [],
    financeTotals: finance ? { incomeFen: sum('income'), expenseFen: sum('expense') } : null,
  };
}
