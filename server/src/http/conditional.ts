import { sha256Hex } from '../attachments/blob-storage';
import type { AppContext } from '../context';
import { keepJsonBytes } from '../middleware/json-once';

/**
 * A weak ETag over an answer: its bytes, or the JSON of its value. The JSON is serialized once and
 * kept with the value, so the answer is sent as the very bytes that were hashed. Why not canonical
 * JSON: a weak validator needs only the same bytes for the same answer, which one mapper's key
 * order gives, and canonicalizing a whole detail cost more than reading it (docs/performance.md).
 * The value must not change afterwards.
 */
export function weakEtag(content: Buffer | object): string {
  const bytes = Buffer.isBuffer(content) ? content : keepJsonBytes(content);
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
