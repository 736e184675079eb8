import ExcelJS from 'exceljs';
import { AuditEntry } from '../audit/audit.model';
import { binary } from '../test/binary';
import type { IdentityTestApp } from '../test/identity-app';
import { useIdentityAppWorld, type IdentityWorld } from '../test/identity-world';
import { User } from '../users/user.model';
import { registryCounts } from './registry-links';
import { Resident } from './resident.model';
import { Verification } from './verification.model';

const GOOD_CSV = [
  '姓名,身份证后四位,手机号,户号,是否村民代表',
  '赵大勇,2345,13612345678,DS-101,是',
  '钱二妹,8888,,DS-101,否',
  '孙小山,0427,,DS-102,否',
].join('\n');

async function xlsxOf(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名册');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readXlsx(buffer: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((row) =>
    rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))),
  );
  return rows;
}

describe('the resident registry over HTTP', () => {
  let h: IdentityTestApp;
  let w: IdentityWorld;
  let cadre: string;
  let village: string;
  useIdentityAppWorld(async (app, world) => {
    [h, w] = [app, world];
    cadre = await h.t.bearer(String(w.users.cadre._id));
    village = String(w.orgs.village._id);
  });

  const importCsv = (csv: string, query = '') =>
    h.t.request
      .post(`/api/v1/orgs/${village}/residents/import${query}`)
      .set('Authorization', cadre)
      .set('Content-Type', 'text/csv; charset=utf-8')
      .send(csv);

  it('imports a CSV sent as the request body, replacing the previous registry', async () => {
    const res = await importCsv(GOOD_CSV);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ imported: 3, replaced: 3 });
    const active = await Resident.find({ orgId: w.orgs.village._id, active: true }).lean();
    expect(active.map((r) => r.name).sort()).toEqual(['孙小山', '赵大勇', '钱二妹']);
    // The phone is kept only as a keyed hash and a mask.
    const zhao = active.find((r) => r.name === '赵大勇')!;
    expect(zhao).toMatchObject({ phoneMasked: '136****5678' });
    expect(JSON.stringify(zhao)).not.toContain('13612345678');
    expect(await AuditEntry.countDocuments({ action: 'registry.import' })).toBe(1);
  });

  it('imports an XLSX uploaded as multipart/form-data (append mode keeps the old entries)', async () => {
    const file = await xlsxOf([
      ['姓名', '身份证后四位', '户号'],
      ['周八', '1111', 'DS-201'],
    ]);
    const res = await h.t.request
      .post(`/api/v1/orgs/${village}/residents/import?mode=append`)
      .set('Authorization', cadre)
      .attach('file', file, '名册.xlsx');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ imported: 1, replaced: 0 });
    expect(await Resident.countDocuments({ orgId: w.orgs.village._id, active: true })).toBe(4);
  });

  it('refuses a file with bad rows with 400, every row error in details, and stores nothing', async () => {
    const before = await Resident.find().lean();
    const res = await importCsv(
      [
        '姓名,身份证后四位,手机号,户号',
        '赵大勇,23,13612345678,DS-101',
        ',8888,,DS-101',
        '孙小山,0427,12345,DS-102',
      ].join('\n'),
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: '名册有 3 处错误，未导入任何数据',
    });
    expect(res.body.error.details).toEqual([
      { path: '第2行.身份证后四位', message: '身份证后四位应为 4 位数字（最后一位可为 X）' },
      { path: '第3行.姓名', message: '姓名不能为空' },
      { path: '第4行.手机号', message: '手机号应为 11 位手机号码' },
    ]);
    expect(await Resident.find().lean()).toEqual(before);
    expect(await AuditEntry.countDocuments({ action: 'registry.import' })).toBe(0);
  });

  it.each([
    ['an empty body', '', '上传的文件是空的'],
    [
      'an old binary .xls',
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]),
      '不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后上传',
    ],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_what, body, message) => {
    const res = await h.t.request
      .post(`/api/v1/orgs/${village}/residents/import`)
      .set('Authorization', cadre)
      .set('Content-Type', 'application/octet-stream')
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message });
    expect(await Resident.countDocuments()).toBe(3);
  });

  it('refuses a multipart form without a file (400) and a multipart file over 5 MB (413)', async () => {
    const empty = await h.t.request
      .post(`/api/v1/orgs/${village}/residents/import`)
      .set('Authorization', cadre)
      .field('note', '名册');
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: '请选择要上传的名册文件' });
    const big = await h.t.request
      .post(`/api/v1/orgs/${village}/residents/import`)
      .set('Authorization', cadre)
      .attach('file', Buffer.alloc(5 * 1024 * 1024 + 1, 0x41), 'big.csv');
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await Resident.countDocuments()).toBe(3);
  });

  it('refuses a file over 5 MB with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await importCsv('姓名,身份证后四位,户号\n' + 'x'.repeat(5 * 1024 * 1024 + 10));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await Resident.countDocuments()).toBe(3);
  });

  it('lists the registry with masked phones, filtered and paginated', async () => {
    const res = await h.t.request
      .get(`/api/v1/orgs/${village}/residents?representative=true&pageSize=10`)
      .set('Authorization', cadre);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 1, page: 1, pageSize: 10 });
    expect(res.body.items[0]).toMatchObject({
      name: '张三丰',
      phoneMasked: '138****5678',
      isRepresentative: true,
    });
  });

  it('edits an entry (audited with before and after) but not one of another village (404)', async () => {
    const target = String(w.residents[1]!._id);
    const res = await h.t.request
      .patch(`/api/v1/orgs/${village}/residents/${target}`)
      .set('Authorization', cadre)
      .send({ phone: '13712345678', isRepresentative: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ phoneMasked: '137****5678', isRepresentative: true });
    const entry = await AuditEntry.findOne({ action: 'registry.update' }).lean();
    expect(entry!.summary).toMatchObject({
      before: { isRepresentative: false },
      after: { isRepresentative: true },
    });

    const wrongOrg = await h.t.request
      .patch(`/api/v1/orgs/${String(w.orgs.sibling._id)}/residents/${target}`)
      .set('Authorization', await h.t.bearer(String(w.users.siblingCadre._id)))
      .send({ name: '改名' });
    expect(wrongOrg.status).toBe(404);
    expect(wrongOrg.body.error.code).toBe('NOT_FOUND');
    expect((await Resident.findById(target).lean())!.name).toBe('李四');
  });

  it('exports the registry as XLSX with masked phones', async () => {
    const res = await binary(
      h.t.request.get(`/api/v1/orgs/${village}/residents/export`).set('Authorization', cadre),
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(
      encodeURIComponent('村民名册-东山村-2026-03-02.xlsx'),
    );
    const rows = await readXlsx(res.body as Buffer);
    expect(rows[0]).toEqual(['姓名', '身份证后四位', '手机号', '户号', '是否村民代表', '是否成年']);
    expect(rows).toContainEqual(['张三丰', '1234', '138****5678', 'DS-001', '是', '是']);
    expect(rows).toHaveLength(4);
  });

  it('serves an import template whose header row the importer accepts', async () => {
    const res = await binary(
      h.t.request.get(`/api/v1/orgs/${village}/residents/template`).set('Authorization', cadre),
    );
    expect(res.status).toBe(200);
    const [header] = await readXlsx(res.body as Buffer);
    const filled = await xlsxOf([header!, ['吴九', '9999', '', 'DS-301', '否', '是']]);
    const imported = await h.t.request
      .post(`/api/v1/orgs/${village}/residents/import`)
      .set('Authorization', cadre)
      .attach('file', filled, 'filled.xlsx');
    expect(imported.status).toBe(201);
    expect(imported.body.imported).toBe(1);
  });
});

