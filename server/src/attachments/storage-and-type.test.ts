import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cleanFileName } from './attachment.service';
import { IMPOSTORS, pdfFixture, pngFixture, webpFixture } from './attachments.testing';
import { LocalDiskStorage, sha256Hex } from './blob-storage';
import { sniffType } from './file-type';

describe('sniffType', () => {
  it.each([
    ['a PNG', () => pngFixture(), 'image/png'],
    ['a WebP', () => webpFixture(), 'image/webp'],
    ['a JPEG', async () => Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0, 0]), 'image/jpeg'],
    ['a PDF', async () => pdfFixture(), 'application/pdf'],
  ])('recognises %s from its bytes', async (_case, make, mime) => {
    expect(sniffType(await make())?.mime).toBe(mime);
  });

  it.each([
    ...IMPOSTORS.map(([name, bytes]) => [name, bytes] as const),
    ['an empty file', Buffer.alloc(0)] as const,
  ])('recognises nothing in %s', (_case, bytes) => {
    expect(sniffType(bytes)).toBeNull();
  });
});

describe('cleanFileName', () => {
  it.each([
    ['照片.JPG', 'jpg', '照片.jpg'],
    ['C:\\Users\\a\\报告.exe', 'pdf', '报告.pdf'],
    ['../../etc/passwd', 'png', 'passwd.png'],
    ['a"b<c>.png', 'png', 'abc.png'],
    ['', 'webp', '附件.webp'],
    ['.jpg', 'jpg', '附件.jpg'],
  ])('turns %p into %p', (name, ext, expected) => {
    expect(cleanFileName(name, ext)).toBe(expected);
  });
});

describe('LocalDiskStorage', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'sanwu-blobs-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('stores bytes under their SHA-256, once, and leaves no temp file behind', async () => {
    const storage = new LocalDiskStorage(root);
    const bytes = Buffer.from('公开栏照片');
    const first = await storage.put(bytes);
    const second = await storage.put(bytes);
    expect(first).toEqual({ key: sha256Hex(bytes), size: bytes.length });
    expect(second).toEqual(first);
    const key = first.key;
    expect(await readFile(path.join(root, key.slice(0, 2), key.slice(2, 4), key))).toEqual(bytes);
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
    expect(await storage.read(key)).toEqual(bytes);
    expect(await storage.stat(key)).toEqual({ size: bytes.length });
  });

  it.each([
    ['an unknown key', 'a'.repeat(64)],
    ['a key that tries to leave the root', '../../etc/passwd'],
  ])('answers 404 for %s', async (_case, key) => {
    const storage = new LocalDiskStorage(root);
    await expect(storage.open(key)).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});
