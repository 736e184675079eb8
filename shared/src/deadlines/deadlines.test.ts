import {
  computeDue,
  defaultFeedbackPolicy,
  defaultCalendar,
  DISCLOSURE_TIMING,
  displayWindowEnd,
  FEEDBACK_POLICIES,
  JOINT_REQUEST_DISCLOSURE_POLICY,
  publishDeadline,
  ZDuePolicy,
  type DuePolicy,
} from '@sanwu/shared';
import { describeInTimeZones } from '../calendar/time-zones.testing';

const cal = defaultCalendar();
const days15 = FEEDBACK_POLICIES.opinion;
const wd5 = FEEDBACK_POLICIES.mailbox;
const months = (amount: number): DuePolicy => ({ unit: 'months', amount });

describeInTimeZones('computeDue', () => {
  it.each<[string, DuePolicy, string, string, boolean]>([
    // start day not counted; the Shanghai date of the instant is what counts
    ['15 days, plain', days15, '2026-01-05T10:00:00+08:00', '2026-01-20', false],
    ['15 days, 01:00 Shanghai is still that day', days15, '2026-01-04T17:00:00Z', '2026-01-20', false],
    ['15 days, 23:59:59 Shanghai', days15, '2026-01-05T15:59:59Z', '2026-01-20', false],
    ['15 days, midnight Shanghai is the next day', days15, '2026-01-05T16:00:00Z', '2026-01-21', false],
    // last day a rest day → next working day (第二百零三条)
    ['15 days ending in Spring Festival 2026', days15, '2026-02-01T09:00:00+08:00', '2026-02-24', false],
    ['15 days ending on make-up Sat 2026-02-28', days15, '2026-02-13T09:00:00+08:00', '2026-02-28', false],
    ['15 days ending on a Sunday', days15, '2026-03-07T09:00:00+08:00', '2026-03-23', false],
    ['15 days ending in National Day 2025', days15, '2025-09-16T09:00:00+08:00', '2025-10-09', false],
    ['15 days ending on make-up Sun 2025-09-28', days15, '2025-09-13T09:00:00+08:00', '2025-09-28', false],
    ['15 days ending in National Day 2026', days15, '2026-09-20T09:00:00+08:00', '2026-10-08', false],
    ['15 days into uncovered 2027', days15, '2026-12-20T09:00:00+08:00', '2027-01-04', true],
    ['15 days inside 2026', days15, '2026-12-10T09:00:00+08:00', '2026-12-25', false],
    // working days
    ['5 working days over Spring Festival 2026', wd5, '2026-02-10T09:00:00+08:00', '2026-02-24', false],
    ['5 working days over National Day 2025', wd5, '2025-09-26T09:00:00+08:00', '2025-10-10', false],
    ['5 working days over Spring Festival 2025', wd5, '2025-01-24T09:00:00+08:00', '2025-02-07', false],
    ['5 working days into 2027', wd5, '2026-12-28T09:00:00+08:00', '2027-01-04', true],
    // months, clamped, then rolled
    [
      '3 months onto make-up Sat 2026-02-28',
      FEEDBACK_POLICIES.handedDown,
      '2025-11-30T09:00:00+08:00',
      '2026-02-28',
      false,
    ],
    [
      '3 months onto a 2027 Sunday',
      FEEDBACK_POLICIES.handedDown,
      '2026-11-30T09:00:00+08:00',
      '2027-03-01',
      true,
    ],
    [
      '2 months clamped to Feb 28',
      FEEDBACK_POLICIES.proposal,
      '2025-12-31T09:00:00+08:00',
      '2026-02-28',
      false,
    ],
    [
      '2 months clamped to Feb 29 2028',
      FEEDBACK_POLICIES.proposal,
      '2027-12-31T09:00:00+08:00',
      '2028-02-29',
      true,
    ],
    [
      '2 months, Jul 31 → Sep 30',
      FEEDBACK_POLICIES.proposal,
      '2026-07-31T09:00:00+08:00',
      '2026-09-30',
      false,
    ],
    [
      '2 months onto National Day 2026',
      FEEDBACK_POLICIES.proposal,
      '2026-08-01T09:00:00+08:00',
      '2026-10-08',
      false,
    ],
    ['1 month, Jan 31 → Feb 28 (Fri)', months(1), '2025-01-31T09:00:00+08:00', '2025-02-28', false],
    ['1 month, Jan 31 2028 → Feb 29', months(1), '2028-01-31T09:00:00+08:00', '2028-02-29', true],
  ])('%s', (_name, policy, start, dueDate, provisional) => {
    const due = computeDue(policy, new Date(start), cal);
    expect(due).toEqual({ dueDate, dueAt: new Date(`${dueDate}T23:59:59.999+08:00`), provisional });
  });

  it('dueAt is the last millisecond of the Shanghai day', () => {
    const due = computeDue(days15, new Date('2026-01-05T10:00:00+08:00'), cal);
    expect(due.dueAt.toISOString()).toBe('2026-01-20T15:59:59.999Z');
  });
});

