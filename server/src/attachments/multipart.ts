import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { PayloadTooLargeError, ValidationError } from '@sanwu/shared';

// Streaming multipart reader. Each file is read chunk by chunk and cut as soon as it passes
// its limit (which may depend on its first bytes: images and PDFs have different limits), so
// an oversize upload is never held in memory beyond the limit.

export interface UploadedFile {
  field: string;
  /** The name the client gave; only shown back, never trusted for the type. */
  filename: string;
  bytes: Buffer;
}

export interface MultipartLimits {
  maxFiles: number;
  /** Largest file of any kind: the hard cap applied before the type is known. */
  maxFileBytes: number;
  /** The limit of one file once its first bytes are known (defaults to maxFileBytes). */
  limitFor?: (head: Buffer) => { bytes: number; label: string };
  /** Largest whole request. */
  maxTotalBytes: number;
}

export interface MultipartResult {
  files: UploadedFile[];
  fields: Record<string, string>;
}

const HEAD_BYTES = 32;
/** A size limit for people: "10 MB", "512 KB". */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Reads a multipart/form-data request; 400 when it is not one, 413 when a limit is passed. */
export function readMultipart(req: IncomingMessage, limits: MultipartLimits): Promise<MultipartResult> {
  if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
    return Promise.reject(new ValidationError('请以 multipart/form-data 方式上传文件'));
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limits.maxTotalBytes) {
    req.resume(); // discard, so the connection can carry the answer
    return Promise.reject(new PayloadTooLargeError(`上传内容超过 ${formatSize(limits.maxTotalBytes)}`));
  }
  return new Promise((resolve, reject) => {
    const files: UploadedFile[] = [];
    const fields: Record<string, string> = {};
    let total = 0;
    let settled = false;
    let bb: busboy.Busboy;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      req.unpipe(bb);
      req.resume(); // drain the rest without keeping it
      reject(err);
    };
    try {
      bb = busboy({
        headers: req.headers,
        defParamCharset: 'utf8', // Chinese file names from browsers and wx.uploadFile
        limits: {
          files: limits.maxFiles,
          // One byte over, so our own check (with the kind's label) sees the overflow first.
          fileSize: limits.maxFileBytes + 1,
          fields: 20,
          fieldSize: 4096,
          parts: limits.maxFiles + 20,
        },
      });
    } catch {
      reject(new ValidationError('上传内容格式不正确'));
      return;
    }
    bb.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let limit: { bytes: number; label: string } | undefined;
      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        total += chunk.length;
        chunks.push(chunk);
        if (!limit && limits.limitFor && (size >= HEAD_BYTES || stream.readableEnded)) {
          limit = limits.limitFor(Buffer.concat(chunks).subarray(0, HEAD_BYTES));
        }
        const cap = limit ?? { bytes: limits.maxFileBytes, label: '文件' };
        if (size > cap.bytes)
          fail(new PayloadTooLargeError(`${cap.label}不能超过 ${formatSize(cap.bytes)}：${info.filename}`));
        else if (total > limits.maxTotalBytes)
          fail(new PayloadTooLargeError(`上传内容超过 ${formatSize(limits.maxTotalBytes)}`));
      });
      // busboy signals its hard cap before the last chunks reach 'data', which then fails with the
      // kind's own limit; 'end' catches a truncation that got past it.
      let truncated = false;
      stream.on('limit', () => {
        truncated = true;
      });
      stream.on('end', () => {
        if (settled) return;
        if (truncated) {
          fail(new PayloadTooLargeError(`文件不能超过 ${formatSize(limits.maxFileBytes)}：${info.filename}`));
          return;
        }
        const bytes = Buffer.concat(chunks);
        const cap = limits.limitFor?.(bytes.subarray(0, HEAD_BYTES));
        if (cap && bytes.length > cap.bytes) {
          fail(new PayloadTooLargeError(`${cap.label}不能超过 ${formatSize(cap.bytes)}：${info.filename}`));
          return;
        }
        files.push({ field, filename: info.filename ?? '', bytes });
      });
    });
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('filesLimit', () => fail(new ValidationError(`一次最多上传 ${limits.maxFiles} 个文件`)));
    bb.on('error', () => fail(new ValidationError('上传内容格式不正确')));
    bb.on('close', () => {
      if (settled) return;
      settled = true;
      resolve({ files, fields });
    });
    req.on('aborted', () => fail(new ValidationError('上传已中断')));
    req.pipe(bb);
  });
}