describe('resident verification over HTTP', () => {
  let h: IdentityTestApp;
  let w: IdentityWorld;
  useIdentityAppWorld((app, world) => {
    [h, w] = [app, world];
  });

  it('runs request → cadre approves → GET /me shows the verified resident scope', async () => {
    const resident = await h.t.bearer(String(w.users.resident._id));
    const cadre = await h.t.bearer(String(w.users.cadre._id));
    const village = String(w.orgs.village._id);
    const countsBefore = await registryCounts(village);

    const asked = await h.t.request
      .post(`/api/v1/orgs/${village}/verifications`)
      .set('Authorization', resident)
      .send({ name: '李四', idLast4: '567x' });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: 'pending', matchedResidentId: String(w.residents[1]!._id) });

    const queue = await h.t.request
      .get(`/api/v1/orgs/${village}/verifications?status=pending`)
      .set('Authorization', cadre);
    expect(queue.body.items.map((v: { name: string }) => v.name).sort()).toEqual(['李四', '王五']);

    const approved = await h.t.request
      .post(`/api/v1/verifications/${asked.body.id}/approve`)
      .set('Authorization', cadre)
      .send({});
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');

    const me = await h.t.request.get('/api/v1/me').set('Authorization', resident);
    expect(me.body).toMatchObject({
      user: { name: '李四' },
      roles: ['resident'],
      scopes: [{ role: 'resident', orgId: village, orgName: '东山村', verified: true }],
    });
    const mine = await h.t.request.get('/api/v1/verifications/mine').set('Authorization', resident);
    expect(mine.body.items).toEqual([expect.objectContaining({ id: asked.body.id, status: 'approved' })]);
    // The verified resident is one of the registry's villagers the thresholds count.
    const user = await User.findById(w.users.resident._id).lean();
    const resident0 = await Resident.findById(user!.grants[0]!.residentId).lean();
    expect(resident0).toMatchObject({ active: true, isAdult: true, name: '李四' });
    expect(await registryCounts(village)).toEqual(countsBefore);
    expect(countsBefore).toEqual({ villagers: 3, representatives: 1, households: 2 });

    const twice = await h.t.request
      .post(`/api/v1/verifications/${asked.body.id}/approve`)
      .set('Authorization', cadre)
      .send({});
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('INVALID_STATE');
  });

  it('rejects with a reason the resident sees; a reject without reason is 400', async () => {
    const cadre = await h.t.bearer(String(w.users.cadre._id));
    const empty = await h.t.request
      .post(`/api/v1/verifications/${w.verificationId}/reject`)
      .set('Authorization', cadre)
      .send({ reason: ' ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0]).toMatchObject({ path: 'reason', message: '请填写驳回理由' });
    const res = await h.t.request
      .post(`/api/v1/verifications/${w.verificationId}/reject`)
      .set('Authorization', cadre)
      .send({ reason: '身份信息不符，请到村委会核实' });
    expect(res.status).toBe(200);
    const mine = await h.t.request
      .get('/api/v1/verifications/mine')
      .set('Authorization', await h.t.bearer(String(w.users.applicant._id)));
    expect(mine.body.items[0]).toMatchObject({ status: 'rejected', reason: '身份信息不符，请到村委会核实' });
    expect(await User.findById(w.users.applicant._id).lean()).toMatchObject({ grants: [] });
  });

  it('refuses a request without ID tail or phone (400, Chinese) and stores nothing', async () => {
    const res = await h.t.request
      .post(`/api/v1/orgs/${String(w.orgs.village._id)}/verifications`)
      .set('Authorization', await h.t.bearer(String(w.users.resident._id)))
      .send({ name: '李四' });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].message).toBe('请填写身份证后四位或手机号');
    expect(await Verification.countDocuments({ userId: w.users.resident._id })).toBe(0);
  });
});
