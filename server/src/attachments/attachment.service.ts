import { Types } from 'mongoose';
import { NotFoundError, PayloadTooLargeError, ValidationError } from '@sanwu/shared';
import { appendAudit, type RequestMeta } from '../audit/audit.service';
import type { BlobStorage } from './blob-storage';
import { sha256Hex } from './blob-storage';
import { Attachment, type AttachmentDoc } from './attachment.model';
import { KIND_LABELS, sniffType, type AttachmentKind, type SniffedType } from './file-type';
import { processImage } from './image-processing';
import { formatSize } from './multipart';

export interface AttachmentLimits {
  imageBytes: number;
  pdfBytes: number;
  /** Files per request (feedback allows up to 9 photos). */
  maxFiles: number;
  /** One request, all files together: what a server may hold in memory for one upload. */
  maxRequestBytes: number;
}

const MB = 1024 * 1024;
export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = {
  imageBytes: 10 * MB,
  pdfBytes: 20 * MB,
  maxFiles: 9,
  maxRequestBytes: 100 * MB,
};

export interface UploadInput {
  orgId: string;
  uploaderId: string;
  filename: string;
  bytes: Buffer;
}

export interface UploadOptions {
  /** Kinds the caller accepts (feedback photos: ['image']). Default: images and PDF. */
  allowed?: AttachmentKind[];
  /** A tighter size limit than the service's for this use. */
  maxBytes?: number;
  /** Who uploaded, for the audit log. */
  actorRole?: string;
  meta?: RequestMeta;
}

interface Prepared {
  input: UploadInput;
  type: SniffedType;
  name: string;
  stored: Buffer;
  sanitized: boolean;
  width: number | null;
  height: number | null;
  thumbnail: Buffer | null;
}

/** A display name without path parts or control characters, ending in the real type's extension. */
export function cleanFileName(name: string, ext: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .trim()
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .slice(0, 120);
  return `${base || '附件'}.${ext}`;
}

export type AttachmentService = ReturnType<typeof createAttachmentService>;

