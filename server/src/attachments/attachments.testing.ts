// Fixtures for attachment tests: real images made with sharp, a minimal PDF, and impostors.
import sharp from 'sharp';

export async function pngFixture(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 0.5 } } })
    .png()
    .toBuffer();
}

/** A JPEG whose EXIF says "rotate 90°" and that carries a GPS position. */
export async function jpegWithExifFixture(width = 80, height = 40): Promise<Buffer> {
  const base = await sharp({ create: { width, height, channels: 3, background: '#3060c0' } })
    .jpeg()
    .toBuffer();
  return sharp(base)
    .withMetadata({ orientation: 6 })
    .withExifMerge({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 15/1 0/1' } })
    .jpeg()
    .toBuffer();
}

export async function webpFixture(): Promise<Buffer> {
  return sharp({ create: { width: 30, height: 30, channels: 3, background: '#20a040' } })
    .webp()
    .toBuffer();
}

/** The smallest well-formed one-page PDF. */
export function pdfFixture(): Buffer {
  return Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
      '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
    'latin1',
  );
}

export const IMPOSTORS: [string, Buffer, string][] = [
  ['HTML named .jpg', Buffer.from('<!doctype html><script>alert(1)</script>'), 'photo.jpg'],
  [
    'a Windows executable named .jpg',
    Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(200)]),
    'photo.jpg',
  ],
  [
    'an SVG named .png',
    Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    'a.png',
  ],
  ['a ZIP named .pdf', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]), 'a.pdf'],
];
