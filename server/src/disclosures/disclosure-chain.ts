import { Types } from 'mongoose';
import {
  canonicalJson,
  contentHash,
  sha256Hex,
  verifyChain,
  type ChainVerification,
  type DisclosureContent,
} from '@sanwu/shared';
import type { ChainLinkDoc, DisclosureDoc, VersionDoc } from './disclosure.model';

// The public hash chain of a disclosure (issue 6: "each version carries contentHash chained to the
// previous one, shown publicly, so anyone can check nothing changed silently").
//
// Why links carry a digest of the content rather than the content: the one permitted change to
// published text is an approved redaction of a leaked field. The publish link keeps the digest of
// the text as published; a redact link, itself chained, records the digest after the redaction.
// The stored text of a version must match the latest of those digests, so any other change —
// an edited cell, a swapped attachment, a removed signature — breaks verification.

/** A content object in the exact shape that is hashed (no undefined fields, ids as strings). */
export function normalizeContent(content: unknown): DisclosureContent {
  return JSON.parse(JSON.stringify(content)) as DisclosureContent;
}

/**
 * sha256 of a version's canonical content. `canonicalJson` drops and converts what `JSON.stringify`
 * does (undefined fields, ids and dates through `toJSON`), so the stored content is hashed as it
 * is: normalizing it first gave the same text at twice the cost, on every read of a detail.
 */
export function contentDigest(content: unknown): string {
  return sha256Hex(canonicalJson(content));
}

/** The hashed part of a link: everything but `hash` and `previousHash`. */
export function linkPayload(link: Omit<ChainLinkDoc, 'hash' | 'previousHash'>): Record<string, unknown> {
  return {
    seq: link.seq,
    kind: link.kind,
    versionNo: link.versionNo,
    reason: link.reason ?? null,
    at: new Date(link.at).toISOString(),
    actorId: String(link.actorId),
    contentDigest: link.contentDigest ?? null,
    signers: (link.signers ?? []).map((s) => ({ userId: s.userId, name: s.name, at: s.at })),
    target: link.target ?? null,
  };
}

export type NewLink = Omit<ChainLinkDoc, 'seq' | 'hash' | 'previousHash' | 'actorId'> & { actorId: string };

/** The next link of `doc`'s chain, hashed onto the previous one. */
export function nextLink(doc: Pick<DisclosureDoc, 'chain'>, link: NewLink): ChainLinkDoc {
  const previous = doc.chain.at(-1) ?? null;
  const full = {
    ...link,
    seq: doc.chain.length + 1,
    actorId: new Types.ObjectId(link.actorId),
    signers: link.signers ?? [],
  } as ChainLinkDoc;
  const previousHash = previous?.hash ?? null;
  return { ...full, hash: contentHash(linkPayload(full), previousHash), previousHash };
}

/** Signers of a version's final review round, as the publish link records them. */
export function signersOf(version: VersionDoc): { userId: string; name: string; at: string }[] {
  return version.signatures
    .filter((s) => s.decision === 'approve' && s.round === version.round)
    .map((s) => ({ userId: String(s.userId), name: s.name, at: new Date(s.at).toISOString() }));
}

function broken(links: number, seq: number, problem: string): ChainVerification {
  return { valid: false, links, brokenAt: seq, problem, headHash: null };
}

/**
 * Checks the chain links against each other (shared `verifyChain`), then every published version
 * against its links: its stored content must match the digest of its latest publish/redact link,
 * its `contentHash` must be its publish link's hash and its signatures the ones that link names.
 */
export function verifyDisclosureChain(doc: Pick<DisclosureDoc, 'chain' | 'versions'>): ChainVerification {
  const links = doc.chain;
  const at = verifyChain(
    links.map((l) => ({ content: linkPayload(l), hash: l.hash, previousHash: l.previousHash ?? null })),
  );
  if (at >= 0) return broken(links.length, at + 1, `第 ${at + 1} 节哈希与其记录不符`);
  for (const version of doc.versions) {
    const own = links.filter((l) => l.versionNo === version.no && l.kind !== 'revoke');
    const publish = own.find((l) => l.kind === 'publish');
    if (!publish) {
      if (version.publishedAt)
        return broken(links.length, links.length, `第 ${version.no} 版已发布却不在哈希链中`);
      continue;
    }
    const latest = own[own.length - 1]!;
    if (contentDigest(version.content) !== latest.contentDigest) {
      return broken(links.length, latest.seq, `第 ${version.no} 版的内容与发布时的记录不符`);
    }
    if (version.contentHash !== publish.hash) {
      return broken(links.length, publish.seq, `第 ${version.no} 版的哈希与哈希链不符`);
    }
    if (canonicalJson(signersOf(version)) !== canonicalJson(linkPayload(publish).signers)) {
      return broken(links.length, publish.seq, `第 ${version.no} 版的签章记录与发布时不符`);
    }
  }
  return {
    valid: true,
    links: links.length,
    brokenAt: null,
    problem: null,
    headHash: links.at(-1)?.hash ?? null,
  };
}
