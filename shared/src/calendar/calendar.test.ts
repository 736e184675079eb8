import {
  addCalendarDays,
  addMonths,
  addWorkdays,
  calendarYear,
  dayInfo,
  daysInRange,
  coveredYears,
  createCalendar,
  defaultCalendar,
  endOfShanghaiDay,
  isCovered,
  isWorkday,
  shanghaiDate,
  startOfShanghaiDay,
  withYears,
  workdaysBetween,
  workdaysLeft,
  workdaysOverdue,
  ZDateString,
} from '@sanwu/shared';
import { describeInTimeZones } from './time-zones.testing';

const cal = defaultCalendar();

describeInTimeZones('calendar', () => {
  describe('isWorkday follows the official schedule including 调休', () => {
    it.each([
      // Spring Festival 2025: Jan 28 – Feb 4 off, Sun Jan 26 and Sat Feb 8 worked
      ['2025-01-24', true],
      ['2025-01-25', false],
      ['2025-01-26', true],
      ['2025-01-27', true],
      ['2025-01-28', false],
      ['2025-02-04', false],
      ['2025-02-05', true],
      ['2025-02-08', true],
      ['2025-02-09', false],
      // National Day + Mid-autumn 2025: Oct 1–8 off, Sun Sep 28 and Sat Oct 11 worked
      ['2025-09-28', true],
      ['2025-10-01', false],
      ['2025-10-08', false],
      ['2025-10-09', true],
      ['2025-10-11', true],
      ['2025-10-12', false],
      // 2026 (国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04): New Year Jan 1–3 off, Sun Jan 4 worked
      ['2026-01-02', false],
      ['2026-01-04', true],
      // Spring Festival 2026: Feb 15–23 off, Sat Feb 14 and Sat Feb 28 worked
      ['2026-02-13', true],
      ['2026-02-14', true],
      ['2026-02-15', false],
      ['2026-02-23', false],
      ['2026-02-24', true],
      ['2026-02-28', true],
      ['2026-03-01', false],
      // Labour Day 2026: May 1–5 off, Sat May 9 worked
      ['2026-05-05', false],
      ['2026-05-09', true],
      // National Day 2026: Oct 1–7 off, Sun Sep 20 and Sat Oct 10 worked
      ['2026-09-20', true],
      ['2026-10-01', false],
      ['2026-10-07', false],
      ['2026-10-08', true],
      ['2026-10-10', true],
      // ordinary days
      ['2026-11-20', true],
      ['2026-11-21', false],
      // 2027 is not covered: Monday–Friday guess
      ['2027-01-01', true],
      ['2027-01-02', false],
    ])('%s → %s', (date, expected) => {
      expect(isWorkday(cal, date)).toBe(expected);
    });
  });

  // Every day of the year against the State Council notices, transcribed by hand.
  describe.each([
    [
      2025, // 国务院办公厅关于2025年部分节假日安排的通知 (2024-11-12)
      [
        ['01-01', '01-01'],
        ['01-28', '02-04'],
        ['04-04', '04-06'],
        ['05-01', '05-05'],
        ['05-31', '06-02'],
        ['10-01', '10-08'],
      ],
      ['01-26', '02-08', '04-27', '09-28', '10-11'],
    ],
    [
      2026, // 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)
      [
        ['01-01', '01-03'],
        ['02-15', '02-23'],
        ['04-04', '04-06'],
        ['05-01', '05-05'],
        ['06-19', '06-21'],
        ['09-25', '09-27'],
        ['10-01', '10-07'],
      ],
      ['01-04', '02-14', '02-28', '05-09', '09-20', '10-10'],
    ],
  ] as const)('%i matches the State Council notice', (year, off, makeUp) => {
    it('on every day of the year', () => {
      const wrong: string[] = [];
      for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addCalendarDays(d, 1)) {
        const md = d.slice(5);
        const dow = new Date(`${d}T12:00:00Z`).getUTCDay();
        const expected = (makeUp as readonly string[]).includes(md)
          ? true
          : off.some(([a, b]) => md >= a && md <= b)
            ? false
            : dow !== 0 && dow !== 6;
        if (isWorkday(cal, d) !== expected) wrong.push(d);
      }
      expect(wrong).toEqual([]);
    });
  });

  describe('addWorkdays does not count the start day and flags uncovered years', () => {
    it.each([
      ['2025-01-24', 1, '2025-01-26', false],
      ['2025-01-27', 1, '2025-02-05', false],
      ['2025-02-07', 1, '2025-02-08', false],
      ['2025-09-26', 1, '2025-09-28', false],
      ['2025-09-30', 1, '2025-10-09', false],
      ['2025-09-30', 3, '2025-10-11', false],
      ['2026-02-13', 1, '2026-02-14', false],
      ['2026-02-13', 2, '2026-02-24', false],
      ['2026-02-13', 5, '2026-02-27', false],
      ['2026-02-13', 6, '2026-02-28', false],
      ['2026-09-30', 1, '2026-10-08', false],
      ['2026-09-18', 1, '2026-09-20', false],
      ['2026-12-30', 1, '2026-12-31', false],
      ['2026-12-30', 2, '2027-01-01', true],
      ['2026-12-30', 3, '2027-01-04', true],
      ['2027-03-01', 5, '2027-03-08', true],
      ['2026-03-10', 0, '2026-03-10', false],
      ['2025-02-05', -1, '2025-01-27', false],
      ['2025-10-09', -2, '2025-09-29', false],
    ])('%s + %i → %s (provisional %s)', (date, n, expected, provisional) => {
      expect(addWorkdays(cal, date, n)).toEqual({ date: expected, provisional });
    });
  });

  describe('workdaysBetween counts working days in (from, to]', () => {
    it.each([
      ['2025-01-27', '2025-02-05', 1],
      ['2025-09-30', '2025-10-11', 3],
      ['2026-02-13', '2026-02-28', 6],
      ['2026-02-14', '2026-02-14', 0],
      ['2026-02-24', '2026-02-13', 0],
      ['2026-12-31', '2027-01-04', 2],
    ])('(%s, %s] → %i', (from, to, expected) => {
      expect(workdaysBetween(cal, from, to)).toBe(expected);
    });

    it.each(['2025-01-20', '2025-09-25', '2026-02-10', '2026-09-15', '2026-12-20'])(
      'inverts addWorkdays from %s',
      (from) => {
        for (let n = 0; n <= 25; n += 1) {
          expect(workdaysBetween(cal, from, addWorkdays(cal, from, n).date)).toBe(n);
        }
      },
    );
    // The count is read from per-year tables; a day-by-day walk is the definition it must agree with,
    // across year ends, uncovered years (Monday–Friday) and an admin-entered year.
    it.each([
      ['the official calendar', cal],
      [
        'an admin year over it',
        withYears(cal, [{ year: 2027, holidays: ['2027-01-01'], workdays: ['2027-01-03'] }]),
      ],
    ])('agrees with counting day by day over %s', (_name, c) => {
      const walk = (from: string, to: string) => {
        let n = 0;
        for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1))
          if (isWorkday(c, d)) n += 1;
        return n;
      };
      for (let i = 0; i < 400; i += 1) {
        const from = addCalendarDays('2024-11-20', (i * 37) % 1500);
        const to = addCalendarDays(from, ((i * 53) % 900) - 100);
        expect([from, to, workdaysBetween(c, from, to)]).toEqual([from, to, walk(from, to)]);
      }
    });

    it('rejects an impossible date even when the range is empty', () => {
      expect(() => workdaysBetween(cal, '2026-02-30', '2026-01-01')).toThrow(RangeError);
    });
  });

  describe('Asia/Shanghai day boundaries', () => {
    it.each([
      ['2026-03-31T15:59:59.999Z', '2026-03-31'],
      ['2026-03-31T16:00:00.000Z', '2026-04-01'],
      ['2026-04-01T00:00:00+08:00', '2026-04-01'],
      ['2026-12-31T16:00:00.000Z', '2027-01-01'],
      ['2028-02-28T20:00:00-08:00', '2028-02-29'],
    ])('shanghaiDate(%s) → %s', (iso, expected) => {
      expect(shanghaiDate(new Date(iso))).toBe(expected);
    });

    it.each([
      ['2026-04-01', '2026-03-31T16:00:00.000Z', '2026-04-01T15:59:59.999Z'],
      ['2028-02-29', '2028-02-28T16:00:00.000Z', '2028-02-29T15:59:59.999Z'],
      ['2027-01-01', '2026-12-31T16:00:00.000Z', '2027-01-01T15:59:59.999Z'],
    ])('%s runs from %s to %s', (date, start, end) => {
      expect(startOfShanghaiDay(date).toISOString()).toBe(start);
      expect(endOfShanghaiDay(date).toISOString()).toBe(end);
      expect(shanghaiDate(startOfShanghaiDay(date))).toBe(date);
      expect(shanghaiDate(endOfShanghaiDay(date))).toBe(date);
    });

    it('rejects an invalid Date', () => {
      expect(() => shanghaiDate(new Date('nope'))).toThrow(RangeError);
    });
  });

  describe('calendar-day and month arithmetic', () => {
    it.each([
      ['2028-02-28', 1, '2028-02-29'],
      ['2026-02-28', 1, '2026-03-01'],
      ['2026-12-31', 1, '2027-01-01'],
      ['2026-03-01', -1, '2026-02-28'],
      ['2026-01-01', 365, '2027-01-01'],
      ['2028-01-01', 366, '2029-01-01'],
    ])('addCalendarDays(%s, %i) → %s', (date, n, expected) => {
      expect(addCalendarDays(date, n)).toBe(expected);
    });

    it.each([
      ['2026-01-31', 1, '2026-02-28'],
      ['2028-01-31', 1, '2028-02-29'],
      ['2028-02-29', 12, '2029-02-28'],
      ['2028-02-29', 48, '2032-02-29'],
      ['2026-03-31', -1, '2026-02-28'],
      ['2026-11-30', 3, '2027-02-28'],
      ['2026-08-31', 1, '2026-09-30'],
      ['2026-05-15', 2, '2026-07-15'],
      ['2026-12-15', 1, '2027-01-15'],
      ['2026-01-15', -1, '2025-12-15'],
    ])('addMonths(%s, %i) → %s', (date, n, expected) => {
      expect(addMonths(date, n)).toBe(expected);
    });
  });

  describe('workdaysLeft / workdaysOverdue', () => {
    it.each([
      // Thu Feb 12: Feb 12, 13, 14 (make-up Sat) and 24 remain
      ['2026-02-12T10:00:00+08:00', '2026-02-24', 4],
      ['2026-02-12T23:30:00+08:00', '2026-02-24', 4],
      ['2026-02-24T23:59:59+08:00', '2026-02-24', 1],
      ['2026-02-25T00:00:00+08:00', '2026-02-24', 0],
      ['2026-02-21T09:00:00+08:00', '2026-02-24', 1],
    ])('at %s, due %s → %i left', (now, due, expected) => {
      expect(workdaysLeft(cal, new Date(now), due)).toBe(expected);
    });

    it.each([
      ['2026-02-13T18:00:00+08:00', '2026-02-13', 0],
      ['2026-02-24T09:00:00+08:00', '2026-02-13', 2],
      ['2026-02-15T09:00:00+08:00', '2026-02-13', 1],
    ])('at %s, due %s → %i overdue', (now, due, expected) => {
      expect(workdaysOverdue(cal, new Date(now), due)).toBe(expected);
    });
  });
});

