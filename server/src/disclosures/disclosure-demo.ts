import { formatYuan, type BlockInput, type CreateDisclosure, type FinanceStatement } from '@sanwu/shared';

// Realistic demo content for the seed: what a village actually pins on its 公开栏 — monthly
// accounts, a subsidy 公示 with the recipients' personal data (masked for the public), party
// dues, the half-year work plan, a tender result that had to be corrected, a homestead approval.

type Body = Omit<CreateDisclosure, 'blocks'> & { blocks: BlockInput[] };

const ym = (period: string) => `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`;

export function financeBody(org: string, period: string, statement: FinanceStatement): Body {
  const income = statement.lines.filter((l) => l.direction === 'income').reduce((a, l) => a + l.amountFen, 0);
  const expense = statement.lines
    .filter((l) => l.direction === 'expense')
    .reduce((a, l) => a + l.amountFen, 0);
  return {
    catalogueCode: 'village-finances',
    period,
    title: `${org}${ym(period)}财务收支情况公开`,
    blocks: [
      { type: 'heading', level: 1, text: '一、收支概况' },
      {
        type: 'paragraph',
        text: `本月收入合计 ${formatYuan(income)} 元，支出合计 ${formatYuan(expense)} 元，月末结余 ${formatYuan(statement.closingBalanceFen)} 元。以上收支已经村务监督委员会逐笔审核。`,
      },
      { type: 'heading', level: 1, text: '二、说明' },
      {
        type: 'list',
        ordered: true,
        items: ['收支明细见下表，原始凭证存村会计室备查。', '对本表如有疑问，可扫码提出质询或到村委会查询。'],
      },
    ],
    finance: statement,
  };
}

/** People for the subsidy list: registry names with made-up, well-formed ID and bank numbers. */
export interface Recipient {
  name: string;
  idLast4: string;
}

export function reliefNoticeBody(org: string, period: string, people: Recipient[]): Body {
  const rows = people.map((p, i) => [
    p.name,
    `330726${1950 + i * 9}0${(i % 9) + 1}1${i % 10}${p.idLast4}`,
    `621700330${String(100_000 + i * 7_919)}${p.idLast4.replace('X', '0')}`,
    ['3', '2', '4', '1'][i % 4]!,
    ['1,260.00', '840.00', '1,680.00', '420.00'][i % 4]!,
    ['因病致贫', '独居老人', '残疾', '因灾'][i % 4]!,
  ]);
  return {
    catalogueCode: 'village-relief-funds',
    period,
    publicNoticeDays: 7,
    title: `${org}${ym(period)}最低生活保障对象拟保名单公示`,
    blocks: [
      {
        type: 'paragraph',
        text: '经农户申请、村民代表会议民主评议，以下家庭拟纳入最低生活保障，现予公示。公示期内如有异议，请扫码提出或向村监督小组反映。',
      },
      {
        type: 'table',
        caption: '拟保对象名单',
        columns: [
          { key: 'name', label: '户主姓名', personal: 'name' },
          { key: 'idNumber', label: '身份证号', personal: 'idNumber' },
          { key: 'bank', label: '社保卡账号', personal: 'bankAccount' },
          { key: 'size', label: '保障人口' },
          { key: 'amount', label: '月保障金（元）' },
          { key: 'reason', label: '致贫原因' },
        ],
        rows,
      },
    ],
  };
}

export function partyDuesBody(org: string, quarter: string, members: string[]): Body {
  return {
    catalogueCode: 'party-dues',
    period: quarter,
    title: `${org}党支部${quarter.slice(0, 4)}年第${quarter.slice(-1)}季度党费收缴情况公开`,
    blocks: [
      { type: 'paragraph', text: `本季度应缴党费党员 ${members.length} 名，已全部按时足额缴纳。` },
      {
        type: 'table',
        caption: '党费收缴明细',
        columns: [
          { key: 'name', label: '姓名' },
          { key: 'amount', label: '缴纳金额（元）' },
          { key: 'date', label: '缴纳日期' },
        ],
        rows: members.map((m, i) => [
          m,
          ['30.00', '15.00', '6.00', '60.00'][i % 4]!,
          `${quarter.slice(0, 4)}年季度末`,
        ]),
      },
    ],
  };
}

export function workPlanBody(org: string, half: string): Body {
  return {
    catalogueCode: 'village-plans',
    period: half,
    title: `${org}${half.slice(0, 4)}年${half.endsWith('1') ? '上' : '下'}半年工作计划及执行情况`,
    blocks: [
      { type: 'heading', level: 1, text: '一、主要工作' },
      {
        type: 'list',
        ordered: true,
        items: [
          '完成村东片 1.2 公里村道硬化，改善群众出行条件。',
          '推进人居环境整治，新增垃圾分类收集点 6 处。',
          '组织农技培训 2 期，参训农户 86 人次。',
        ],
      },
      { type: 'heading', level: 1, text: '二、执行情况' },
      {
        type: 'paragraph',
        text: '村道硬化工程已完工并通过镇级验收；垃圾分类收集点已投入使用；农技培训完成 1 期，第 2 期定于下月举办。',
      },
    ],
  };
}

export function tenderBody(org: string, period: string, amount: string): Body {
  return {
    catalogueCode: 'village-projects',
    period,
    title: `${org}村东片村道硬化工程招投标结果公开`,
    blocks: [
      {
        type: 'paragraph',
        text: '本工程经村民代表会议决定，委托镇公共资源交易中心公开招标，现将结果公开如下。',
      },
      {
        type: 'table',
        columns: [
          { key: 'item', label: '项目' },
          { key: 'value', label: '内容' },
        ],
        rows: [
          ['工程名称', '村东片村道硬化工程'],
          ['中标单位', '示范县通达路桥工程有限公司'],
          ['中标金额', `${amount} 元`],
          ['工期', '60 日历天'],
        ],
      },
    ],
  };
}

export function homesteadBody(org: string, half: string, applicants: string[]): Body {
  return {
    catalogueCode: 'village-homesteads',
    period: half,
    title: `${org}${half.slice(0, 4)}年宅基地申请审批情况公开`,
    blocks: [
      { type: 'paragraph', text: '以下宅基地申请经村民代表会议讨论通过，已报镇政府审批，现将情况公开。' },
      {
        type: 'table',
        columns: [
          { key: 'name', label: '申请人', personal: 'name' },
          { key: 'area', label: '面积（㎡）' },
          { key: 'place', label: '位置' },
          { key: 'status', label: '审批状态' },
        ],
        rows: applicants.map((a, i) => [
          a,
          ['120', '110', '120'][i % 3]!,
          `村西组${i + 3}号地块`,
          '镇政府已批准',
        ]),
      },
    ],
  };
}

export function partyDevelopmentBody(org: string, settledOn: string, candidate: string): Body {
  return {
    catalogueCode: 'party-member-development',
    settledOn,
    title: `关于${candidate}同志拟发展为中共预备党员的公示`,
    blocks: [
      {
        type: 'paragraph',
        text: `经${org}党支部支委会研究，拟将${candidate}同志列为发展对象，吸收为中共预备党员，现予公示。公示期 7 天，如有意见，请向支部或镇党委组织办反映。`,
      },
    ],
  };
}
