import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Role } from '@sanwu/shared';
import { AuditEntry } from '../audit/audit.model';
import { binary } from '../test/binary';
import { startTestApp, type TestApp } from '../test/harness';
import { makeOrgTree, makeResidentUser, makeStaff } from '../users/testing';
import { registerAttachmentPublicCheck, unregisterAttachmentPublicCheck } from './attachment-access';
import { Attachment } from './attachment.model';
import { IMPOSTORS, jpegWithExifFixture, pdfFixture, pngFixture, webpFixture } from './attachments.testing';

let t: TestApp;
let uploadDir: string;
let tree: Awaited<ReturnType<typeof makeOrgTree>>;
const publicIds = new Set<string>();

beforeAll(async () => {
  uploadDir = await mkdtemp(path.join(tmpdir(), 'sanwu-uploads-'));
  t = await startTestApp({ env: { UPLOAD_DIR: uploadDir } });
  registerAttachmentPublicCheck('test', async (id) => publicIds.has(id));
});
afterAll(async () => {
  unregisterAttachmentPublicCheck('test');
  await t.stop();
  await rm(uploadDir, { recursive: true, force: true });
});
beforeEach(async () => {
  await t.reset();
  await rm(uploadDir, { recursive: true, force: true });
  publicIds.clear();
  tree = await makeOrgTree();
});

