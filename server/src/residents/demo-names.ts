// Deterministic, realistic Chinese names and registry rows for the demo villages. A
// village is typically dominated by two or three lineages (e.g. 王家 and 李家), so the
// surname mix is weighted per village rather than national.

import { seededRandom } from '../seed/seeded-random';

const COMMON_SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万严覃武戴莫孔向汤';
const GIVEN_MALE = [
  '建国',
  '建军',
  '国强',
  '志强',
  '志刚',
  '永强',
  '海',
  '军',
  '勇',
  '伟',
  '磊',
  '涛',
  '明',
  '俊杰',
  '德明',
  '福生',
  '长林',
  '金山',
  '宝华',
  '春生',
  '守义',
  '振华',
  '文斌',
  '家豪',
  '子轩',
  '浩然',
  '宇',
];
const GIVEN_FEMALE = [
  '秀英',
  '桂兰',
  '玉兰',
  '凤英',
  '秀珍',
  '桂芳',
  '丽',
  '敏',
  '静',
  '艳',
  '娟',
  '霞',
  '红梅',
  '海燕',
  '春花',
  '翠萍',
  '美玲',
  '晓燕',
  '雪梅',
  '丽娟',
  '欣怡',
  '诗涵',
  '梓萱',
  '雨桐',
];

export interface DemoResidentRow {
  name: string;
  idLast4: string;
  phone?: string;
  household: string;
  isRepresentative: boolean;
  isAdult: boolean;
}

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

/**
 * Households of 1–6 people sharing the head's surname (spouses may differ), ~15% minors,
 * about `representatives` villager representatives (one per several households), and a
 * mobile number for about half of the adults.
 */
export function demoRegistry(options: {
  seed: number;
  people: number;
  representatives: number;
  mainSurnames: string;
  householdPrefix: string;
}): DemoResidentRow[] {
  const rnd = seededRandom(options.seed);
  const rows: DemoResidentRow[] = [];
  const used = new Set<string>();
  const surname = () =>
    rnd() < 0.65 ? pick(rnd, [...options.mainSurnames]) : pick(rnd, [...COMMON_SURNAMES]);
  const person = (
    family: string,
    adult: boolean,
  ): Omit<DemoResidentRow, 'household' | 'isRepresentative'> => {
    for (;;) {
      const female = rnd() < 0.5;
      const given = pick(rnd, female ? GIVEN_FEMALE : GIVEN_MALE);
      const name = family + given;
      const idLast4 = `${Math.floor(rnd() * 1000)
        .toString()
        .padStart(3, '0')}${rnd() < 0.1 ? 'X' : Math.floor(rnd() * 10)}`;
      if (used.has(name + idLast4)) continue;
      used.add(name + idLast4);
      const phone =
        adult && rnd() < 0.5
          ? `1${pick(rnd, ['38', '39', '58', '59', '87', '36', '77'])}${Math.floor(rnd() * 1e8)
              .toString()
              .padStart(8, '0')}`
          : undefined;
      return { name, idLast4, phone, isAdult: adult };
    }
  };
  let household = 0;
  while (rows.length < options.people) {
    household++;
    const code = `${options.householdPrefix}${String(household).padStart(3, '0')}`;
    const family = surname();
    const size = Math.min(options.people - rows.length, 1 + Math.floor(rnd() * 5));
    for (let i = 0; i < size; i++) {
      const adult = i < 2 || rnd() > 0.45;
      const p = person(i === 1 && rnd() < 0.7 ? surname() : family, adult);
      rows.push({ ...p, household: code, isRepresentative: false });
    }
  }
  // Representatives: adults spread over the households (村民代表 represent 5–15 households each).
  const adults = rows.filter((r) => r.isAdult);
  const step = adults.length / options.representatives;
  for (let i = 0; i < options.representatives; i++) adults[Math.floor(i * step)]!.isRepresentative = true;
  return rows;
}