describe('ZDateString', () => {
  it.each(['2026-01-01', '2028-02-29', '2000-02-29', '2026-12-31'])('accepts %s', (d) => {
    expect(ZDateString.safeParse(d).success).toBe(true);
  });
  it.each([
    '2026-02-30',
    '2027-02-29',
    '1900-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-1-1',
    '2026-01-01T00:00',
    '',
  ])('rejects %s', (d) => {
    expect(ZDateString.safeParse(d).success).toBe(false);
  });
});

describe('calendars', () => {
  it('covers every year of the chinese-days data', () => {
    const years = coveredYears(cal);
    expect(years[0]).toBe(2004);
    expect(years).toEqual(Array.from({ length: years.length }, (_, i) => 2004 + i));
    expect(years).toContain(2026);
    expect(isCovered(cal, '2026-06-01')).toBe(true);
    expect(isCovered(cal, '2027-06-01')).toBe(false);
  });

  it('is built once', () => {
    expect(defaultCalendar()).toBe(cal);
  });

  const admin2027 = { year: 2027, holidays: ['2027-01-01'], workdays: ['2027-01-03'] };

  it('layers admin years over the default calendar', () => {
    const c = withYears(cal, [admin2027]);
    expect(coveredYears(c)).toContain(2027);
    expect(isWorkday(c, '2027-01-01')).toBe(false);
    expect(isWorkday(c, '2027-01-03')).toBe(true);
    expect(addWorkdays(c, '2026-12-30', 3)).toEqual({ date: '2027-01-04', provisional: false });
    expect(createCalendar([admin2027], { base: cal }).years).toEqual(c.years);
    // the default calendar is not mutated
    expect(isCovered(cal, '2027-01-01')).toBe(false);
  });

  it('lets an admin year replace the package data for that year', () => {
    const c = withYears(cal, [{ year: 2026, holidays: [], workdays: [] }]);
    expect(isWorkday(c, '2026-10-01')).toBe(true);
    expect(isWorkday(c, '2026-10-10')).toBe(false);
  });

  it('a calendar with only admin years', () => {
    const c = createCalendar([admin2027]);
    expect(coveredYears(c)).toEqual([2027]);
    expect(addWorkdays(c, '2026-12-30', 1)).toEqual({ date: '2026-12-31', provisional: true });
  });

  it.each([
    ['a date outside the year', { year: 2027, holidays: ['2026-12-31'], workdays: [] }],
    ['an impossible date', { year: 2027, holidays: ['2027-02-29'], workdays: [] }],
    ['a date in both lists', { year: 2027, holidays: ['2027-01-03'], workdays: ['2027-01-03'] }],
  ])('rejects %s', (_what, year) => {
    expect(() => createCalendar([year])).toThrow();
  });

  it('rejects a year given twice', () => {
    expect(() => createCalendar([admin2027, admin2027])).toThrow(RangeError);
  });
});

