import type { IncomingMessage } from 'node:http';
import { PayloadTooLargeError, ValidationError } from '@sanwu/shared';
import { readMultipart } from '../attachments/multipart';
import type { RegistryFormat } from './registry-file';

/** Largest registry file accepted: 5,000 rows of XLSX stay far below this. */
export const MAX_REGISTRY_BYTES = 5 * 1024 * 1024;

const TOO_LARGE = `文件过大，名册文件不能超过 ${MAX_REGISTRY_BYTES / 1024 / 1024} MB`;

/**
 * Which kind of file this is, by its first bytes rather than its name or Content-Type
 * (phones and browsers label CSV files inconsistently): XLSX is a ZIP ("PK"); the old
 * binary .xls is refused with a hint; anything else is read as CSV text.
 */
export function sniffFormat(buffer: Buffer): RegistryFormat {
  if (buffer.length === 0) throw new ValidationError('上传的文件是空的');
  if (buffer[0] === 0x50 && buffer[1] === 0x4b) return 'xlsx';
  if (buffer.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new ValidationError('不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后上传');
  }
  return 'csv';
}

async function readRaw(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => {
    req.resume(); // discard the rest, so the connection can carry the answer
    return new PayloadTooLargeError(TOO_LARGE);
  };
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The one file of a multipart/form-data body (the mini-program's wx.uploadFile, browsers). */
async function readFilePart(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const { files } = await readMultipart(req, {
    maxFiles: 1,
    maxFileBytes: maxBytes,
    maxTotalBytes: maxBytes + 64 * 1024,
  });
  if (!files[0]) throw new ValidationError('请选择要上传的名册文件');
  return files[0].bytes;
}

/** The uploaded registry file, as multipart/form-data or as the raw request body. */
export async function readRegistryUpload(
  req: IncomingMessage,
  maxBytes = MAX_REGISTRY_BYTES,
): Promise<{ buffer: Buffer; format: RegistryFormat }> {
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  const buffer = type.startsWith('multipart/form-data')
    ? await readFilePart(req, maxBytes)
    : await readRaw(req, maxBytes);
  return { buffer, format: sniffFormat(buffer) };
}