describeInTimeZones('display windows and publish deadlines', () => {
  const at = (iso: string) => new Date(iso);
  it.each([
    ['periodic', '2026-04-01T10:00:00+08:00', '2026-05-18'],
    ['immediate', '2026-04-01T10:00:00+08:00', '2026-04-30'],
    ['publicNotice', '2026-09-24T10:00:00+08:00', '2026-10-08'],
    ['publicNotice', '2026-03-02T10:00:00+08:00', '2026-03-09'],
  ] as const)('%s published %s stays up until at least %s', (kind, publishedAt, end) => {
    expect(displayWindowEnd(kind, at(publishedAt), cal)?.dueDate).toBe(end);
  });

  it('long-term items stay until changed', () => {
    expect(displayWindowEnd('longTerm', at('2026-04-01T10:00:00+08:00'), cal)).toBeNull();
  });

  it('takes an organisation override', () => {
    const end = displayWindowEnd('publicNotice', at('2026-03-02T10:00:00+08:00'), cal, {
      unit: 'workdays',
      amount: 7,
    });
    expect(end?.dueDate).toBe('2026-03-11');
  });

  it.each([
    ['immediate', '2026-09-30T10:00:00+08:00', '2026-10-13'],
    ['longTerm', '2025-01-24T10:00:00+08:00', '2025-02-07'],
  ] as const)('%s settled %s is published by %s', (kind, settledAt, by) => {
    expect(publishDeadline(kind, at(settledAt), cal)?.dueDate).toBe(by);
  });

  it('a 公示 has no publish deadline of its own', () => {
    expect(publishDeadline('publicNotice', at('2026-03-02T10:00:00+08:00'), cal)).toBeNull();
  });
});

describe('presets', () => {
  it.each(Object.entries(FEEDBACK_POLICIES))('%s is a valid policy', (_kind, policy) => {
    expect(ZDuePolicy.parse(policy)).toEqual(policy);
  });

  it('match DOMAIN.md', () => {
    expect(FEEDBACK_POLICIES).toEqual({
      opinion: { unit: 'calendarDays', amount: 15 },
      inquiry: { unit: 'calendarDays', amount: 15 },
      report: { unit: 'calendarDays', amount: 15 },
      mailbox: { unit: 'workdays', amount: 5 },
      handedDown: { unit: 'months', amount: 3 },
      proposal: { unit: 'months', amount: 2 },
      jointRequest: { unit: 'workdays', amount: 5 },
    });
    expect(JOINT_REQUEST_DISCLOSURE_POLICY).toEqual({ unit: 'workdays', amount: 5 });
    expect(DISCLOSURE_TIMING.periodic.minDisplay).toEqual({ unit: 'workdays', amount: 30 });
    expect(DISCLOSURE_TIMING.immediate.minDisplay).toEqual({ unit: 'workdays', amount: 20 });
    expect(DISCLOSURE_TIMING.publicNotice.minDisplay).toEqual({ unit: 'calendarDays', amount: 7 });
  });

  it.each([
    [{ unit: 'workdays', amount: 0 }],
    [{ unit: 'workdays', amount: -1 }],
    [{ unit: 'workdays', amount: 1.5 }],
    [{ unit: 'weeks', amount: 1 }],
    [{ unit: 'months' }],
  ])('ZDuePolicy rejects %j', (policy) => {
    expect(ZDuePolicy.safeParse(policy).success).toBe(false);
  });
});

describe('defaultFeedbackPolicy', () => {
  it.each([
    ['opinion', { unit: 'calendarDays', amount: 15 }],
    ['inquiry', { unit: 'calendarDays', amount: 15 }],
    ['report', { unit: 'calendarDays', amount: 15 }],
    ['joint_request', { unit: 'workdays', amount: 5 }],
    ['objection', null],
  ] as const)('%s → %j', (type, policy) => {
    expect(defaultFeedbackPolicy(type)).toEqual(policy);
  });
});
