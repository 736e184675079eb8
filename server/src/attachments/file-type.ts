// What a file really is, from its first bytes (magic numbers), never from its name or the
// client's Content-Type. Only the four formats we accept are recognised; everything else
// (HTML, scripts, executables, SVG, Office files renamed to .jpg) is "unknown" and refused.
//
// NOTE: a small table instead of the `file-type` package: its current versions are ESM-only
// (the server is CommonJS and jest runs it as CommonJS), and we need four signatures, not 150.

export type AttachmentKind = 'image' | 'pdf';

export interface SniffedType {
  kind: AttachmentKind;
  mime: 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';
  ext: 'jpg' | 'png' | 'webp' | 'pdf';
  /** sharp's format name, to check the decoder agrees. */
  format: 'jpeg' | 'png' | 'webp' | 'pdf';
}

const ascii = (bytes: Buffer, start: number, text: string) =>
  bytes.length >= start + text.length && bytes.toString('latin1', start, start + text.length) === text;

/** The type of a file from its first bytes (12 suffice), or null when it is none we accept. */
export function sniffType(head: Buffer): SniffedType | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) {
    return { kind: 'image', mime: 'image/jpeg', ext: 'jpg', format: 'jpeg' };
  }
  if (ascii(head, 0, '\x89PNG\r\n\x1a\n'))
    return { kind: 'image', mime: 'image/png', ext: 'png', format: 'png' };
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) {
    return { kind: 'image', mime: 'image/webp', ext: 'webp', format: 'webp' };
  }
  if (ascii(head, 0, '%PDF-')) return { kind: 'pdf', mime: 'application/pdf', ext: 'pdf', format: 'pdf' };
  return null;
}

/** Chinese name of each kind for messages. */
export const KIND_LABELS: Readonly<Record<AttachmentKind, string>> = { image: '图片', pdf: 'PDF 文件' };