/** Every blob file under the upload dir (temp files included). */
async function storedFiles(): Promise<string[]> {
  const entries = await readdir(uploadDir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

async function cadre() {
  return makeStaff([{ role: 'cadre', org: tree.village }]);
}

function upload(auth: string, files: [Buffer, string][], query = `orgId=${String(tree.village._id)}`) {
  const req = t.request.post(`/api/v1/attachments?${query}`).set('Authorization', auth);
  for (const [bytes, name] of files) req.attach('file', bytes, name);
  return req;
}

describe('POST /attachments', () => {
  it('stores a PNG, a WebP and a PDF with their real types, a thumbnail for images, and audits each', async () => {
    const { user } = await cadre();
    const res = await upload(await t.bearer(String(user._id)), [
      [await pngFixture(), '公开栏照片.png'],
      [await webpFixture(), 'b.webp'],
      [pdfFixture(), '会议纪要.pdf'],
    ]);
    expect(res.status).toBe(201);
    expect(
      res.body.items.map((i: { mime: string; originalName: string; thumbnailUrl: string | null }) => [
        i.mime,
        i.originalName,
        i.thumbnailUrl !== null,
      ]),
    ).toEqual([
      ['image/png', '公开栏照片.png', true],
      ['image/webp', 'b.webp', true],
      ['application/pdf', '会议纪要.pdf', false],
    ]);
    expect(res.body.items[0]).toMatchObject({ width: 64, height: 48, kind: 'image', sanitized: false });
    const docs = await Attachment.find().lean();
    expect(docs).toHaveLength(3);
    expect(
      docs.every(
        (d) => String(d.uploaderId) === String(user._id) && String(d.orgId) === String(tree.village._id),
      ),
    ).toBe(true);
    expect(await storedFiles()).toEqual(expect.arrayContaining(docs.map((d) => d.sha256)));
    expect(await AuditEntry.countDocuments({ action: 'attachment.upload' })).toBe(3);

    const thumb = await binary(
      t.request.get(res.body.items[0].thumbnailUrl).set('Authorization', await t.bearer(String(user._id))),
    ).expect(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(thumb.body as Buffer).metadata()).format).toBe('jpeg');
  });

  it('turns a photo upright by its EXIF orientation and strips its metadata (GPS) before storing', async () => {
    const { user } = await cadre();
    const original = await jpegWithExifFixture(80, 40);
    const res = await upload(await t.bearer(String(user._id)), [[original, 'IMG_0001.JPG']]).expect(201);
    expect(res.body.items[0]).toMatchObject({
      width: 40,
      height: 80,
      sanitized: true,
      originalName: 'IMG_0001.jpg',
    });
    const served = await binary(
      t.request.get(res.body.items[0].url).set('Authorization', await t.bearer(String(user._id))),
    ).expect(200);
    const meta = await sharp(served.body as Buffer).metadata();
    expect([meta.width, meta.height, meta.exif, meta.orientation]).toEqual([40, 80, undefined, undefined]);
    const doc = await Attachment.findById(res.body.items[0].id).lean();
    expect(doc!.originalSha256).not.toBe(doc!.sha256);
  });

  it.each(IMPOSTORS)('refuses %s with 400 and stores nothing', async (_case, bytes, name) => {
    const { user } = await cadre();
    const res = await upload(await t.bearer(String(user._id)), [[bytes, name]]);
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(res.body.error.message).toContain('文件类型不支持');
    expect(await Attachment.countDocuments()).toBe(0);
    expect(await storedFiles()).toEqual([]);
  });

  it('refuses a PNG header followed by garbage as a damaged image', async () => {
    const { user } = await cadre();
    const fake = Buffer.concat([(await pngFixture()).subarray(0, 16), Buffer.alloc(64, 7)]);
    const res = await upload(await t.bearer(String(user._id)), [[fake, 'x.png']]);
    expect([res.status, res.body.error.message]).toEqual([400, '图片已损坏或无法识别：x.png']);
  });

  it('refuses a PDF where only images are asked for (feedback photos)', async () => {
    const { user } = await cadre();
    const res = await upload(
      await t.bearer(String(user._id)),
      [[pdfFixture(), 'a.pdf']],
      `orgId=${String(tree.village._id)}&kind=image`,
    );
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('stores nothing of a batch when one of its files is refused', async () => {
    const { user } = await cadre();
    const res = await upload(await t.bearer(String(user._id)), [
      [await pngFixture(), 'ok.png'],
      [IMPOSTORS[0]![1], 'bad.jpg'],
    ]);
    expect(res.status).toBe(400);
    expect(await Attachment.countDocuments()).toBe(0);
    expect(await storedFiles()).toEqual([]);
  });

  it.each([
    [
      'an image over 10 MB',
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(10 * 1024 * 1024)]),
      'big.jpg',
      '图片不能超过 10 MB',
    ],
    [
      'a PDF over 20 MB',
      Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(20 * 1024 * 1024)]),
      'big.pdf',
      'PDF 文件不能超过 20 MB',
    ],
  ])('cuts %s at the limit with 413 and stores nothing', async (_case, bytes, name, message) => {
    const { user } = await cadre();
    const res = await upload(await t.bearer(String(user._id)), [[bytes, name]]);
    expect([res.status, res.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(res.body.error.message).toContain(message);
    expect(await Attachment.countDocuments()).toBe(0);
    expect(await storedFiles()).toEqual([]);
  });

  it.each([
    ['anonymous', 401, 'UNAUTHENTICATED'],
    ['no files', 400, 'VALIDATION_FAILED'],
    ['an unknown org', 404, 'NOT_FOUND'],
  ])('answers %s with %i', async (which, status, code) => {
    const { user } = await makeResidentUser();
    const auth = await t.bearer(String(user._id));
    const base = t.request.post(
      `/api/v1/attachments?orgId=${which === 'an unknown org' ? '65f0c0ffee0000000000abcd' : String(tree.village._id)}`,
    );
    if (which !== 'anonymous') base.set('Authorization', auth);
    const res =
      which === 'no files'
        ? await base.field('note', 'x')
        : await base.attach('file', await pngFixture(), 'a.png');
    expect([res.status, res.body.error?.code]).toEqual([status, code]);
  });

  it('gives a retried upload the attachment it already made', async () => {
    const { user } = await cadre();
    const auth = await t.bearer(String(user._id));
    const photo = await jpegWithExifFixture();
    const first = await upload(auth, [[photo, 'a.jpg']]).expect(201);
    const again = await upload(auth, [
      [photo, 'a.jpg'],
      [photo, 'a-copy.jpg'],
    ]).expect(201);
    expect(again.body.items.map((i: { id: string }) => i.id)).toEqual([
      first.body.items[0].id,
      first.body.items[0].id,
    ]);
    expect(await Attachment.countDocuments()).toBe(1);
    expect(await AuditEntry.countDocuments({ action: 'attachment.upload' })).toBe(1);
  });

  it('lets a resident upload a feedback photo', async () => {
    const { user } = await makeResidentUser();
    const res = await upload(
      await t.bearer(String(user._id)),
      [[await pngFixture(), 'a.png']],
      `orgId=${String(tree.village._id)}&kind=image`,
    );
    expect(res.status).toBe(201);
  });
});

describe('GET /attachments/:id', () => {
  async function uploaded(): Promise<{ id: string; sha256: string; uploaderId: string }> {
    const { user } = await makeResidentUser();
    const res = await upload(await t.bearer(String(user._id)), [[await pngFixture(), '照片.png']]).expect(
      201,
    );
    return { id: res.body.items[0].id, sha256: res.body.items[0].sha256, uploaderId: String(user._id) };
  }

  type Who = 'anonymous' | 'uploader' | 'other resident' | Role | `sibling ${Role}` | 'township inspector';
  async function authFor(who: Who, uploaderId: string): Promise<string | undefined> {
    if (who === 'anonymous') return undefined;
    if (who === 'uploader') return t.bearer(uploaderId);
    if (who === 'other resident') return t.bearer(String((await makeResidentUser()).user._id));
    if (who === 'township inspector')
      return t.bearer(String((await makeStaff([{ role: 'inspector', org: tree.township }])).user._id));
    const [org, role] = who.startsWith('sibling ')
      ? [tree.sibling, who.slice(8) as Role]
      : [tree.village, who as Role];
    return t.bearer(String((await makeStaff([{ role, org }])).user._id));
  }

  it.each<[Who, number, number]>([
    ['anonymous', 401, 200],
    ['uploader', 200, 200],
    ['other resident', 403, 200],
    ['cadre', 200, 200],
    ['supervisor', 200, 200],
    ['township inspector', 200, 200],
    ['admin', 403, 200],
    ['sibling cadre', 403, 200],
    ['sibling supervisor', 403, 200],
  ])('answers %s with %i while private and %i once public', async (who, privateStatus, publicStatus) => {
    const a = await uploaded();
    const auth = await authFor(who, a.uploaderId);
    const get = () => {
      const req = t.request.get(`/api/v1/attachments/${a.id}`);
      return auth ? req.set('Authorization', auth) : req;
    };
    const before = await get();
    expect(before.status).toBe(privateStatus);
    if (privateStatus === 401) expect(before.body.error.code).toBe('UNAUTHENTICATED');
    if (privateStatus === 403) expect(before.body.error.code).toBe('FORBIDDEN');
    publicIds.add(a.id);
    expect((await get()).status).toBe(publicStatus);
  });

  it('serves a public file with its type, name, ETag and year-long immutable caching, and 304 when unchanged', async () => {
    const a = await uploaded();
    publicIds.add(a.id);
    const res = await binary(t.request.get(`/api/v1/attachments/${a.id}`)).expect(200);
    expect(res.headers).toMatchObject({
      'content-type': 'image/png',
      etag: `"${a.sha256}"`,
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
    expect(res.headers['content-disposition']).toBe(
      `inline; filename="??.png"; filename*=UTF-8''${encodeURIComponent('照片.png')}`,
    );
    expect(res.body).toEqual(await pngFixture());
    const again = await t.request.get(`/api/v1/attachments/${a.id}`).set('If-None-Match', `"${a.sha256}"`);
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');
  });

  it('marks a private file as private and still answers 304 to its uploader', async () => {
    const a = await uploaded();
    const auth = await t.bearer(a.uploaderId);
    const res = await t.request.get(`/api/v1/attachments/${a.id}`).set('Authorization', auth).expect(200);
    expect(res.headers['cache-control']).toBe('private, no-cache');
    await t.request
      .get(`/api/v1/attachments/${a.id}`)
      .set('Authorization', auth)
      .set('If-None-Match', res.headers.etag!)
      .expect(304);
  });

  it.each([
    ['an unknown id', '/api/v1/attachments/65f0c0ffee0000000000abcd', 404, 'NOT_FOUND'],
    ['a malformed id', '/api/v1/attachments/x', 400, 'VALIDATION_FAILED'],
  ])('answers %s with an error', async (_case, url, status, code) => {
    const res = await t.request.get(url);
    expect([res.status, res.body.error.code]).toEqual([status, code]);
  });

  it('answers 404 for the thumbnail of a PDF', async () => {
    const { user } = await cadre();
    const auth = await t.bearer(String(user._id));
    const res = await upload(auth, [[pdfFixture(), 'a.pdf']]).expect(201);
    const thumb = await t.request
      .get(`/api/v1/attachments/${res.body.items[0].id}/thumbnail`)
      .set('Authorization', auth);
    expect([thumb.status, thumb.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });
});
