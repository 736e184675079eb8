import sharp from 'sharp';
import { ValidationError } from '@sanwu/shared';
import type { SniffedType } from './file-type';

// Images are decoded once on upload: that proves the bytes are the image they claim to be,
// applies the EXIF orientation, and drops metadata (GPS position, device serials) before a
// photo taken at someone's home becomes public.

/** Decompression-bomb guard: a 10 MB upload may not expand into more pixels than this. */
const MAX_PIXELS = 60_000_000;
const THUMB_EDGE = 320;

export interface ProcessedImage {
  /** What is stored and served: the upload itself, or its cleaned re-encoding. */
  bytes: Buffer;
  width: number;
  height: number;
  /** True when the stored image was re-encoded to strip metadata or apply orientation. */
  sanitized: boolean;
  thumbnail: Buffer;
}

const corrupt = (name: string) =>
  new ValidationError(`图片已损坏或无法识别：${name}`, [{ path: 'file', message: name }]);

/** Validates, orients and cleans an image and makes its JPEG thumbnail (≤ 320 px). */
export async function processImage(bytes: Buffer, type: SniffedType, name: string): Promise<ProcessedImage> {
  const input = () => sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' });
  let meta: sharp.Metadata;
  try {
    meta = await input().metadata();
  } catch {
    throw corrupt(name);
  }
  if (meta.format !== type.format || !meta.width || !meta.height) throw corrupt(name);

  // Metadata is only worth a re-encode when there is some: a plain photo is kept byte for byte.
  const needsCleaning = Boolean(meta.exif || meta.xmp || meta.iptc) || (meta.orientation ?? 1) !== 1;
  let stored = bytes;
  let width = meta.width;
  let height = meta.height;
  try {
    if (needsCleaning) {
      let pipeline = input().autoOrient().keepIccProfile();
      if (type.format === 'jpeg') pipeline = pipeline.jpeg({ quality: 92, chromaSubsampling: '4:4:4' });
      else if (type.format === 'png') pipeline = pipeline.png();
      else pipeline = pipeline.webp({ quality: 92 });
      const out = await pipeline.toBuffer({ resolveWithObject: true });
      stored = out.data;
      width = out.info.width;
      height = out.info.height;
    }
    const thumbnail = await sharp(stored, { limitInputPixels: MAX_PIXELS })
      .autoOrient()
      .resize({ width: THUMB_EDGE, height: THUMB_EDGE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 78 })
      .toBuffer();
    return { bytes: stored, width, height, sanitized: needsCleaning, thumbnail };
  } catch {
    // The header was fine but the pixel data is not (a truncated download, a disguised file).
    throw corrupt(name);
  }
}
