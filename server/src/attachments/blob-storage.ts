import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { NotFoundError } from '@sanwu/shared';

/**
 * Where attachment bytes live. Content-addressed: the key is the SHA-256 of the bytes, so the
 * same photo uploaded twice is stored once and a key always names the same content.
 *
 * There is deliberately no delete: attachments of published items are part of the public
 * record (DOMAIN.md "Archive"); a redaction publishes a new attachment, it does not erase bytes
 * another version's hash refers to. An object store (S3, OSS, COS) implements the same four
 * methods with conditional puts.
 */
export interface BlobStorage {
  /** Stores the bytes (atomically: readers never see a partial blob); idempotent. */
  put(bytes: Buffer): Promise<{ key: string; size: number }>;
  /** The blob's size, or null when there is none. */
  stat(key: string): Promise<{ size: number } | null>;
  /** A stream of the blob; 404 when there is none. */
  open(key: string): Promise<{ stream: Readable; size: number }>;
  /** Reads a whole blob (small ones: thumbnails, re-processing). */
  read(key: string): Promise<Buffer>;
}

const KEY_RE = /^[0-9a-f]{64}$/;

/** SHA-256 of bytes as 64 lowercase hex digits — the storage key. */
export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Blobs as files under `root`: `ab/cd/abcd…` (two fan-out levels keep directories small).
 * Writes go to `root/tmp` first, are fsynced, then renamed into place — rename is atomic on one
 * file system, so a crash leaves at worst a stray temp file, never a truncated blob.
 */
export class LocalDiskStorage implements BlobStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathOf(key: string): string {
    if (!KEY_RE.test(key)) throw new NotFoundError('文件不存在');
    return path.join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(bytes: Buffer): Promise<{ key: string; size: number }> {
    const key = sha256Hex(bytes);
    const target = this.pathOf(key);
    const existing = await this.stat(key);
    if (existing?.size === bytes.length) return { key, size: bytes.length };
    const tmpDir = path.join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = path.join(tmpDir, `${key}.${randomBytes(6).toString('hex')}.part`);
    try {
      const handle = await open(tmp, 'wx', 0o640);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    return { key, size: bytes.length };
  }

  async stat(key: string): Promise<{ size: number } | null> {
    try {
      const s = await stat(this.pathOf(key));
      return s.isFile() ? { size: s.size } : null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async open(key: string): Promise<{ stream: Readable; size: number }> {
    const found = await this.stat(key);
    if (!found) throw new NotFoundError('文件不存在');
    return { stream: createReadStream(this.pathOf(key)), size: found.size };
  }

  async read(key: string): Promise<Buffer> {
    const { stream } = await this.open(key);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
}
