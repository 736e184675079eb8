import { sha256 } from '@noble/hashes/sha2.js';
import { canonicalJson } from './canonical-json';
import { utf8Bytes } from './utf8';

const HASH_RE = /^[0-9a-f]{64}$/;

function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** True for a lowercase hex SHA-256 digest as {@link contentHash} returns it. */
export function isContentHash(value: unknown): value is string {
  return typeof value === 'string' && HASH_RE.test(value);
}

interface NodeHash {
  createHash(algorithm: 'sha256'): {
    update(text: string, encoding: 'utf8'): { digest(encoding: 'hex'): string };
  };
}

/**
 * Node's own SHA-256 where this runs in Node (the server), else none. It gives the same digest
 * (Node encodes lone surrogates as U+FFFD too) ~6× faster: the server verifies a disclosure's chain
 * on every public read of it (docs/performance.md, ninth pass). `getBuiltinModule`, not `require`,
 * so no bundler of the mini-program tries to pack `node:crypto`.
 */
const nodeHash = (() => {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return runtime?.getBuiltinModule?.('node:crypto') as NodeHash | undefined;
})();

/** The pure-JS digest, as the mini-program computes it. */
export function sha256HexPortable(text: string): string {
  return toHex(sha256(utf8Bytes(text)));
}

/** SHA-256 of a string's UTF-8 bytes, lowercase hex — the primitive under {@link contentHash} (DOMAIN.md "Archive"). */
export function sha256Hex(text: string): string {
  return nodeHash
    ? nodeHash.createHash('sha256').update(text, 'utf8').digest('hex')
    : sha256HexPortable(text);
}

/**
 * SHA-256 of a record's canonical JSON, lowercase hex — the fingerprint that makes archived versions and
 * the audit log tamper-evident (DOMAIN.md "Archive", "Supervision": append-only audit log). Pure JS
 * in the mini-program (@noble/hashes, own UTF-8 encoder), Node's own in the server: the same digest.
 *
 * Exact construction, with `C` = UTF-8 bytes of `canonicalJson(value)`:
 * - without `previousHash`: `sha256(C)`;
 * - with it: `sha256(ascii(previousHash) ‖ C)` — the 64 lowercase hex characters of the previous digest,
 *   then the canonical JSON, no separator (the hash has a fixed length, so none is needed).
 *
 * Verify offline, with the canonical JSON saved in `c.json` (no trailing newline):
 * `sha256sum c.json` or `{ printf '%s' "$PREV"; cat c.json; } | sha256sum`.
 * Throws TypeError when `previousHash` is not 64 lowercase hex characters.
 */
export function contentHash(value: unknown, previousHash?: string | null): string {
  const json = canonicalJson(value);
  if (previousHash === undefined || previousHash === null) return sha256Hex(json);
  if (!isContentHash(previousHash))
    throw new TypeError('contentHash: previousHash must be 64 lowercase hex chars');
  return sha256Hex(previousHash + json);
}
