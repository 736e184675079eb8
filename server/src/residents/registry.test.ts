import ExcelJS from 'exceljs';
import { ForbiddenError, ZResident } from '@sanwu/shared';
import { AuditEntry } from '../audit/audit.model';
import { makeOrgTree, makeStaff, useIdentityDb } from '../users/testing';
import { hashPhone } from './phone';
import { Resident } from './resident.model';
import { createRegistryService, registryCounts, RegistryImportError } from './registry.service';

useIdentityDb();

const SECRET = 'phone-secret-for-tests';
const registry = createRegistryService({ phoneSecret: SECRET, now: () => new Date('2026-03-02T02:00:00Z') });
const page = { page: 1, pageSize: 100 };

const GOOD_CSV = [
  '姓名,身份证后四位,手机号,户号,是否村民代表',
  '张三丰,1234,13812345678,001,是',
  '李四,567X,,001,否',
  '王五,0001,139 0000 1111,002,',
  '欧阳娜娜,4321,,003,是',
].join('\n');

async function xlsx(rows: (string | number | Date)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名册');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function setup() {
  const tree = await makeOrgTree();
  const cadre = await makeStaff([{ role: 'cadre', org: tree.village }]);
  return { ...tree, cadre: cadre.actor };
}

const importError = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected the import to fail');
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(RegistryImportError);
      return (e as RegistryImportError).rowErrors;
    },
  );

