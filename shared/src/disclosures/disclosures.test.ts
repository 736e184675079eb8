import {
  blocksPlainText,
  hasPersonalData,
  maskBlocks,
  REDACTED_TEXT,
  ZBlock,
  ZCreateDisclosure,
  ZDisclosureQuery,
  ZPatchDisclosure,
  ZReview,
  type Block,
} from '..';

const table = (rows: string[][]): Block => ({
  type: 'table',
  columns: [
    { key: 'name', label: '姓名', personal: 'name' },
    { key: 'id', label: '身份证号', personal: 'idNumber' },
    { key: 'bank', label: '银行账号', personal: 'bankAccount' },
    { key: 'phone', label: '电话', personal: 'phone' },
    { key: 'amount', label: '金额' },
  ],
  rows,
});

describe('maskBlocks', () => {
  it.each([
    [
      ['张三丰', '110101199003071234', '6222020200112233445', '13812345678', '100.00'],
      ['张*丰', '****1234', '****3445', '138****5678', '100.00'],
    ],
    [
      ['李四', '11010119850101567x', '62220202', '0571-8888', '5'],
      ['李*', '****567X', '****0202', '****8888', '5'],
    ],
    [
      ['欧阳娜娜', '', REDACTED_TEXT, '', ''],
      ['欧**娜', '', REDACTED_TEXT, '', ''],
    ],
  ])('masks %j as %j', (row, expected) => {
    const [masked] = maskBlocks([table([row])]);
    expect(masked!.type === 'table' && masked!.rows[0]).toEqual(expected);
  });

  it('leaves other blocks and unmarked tables alone, and never mutates', () => {
    const blocks: Block[] = [
      { type: 'paragraph', text: '张三丰 110101199003071234' },
      { type: 'table', columns: [{ key: 'a', label: '甲' }], rows: [['张三丰']] },
      table([['张三丰', '110101199003071234', '', '', '']]),
    ];
    const copy = JSON.parse(JSON.stringify(blocks));
    const masked = maskBlocks(blocks);
    expect(masked[0]).toBe(blocks[0]);
    expect(masked[1]).toBe(blocks[1]);
    expect(blocks).toEqual(copy);
    expect(hasPersonalData(blocks)).toBe(true);
    expect(hasPersonalData(blocks.slice(0, 2))).toBe(false);
  });
});

describe('blocksPlainText', () => {
  it('joins headings, paragraphs, list items, captions, column labels and rows', () => {
    const text = blocksPlainText([
      { type: 'heading', level: 1, text: '一、概况' },
      { type: 'paragraph', text: '本月收支如下。' },
      { type: 'list', ordered: true, items: ['甲', '乙'] },
      { type: 'table', caption: '明细', columns: [{ key: 'a', label: '项目' }], rows: [['电费']] },
    ]);
    expect(text).toBe('一、概况\n本月收支如下。\n甲\n乙\n明细\n项目\n电费');
  });
});

describe('block and operation schemas', () => {
  it.each<[string, unknown, string]>([
    [
      'a table row of the wrong width',
      { type: 'table', columns: [{ key: 'a', label: '甲' }], rows: [['1', '2']] },
      '第 1 行应有 1 个单元格',
    ],
    [
      'duplicate column keys',
      {
        type: 'table',
        columns: [
          { key: 'a', label: '甲' },
          { key: 'a', label: '乙' },
        ],
        rows: [],
      },
      '列标识重复',
    ],
    [
      'an unknown block type',
      { type: 'html', html: '<b>x</b>' },
      '正文块类型应为 paragraph、heading、list 或 table',
    ],
    ['an empty paragraph', { type: 'paragraph', text: '   ' }, '段落不能为空'],
    [
      'an unknown personal kind',
      { type: 'table', columns: [{ key: 'a', label: '甲', personal: 'salary' }], rows: [] },
      '',
    ],
  ])('refuses %s', (_name, block, message) => {
    const result = ZBlock.safeParse(block);
    expect(result.success).toBe(false);
    if (message) expect(result.error!.issues.map((i) => i.message)).toContain(message);
  });

  it('needs a comment to reject but not to approve', () => {
    expect(ZReview.safeParse({ decision: 'approve' }).success).toBe(true);
    expect(ZReview.safeParse({ decision: 'reject', comment: ' ' }).error!.issues[0]!.message).toBe(
      '退回时请写明理由',
    );
  });

  it('refuses an empty patch and an unknown catalogue code', () => {
    expect(ZPatchDisclosure.safeParse({}).error!.issues[0]!.message).toBe('没有要修改的内容');
    const bad = ZCreateDisclosure.safeParse({
      catalogueCode: 'x',
      title: 't',
      blocks: [{ type: 'paragraph', text: 'p' }],
    });
    expect(bad.error!.issues[0]!.path).toEqual(['catalogueCode']);
  });

  it.each([
    [{}, { page: 1, pageSize: 20 }],
    [
      { domain: '', q: '', from: '', page: '2' },
      { page: 2, pageSize: 20 },
    ],
    [
      { domain: 'finance', q: ' 低保 ', from: '2026-03-01' },
      { domain: 'finance', q: '低保', from: '2026-03-01', page: 1, pageSize: 20 },
    ],
  ])('reads the list query %j', (query, expected) => {
    expect(ZDisclosureQuery.parse(query)).toEqual(expected);
  });

  it.each([[{ from: '2026-02-30' }], [{ pageSize: '101' }], [{ domain: 'sports' }]])(
    'refuses the list query %j',
    (query) => {
      expect(ZDisclosureQuery.safeParse(query).success).toBe(false);
    },
  );
});
