import { contentHash } from './content-hash';

/** One link of a hash chain: the record, its stored hash and optionally the stored link to its predecessor. */
export interface ChainEntry {
  /** The record exactly as hashed (without its `hash` fields). */
  content: unknown;
  /** `contentHash(content, previous entry's hash)`; the first entry has no predecessor. */
  hash: string;
  /** The predecessor's hash as stored, if the log stores it; checked when present. */
  previousHash?: string | null;
}

/** Options of {@link verifyChain}. */
export interface VerifyChainOptions {
  /** Hash of the entry before `entries[0]`, when verifying a segment of a longer chain. */
  previousHash?: string | null;
}

/**
 * Index of the first entry whose link is broken — its hash does not match its content and its predecessor,
 * or its stored `previousHash` is not its predecessor's hash — or -1 when the whole chain holds
 * (DOMAIN.md "Supervision": "every action is in an append-only audit log"; "Archive"). Editing, removing,
 * inserting or reordering an entry breaks the link at that point.
 */
export function verifyChain(entries: readonly ChainEntry[], options: VerifyChainOptions = {}): number {
  let previous: string | null = options.previousHash ?? null;
  for (let i = 0; i < entries.length; i += 1) {
    const entry = entries[i] as ChainEntry;
    if (entry.previousHash !== undefined && (entry.previousHash ?? null) !== previous) return i;
    let expected: string;
    try {
      expected = contentHash(entry.content, previous);
    } catch {
      return i; // unhashable content or a malformed predecessor hash
    }
    if (entry.hash !== expected) return i;
    previous = entry.hash;
  }
  return -1;
}
