import ExcelJS from 'exceljs';
import { binary } from '../test/binary';
import { startTestApp, type TestApp } from '../test/harness';
import { makeOrgTree, makeResidentUser, makeStaff } from '../users/testing';
import { financeTemplateXlsx } from './finance-template';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());
beforeEach(() => t.reset());

const line = {
  date: '2026-03-02',
  direction: 'income',
  subject: '经营收入',
  description: '承包费',
  amountFen: 500000,
};

describe('GET /finance-statements/template', () => {
  it('downloads the XLSX template anonymously under a Chinese file name', async () => {
    const res = await binary(t.request.get('/api/v1/finance-statements/template')).expect(200);
    expect(res.headers['content-type']).toBe(XLSX_MIME);
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('财务公开表模板.xlsx')}`,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(6).values).toEqual([
      undefined,
      '日期',
      '收支',
      '会计科目',
      '摘要',
      '金额（元）',
      '凭证号',
      '经手人',
    ]);
  });
});

describe('POST /finance-statements/validate', () => {
  it('reports a statement that reconciles as ok with its totals', async () => {
    const res = await t.request
      .post('/api/v1/finance-statements/validate')
      .send({ openingBalanceFen: 100, closingBalanceFen: 500100, lines: [line] })
      .expect(200);
    expect(res.body).toMatchObject({ ok: true, totals: { incomeFen: 500000, expenseFen: 0 }, problems: [] });
  });

  it('reports every faulty row of a statement instead of failing on the first', async () => {
    const res = await t.request
      .post('/api/v1/finance-statements/validate')
      .send({
        openingBalanceFen: 0,
        closingBalanceFen: 0,
        lines: [
          line,
          { ...line, date: '2026-02-30' },
          { ...line, amountFen: -5 },
          { ...line, amountFen: '五元' },
        ],
      })
      .expect(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.problems.map((p: { row: number; field: string }) => [p.row, p.field])).toEqual([
      [2, 'date'],
      [3, 'amountFen'],
      [4, 'amountFen'],
    ]);
  });

  it('refuses a body that is not a statement with 400 VALIDATION_FAILED', async () => {
    const res = await t.request.post('/api/v1/finance-statements/validate').send({ lines: 'x' }).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('POST /finance-statements/parse', () => {
  async function broken(): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await financeTemplateXlsx()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    ws.getCell('A7').value = '2026-02-30';
    ws.getRow(8).values = ['2026-03-06', '支出', '管理费用', '电费', 'abc'];
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it.each([
    ['anonymous', null, 401, 'UNAUTHENTICATED'],
    ['a resident', 'resident', 403, 'FORBIDDEN'],
    ['a supervisor', 'supervisor', 403, 'FORBIDDEN'],
    ['a cadre', 'cadre', 200, undefined],
  ] as const)('answers %s with %i', async (_who, role, status, code) => {
    const { village } = await makeOrgTree();
    let auth: string | undefined;
    if (role === 'resident') auth = await t.bearer(String((await makeResidentUser()).user._id));
    else if (role) auth = await t.bearer(String((await makeStaff([{ role, org: village }])).user._id));
    const req = t.request.post('/api/v1/finance-statements/parse');
    if (auth) req.set('Authorization', auth);
    const res = await req.attach('file', await financeTemplateXlsx(), '模板.xlsx');
    expect(res.status).toBe(status);
    expect(res.body.error?.code).toBe(code);
    if (status === 200) expect(res.body.statement.lines).toHaveLength(1);
  });

  it('names the faulty rows and columns of a broken file', async () => {
    const { village } = await makeOrgTree();
    const auth = await t.bearer(String((await makeStaff([{ role: 'cadre', org: village }])).user._id));
    const res = await t.request
      .post('/api/v1/finance-statements/parse')
      .set('Authorization', auth)
      .attach('file', await broken(), 'broken.xlsx')
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details).toEqual([
      { path: 'A7', message: '第7行「日期」：日期应写成 2026-03-05 这样的真实日期' },
      { path: 'E8', message: '第8行「金额（元）」：金额应为数字（单位：元，最多两位小数）' },
    ]);
  });

  it.each([
    ['a file that is not XLSX', Buffer.from('<html></html>'), 400, 'VALIDATION_FAILED'],
    [
      'a file over 5 MB',
      Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(5 * 1024 * 1024)]),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
  ])('refuses %s', async (_case, bytes, status, code) => {
    const { village } = await makeOrgTree();
    const auth = await t.bearer(String((await makeStaff([{ role: 'cadre', org: village }])).user._id));
    const res = await t.request
      .post('/api/v1/finance-statements/parse')
      .set('Authorization', auth)
      .attach('file', bytes, 'x.xlsx');
    expect([res.status, res.body.error.code]).toEqual([status, code]);
  });

  it('refuses a request that is not multipart', async () => {
    const { village } = await makeOrgTree();
    const auth = await t.bearer(String((await makeStaff([{ role: 'cadre', org: village }])).user._id));
    const res = await t.request
      .post('/api/v1/finance-statements/parse')
      .set('Authorization', auth)
      .send({})
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});