describe('registry import', () => {
  it('imports a good CSV, storing only a hash and a mask of each phone', async () => {
    const { village, cadre } = await setup();
    const result = await registry.importRegistry(cadre, String(village._id), {
      buffer: Buffer.from(GOOD_CSV),
      format: 'csv',
    });
    expect(result).toMatchObject({ imported: 4, replaced: 0 });
    const zhang = await Resident.findOne({ name: '张三丰' }).lean();
    expect(zhang).toMatchObject({
      idLast4: '1234',
      household: '001',
      isRepresentative: true,
      isAdult: true,
      active: true,
      phoneMasked: '138****5678',
      phoneHash: hashPhone('13812345678', SECRET),
    });
    expect(JSON.stringify(await Resident.find().lean())).not.toContain('13812345678');
    expect(await registryCounts(String(village._id))).toEqual({
      villagers: 4,
      representatives: 2,
      households: 3,
    });
    expect(await AuditEntry.countDocuments({ action: 'registry.import' })).toBe(1);
  });

  it('imports a GBK-encoded CSV as Excel saves it', async () => {
    const { village, cadre } = await setup();
    // GBK bytes of "姓名,身份证后四位,户号\n张三,1234,001\n" (Node has no GBK encoder).
    const bytes = Buffer.from(
      'd0d5c3fb2cc9edb7ddd6a4baf3cbc4cebb2cbba7bac50ad5c5c8fd2c313233342c3030310a',
      'hex',
    );
    await registry.importRegistry(cadre, String(village._id), { buffer: bytes, format: 'csv' });
    expect(await Resident.findOne({ orgId: village._id }).lean()).toMatchObject({
      name: '张三',
      idLast4: '1234',
    });
  });

  it('imports a good XLSX with full ID numbers, keeping only the last 4 and deriving adulthood', async () => {
    const { village, cadre } = await setup();
    const buffer = await xlsx([
      ['姓名', '身份证号', '户号', '是否村民代表', '出生日期'],
      ['赵六', '110101199003071234', '010', '否', ''],
      ['孙七', '11010120100101567x', '010', '否', ''],
      ['周八', '110101199001011111', '011', '是', new Date('1990-01-01')],
      ['吴九', '110101200803031115', '012', '否', ''],
      [],
    ]);
    const result = await registry.importRegistry(cadre, String(village._id), { buffer, format: 'xlsx' });
    expect(result.imported).toBe(4);
    const rows = await Resident.find({ orgId: village._id }).sort({ name: 1 }).lean();
    expect(rows.map((r) => [r.name, r.idLast4, r.isAdult])).toEqual(
      expect.arrayContaining([
        ['赵六', '1234', true],
        ['孙七', '567X', false],
        ['周八', '1111', true],
        ['吴九', '1115', false], // turns 18 on 2026-03-03, the day after the import
      ]),
    );
    expect(JSON.stringify(rows)).not.toContain('110101');
  });

  it.each([
    [
      'bad cells in several rows',
      [
        '姓名,身份证后四位,手机号,户号,是否村民代表',
        '张三,12a4,13812345678,001,是',
        ',1234,,002,否',
        '李四,5678,12345,003,也许',
      ].join('\n'),
      [
        { row: 2, column: '身份证后四位', message: '身份证后四位应为 4 位数字（最后一位可为 X）' },
        { row: 3, column: '姓名', message: '姓名不能为空' },
        { row: 4, column: '手机号', message: '手机号应为 11 位手机号码' },
        { row: 4, column: '是否村民代表', message: '“是否村民代表”请填写“是”或“否”' },
      ],
    ],
    [
      'a missing column',
      ['姓名,手机号', '张三,13812345678'].join('\n'),
      [
        { row: 1, column: '户号', message: '缺少“户号”列' },
        { row: 1, column: '身份证后四位', message: '缺少“身份证后四位”或“身份证号”列' },
      ],
    ],
    [
      'a duplicated person',
      ['姓名,身份证后四位,户号', '张三,1234,001', '张三,1234,002'].join('\n'),
      [{ row: 3, column: '姓名', message: '与第 2 行重复（姓名和身份证后四位相同）' }],
    ],
    ['only a header', '姓名,身份证后四位,户号\n', [{ row: 2, column: '', message: '文件中没有数据行' }]],
  ])('refuses a CSV with %s, reporting each row and writing nothing', async (_what, csv, expected) => {
    const { village, cadre } = await setup();
    await registry.importRegistry(cadre, String(village._id), {
      buffer: Buffer.from(GOOD_CSV),
      format: 'csv',
    });
    const before = await Resident.find().lean();
    const errors = await importError(
      registry.importRegistry(cadre, String(village._id), { buffer: Buffer.from(csv), format: 'csv' }),
    );
    expect(errors).toEqual(expected);
    expect(await Resident.find().lean()).toEqual(before);
  });

  it('refuses an XLSX whose ID numbers Excel stored as numbers (digits lost)', async () => {
    const { village, cadre } = await setup();
    const buffer = await xlsx([
      ['姓名', '身份证号', '户号'],
      ['赵六', Number('110101199003071234'), '010'], // what Excel does to a long number
    ]);
    const errors = await importError(
      registry.importRegistry(cadre, String(village._id), { buffer, format: 'xlsx' }),
    );
    expect(errors).toEqual([{ row: 2, column: '身份证号', message: expect.stringContaining('文本格式') }]);
    expect(await Resident.countDocuments()).toBe(0);
  });

  it('refuses a file that is not a spreadsheet', async () => {
    const { village, cadre } = await setup();
    const errors = await importError(
      registry.importRegistry(cadre, String(village._id), {
        buffer: Buffer.from('not a zip'),
        format: 'xlsx',
      }),
    );
    expect(errors[0]!.message).toContain('Excel');
  });

  it('replaces the previous registry, keeping the old entries inactive', async () => {
    const { village, cadre } = await setup();
    await registry.importRegistry(cadre, String(village._id), {
      buffer: Buffer.from(GOOD_CSV),
      format: 'csv',
    });
    const second = await registry.importRegistry(cadre, String(village._id), {
      buffer: Buffer.from('姓名,身份证后四位,户号\n新人,9999,100\n'),
      format: 'csv',
    });
    expect(second).toMatchObject({ imported: 1, replaced: 4 });
    expect(await Resident.countDocuments({ active: true })).toBe(1);
    expect(await Resident.countDocuments({ active: false })).toBe(4);
  });

  it('refuses a cadre of another village', async () => {
    const { sibling, cadre } = await setup();
    await expect(
      registry.importRegistry(cadre, String(sibling._id), { buffer: Buffer.from(GOOD_CSV), format: 'csv' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('registry list, edit and export', () => {
  it('lists with masked phones, filters and pages', async () => {
    const { village, cadre } = await setup();
    await registry.importRegistry(cadre, String(village._id), {
      buffer: Buffer.from(GOOD_CSV),
      format: 'csv',
    });
    const all = await registry.listRegistry(cadre, String(village._id), {}, page);
    expect(all.total).toBe(4);
    expect(all.items[0]).not.toHaveProperty('phoneHash');
    for (const item of all.items) expect(ZResident.parse(item)).toEqual(item);
    expect(
      (await registry.listRegistry(cadre, String(village._id), { q: '娜' }, page)).items.map((r) => r.name),
    ).toEqual(['欧阳娜娜']);
    expect(
      (await registry.listRegistry(cadre, String(village._id), { representative: true }, page)).total,
    ).toBe(2);
    expect(
      (await registry.listRegistry(cadre, String(village._id), {}, { page: 2, pageSize: 3 })).items,
    ).toHaveLength(1);
  });

  it('edits an entry and audits before and after without the phone in clear', async () => {
    const { village, cadre } = await setup();
    await registry.importRegistry(cadre, String(village._id), {
      buffer: Buffer.from(GOOD_CSV),
      format: 'csv',
    });
    const li = await Resident.findOne({ name: '李四' }).lean();
    const updated = await registry.updateResident(cadre, String(li!._id), {
      isRepresentative: true,
      phone: '13700001111',
    });
    expect(updated).toMatchObject({ isRepresentative: true, phoneMasked: '137****1111' });
    const entry = await AuditEntry.findOne({ action: 'registry.update' }).lean();
    expect(entry!.summary).toMatchObject({
      before: { isRepresentative: false },
      after: { isRepresentative: true },
    });
    expect(JSON.stringify(entry)).not.toContain('13700001111');
  });

  it('exports an XLSX with the import headers, masked phones and text-formatted IDs', async () => {
    const { village, cadre } = await setup();
    await registry.importRegistry(cadre, String(village._id), {
      buffer: Buffer.from(GOOD_CSV),
      format: 'csv',
    });
    const buffer = await registry.exportRegistry(cadre, String(village._id));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      '姓名',
      '身份证后四位',
      '手机号',
      '户号',
      '是否村民代表',
      '是否成年',
    ]);
    expect(sheet.rowCount).toBe(5);
    const cells = [2, 3, 4, 5].map((r) => sheet.getRow(r).values as unknown[]);
    expect(cells).toContainEqual([undefined, '张三丰', '1234', '138****5678', '001', '是', '是']);
    expect(sheet.getColumn(2).numFmt).toBe('@');
    expect(await AuditEntry.countDocuments({ action: 'registry.export' })).toBe(1);
  });
});
