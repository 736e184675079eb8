import { canonicalJson } from '@sanwu/shared';
import { sha256Hex } from '../attachments/blob-storage';
import type { AppContext } from '../context';

/** A weak ETag over an answer: its bytes, or the canonical JSON of its value. */
export function weakEtag(content: Buffer | object): string {
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(canonicalJson(content as never));
  return `W/"${sha256Hex(bytes).slice(0, 32)}"`;
}

/** Sets the ETag; answers 304 without a body when the client already holds it, else the body. */
export function conditional<T>(ctx: AppContext, etag: string, body: T): T | undefined {
  ctx.set('ETag', etag);
  ctx.status = 200;
  if (ctx.fresh) {
    ctx.status = 304;
    return undefined;
  }
  return body;
}