/** Stores uploads in `storage` and their records in the database. */
export function createAttachmentService(
  storage: BlobStorage,
  clock: () => Date,
  limits = DEFAULT_ATTACHMENT_LIMITS,
) {
  /** The size limit of a file from its first bytes (used while the upload streams in). */
  function limitFor(head: Buffer): { bytes: number; label: string } {
    const type = sniffType(head);
    if (type?.kind === 'pdf') return { bytes: limits.pdfBytes, label: KIND_LABELS.pdf };
    return { bytes: limits.imageBytes, label: type ? KIND_LABELS.image : '文件' };
  }

  async function prepare(input: UploadInput, options: UploadOptions): Promise<Prepared> {
    const shown = input.filename || '未命名文件';
    const type = sniffType(input.bytes.subarray(0, 16));
    const allowed = options.allowed ?? ['image', 'pdf'];
    if (!type || !allowed.includes(type.kind)) {
      const what = allowed.map((k) => (k === 'image' ? 'JPG、PNG、WebP 图片' : 'PDF')).join('和');
      throw new ValidationError(`文件类型不支持：${shown}。只接受${what}，按文件内容识别，改扩展名无效`, [
        { path: 'file', message: shown },
      ]);
    }
    const limit = Math.min(
      type.kind === 'pdf' ? limits.pdfBytes : limits.imageBytes,
      options.maxBytes ?? Infinity,
    );
    if (input.bytes.length > limit)
      throw new PayloadTooLargeError(`${KIND_LABELS[type.kind]}不能超过 ${formatSize(limit)}：${shown}`);
    const name = cleanFileName(input.filename, type.ext);
    if (type.kind === 'pdf') {
      // A PDF ends with %%EOF (possibly followed by a newline); a truncated upload does not.
      if (!input.bytes.subarray(-2048).toString('latin1').includes('%%EOF')) {
        throw new ValidationError(`PDF 文件不完整或已损坏：${shown}`, [{ path: 'file', message: shown }]);
      }
      return {
        input,
        type,
        name,
        stored: input.bytes,
        sanitized: false,
        width: null,
        height: null,
        thumbnail: null,
      };
    }
    const image = await processImage(input.bytes, type, shown);
    return { input, type, name, stored: image.bytes, ...image };
  }

  /**
   * Checks, processes and stores several uploads as one: if any is refused (type, size,
   * corrupt), nothing is stored. Each new attachment is audited; bytes this uploader already
   * uploaded to this org return the existing attachment. All inputs share one uploader and org.
   */
  async function storeUploads(inputs: UploadInput[], options: UploadOptions = {}): Promise<AttachmentDoc[]> {
    if (inputs.length === 0)
      throw new ValidationError('请选择要上传的文件', [{ path: 'file', message: '缺少文件' }]);
    if (inputs.length > limits.maxFiles) throw new ValidationError(`一次最多上传 ${limits.maxFiles} 个文件`);
    const [{ orgId, uploaderId }] = inputs as [UploadInput];
    if (inputs.some((i) => i.orgId !== orgId || i.uploaderId !== uploaderId)) {
      throw new Error('storeUploads: every input of one call must share uploader and org');
    }
    const prepared: Prepared[] = [];
    for (const input of inputs) prepared.push(await prepare(input, options)); // one decode at a time: memory
    const createdAt = clock();
    // The same bytes from the same uploader for the same org are the same attachment: a retried
    // upload (weak networks, wx.uploadFile retries) must not create a second one.
    const byOriginal = new Map<string, AttachmentDoc>();
    const originals = prepared.map((p) => sha256Hex(p.input.bytes));
    const existing = await Attachment.find({
      uploaderId: new Types.ObjectId(uploaderId),
      orgId: new Types.ObjectId(orgId),
      originalSha256: { $in: originals },
    }).lean<AttachmentDoc[]>();
    for (const doc of existing) byOriginal.set(doc.originalSha256, doc);
    const docs: AttachmentDoc[] = [];
    for (const [i, p] of prepared.entries()) {
      if (byOriginal.has(originals[i]!)) continue;
      const { key, size } = await storage.put(p.stored);
      const thumbnailKey = p.thumbnail ? (await storage.put(p.thumbnail)).key : null;
      docs.push({
        _id: new Types.ObjectId(),
        orgId: new Types.ObjectId(p.input.orgId),
        uploaderId: new Types.ObjectId(p.input.uploaderId),
        kind: p.type.kind,
        mime: p.type.mime,
        sha256: key,
        size,
        originalSha256: originals[i]!,
        originalSize: p.input.bytes.length,
        sanitized: p.sanitized,
        originalName: p.name,
        width: p.width,
        height: p.height,
        thumbnailKey,
        createdAt,
      });
      byOriginal.set(originals[i]!, docs[docs.length - 1]!);
    }
    if (docs.length) await Attachment.insertMany(docs);
    for (const doc of docs) {
      await appendAudit({
        orgId: doc.orgId,
        actorId: doc.uploaderId,
        actorRole: options.actorRole ?? null,
        action: 'attachment.upload',
        target: { type: 'attachment', id: String(doc._id) },
        summary: { after: { name: doc.originalName, mime: doc.mime, size: doc.size, sha256: doc.sha256 } },
        meta: options.meta,
        at: createdAt,
      });
    }
    return originals.map((sha) => byOriginal.get(sha)!);
  }

  return {
    limits,
    limitFor,
    storage,
    storeUploads,
    /** Stores one upload; see {@link storeUploads}. */
    async storeUpload(input: UploadInput, options: UploadOptions = {}): Promise<AttachmentDoc> {
      const [doc] = await storeUploads([input], options);
      return doc!;
    },
    /** Loads an attachment record or throws 404. */
    async find(id: string): Promise<AttachmentDoc> {
      const doc = Types.ObjectId.isValid(id) ? await Attachment.findById(id).lean<AttachmentDoc>() : null;
      if (!doc) throw new NotFoundError('附件不存在');
      return doc;
    },
  };
}