describeInTimeZones('dayInfo / daysInRange / calendarYear', () => {
  it.each([
    ['2026-02-14', { workday: true, holiday: false, makeUpWorkday: true, provisional: false }],
    ['2026-02-16', { workday: false, holiday: true, makeUpWorkday: false, provisional: false }],
    ['2026-02-15', { workday: false, holiday: false, makeUpWorkday: false, provisional: false }],
    ['2026-02-24', { workday: true, holiday: false, makeUpWorkday: false, provisional: false }],
    ['2027-01-01', { workday: true, holiday: false, makeUpWorkday: false, provisional: true }],
  ])('%s', (date, info) => {
    expect(dayInfo(cal, date)).toEqual({ date, ...info });
  });

  it('lists a range inclusive', () => {
    const days = daysInRange(cal, '2026-02-13', '2026-02-24');
    expect(days).toHaveLength(12);
    expect(days.filter((d) => d.workday).map((d) => d.date)).toEqual([
      '2026-02-13',
      '2026-02-14',
      '2026-02-24',
    ]);
    expect(daysInRange(cal, '2026-02-24', '2026-02-13')).toEqual([]);
    expect(() => daysInRange(cal, '2000-01-01', '2026-01-01')).toThrow(RangeError);
  });

  it('round-trips a year through calendarYear and createCalendar', () => {
    const y2026 = calendarYear(cal, 2026)!;
    expect(y2026.workdays).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(calendarYear(createCalendar([y2026]), 2026)).toEqual(y2026);
    expect(calendarYear(cal, 2027)).toBeUndefined();
  });
});
