import { defaultCalendar } from '../calendar';
import { describeInTimeZones } from '../calendar/time-zones.testing';
import {
  answerWorkdays,
  complianceCounts,
  feedbackFigures,
  median,
  percentile,
  type FeedbackFact,
} from './figures';
import { SAMPLE_FEEDBACK_FIGURES } from './figures.testing';

const cal = defaultCalendar();
const at = (s: string) => new Date(`${s}+08:00`);

describeInTimeZones('answerWorkdays', () => {
  // 2026: 国庆 10-01..10-07 off, 09-25..27 off (中秋), 09-20 (Sun) and 10-10 (Sat) are 调休 working days.
  it.each([
    ['same day', '2026-09-29T09:00:00', '2026-09-29T18:00:00', 0],
    ['across 国庆', '2026-09-29T10:00:00', '2026-10-09T10:00:00', 3],
    ['across 中秋 with the 09-20 make-up Sunday', '2026-09-18T10:00:00', '2026-09-28T10:00:00', 6],
    ['across both, with the 10-10 make-up Saturday', '2026-09-10T10:00:00', '2026-10-12T10:00:00', 18],
    ['late evening in Shanghai is still that day', '2026-09-30T23:30:00', '2026-10-08T08:00:00', 1],
  ])('%s', (_name, from, to, expected) => {
    expect(answerWorkdays(cal, at(from), at(to))).toBe(expected);
  });
});

describe('median and percentile', () => {
  it.each([
    [[], null, null],
    [[7], 7, 7],
    [[3, 18, 6], 6, 18],
    [[1, 2, 3, 4], 2.5, 4],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5.5, 9],
  ])('%j → median %p, p90 %p', (values, med, p90) => {
    expect(median(values)).toBe(med);
    expect(percentile(values, 90)).toBe(p90);
  });
});

describeInTimeZones('feedbackFigures', () => {
  // Hand-computed: answer times 3, 6 and 18 working days; A and B on time, C late, D overdue
  // and unanswered, E not yet due, the objection has no deadline.
  const items: FeedbackFact[] = [
    {
      type: 'opinion',
      state: 'rated',
      submittedAt: at('2026-09-29T10:00:00'),
      dueAt: at('2026-10-14T23:59:59.999'),
      answeredAt: at('2026-10-09T10:00:00'),
      rating: 5,
    },
    {
      type: 'inquiry',
      state: 'rated',
      submittedAt: at('2026-09-18T10:00:00'),
      dueAt: at('2026-10-03T23:59:59.999'),
      answeredAt: at('2026-09-28T10:00:00'),
      rating: 2,
    },
    {
      type: 'opinion',
      state: 'rated',
      submittedAt: at('2026-09-10T10:00:00'),
      dueAt: at('2026-09-25T23:59:59.999'),
      answeredAt: at('2026-10-12T10:00:00'),
      rating: 4,
    },
    {
      type: 'opinion',
      state: 'accepted',
      submittedAt: at('2026-10-08T10:00:00'),
      dueAt: at('2026-10-23T23:59:59.999'),
      answeredAt: null,
      rating: null,
    },
    {
      type: 'report',
      state: 'submitted',
      submittedAt: at('2026-10-20T10:00:00'),
      dueAt: at('2026-11-04T23:59:59.999'),
      answeredAt: null,
      rating: null,
    },
    {
      type: 'objection',
      state: 'submitted',
      submittedAt: at('2026-10-21T10:00:00'),
      dueAt: null,
      answeredAt: null,
      rating: null,
    },
  ];

  it('matches the hand-computed figures', () => {
    expect(feedbackFigures(items, at('2026-10-30T12:00:00'), cal)).toEqual(SAMPLE_FEEDBACK_FIGURES);
  });

  it('ignores answers given after the as-of time', () => {
    const f = feedbackFigures(items, at('2026-10-10T12:00:00'), cal);
    expect(f.answered).toBe(2);
    // A and B were answered on time by 10-10; C's deadline had passed unanswered.
    expect(f).toMatchObject({ due: 3, answeredOnTime: 2, overdueUnanswered: 1, onTimeRate: 0.6667 });
  });

  it('has no rates when nothing was due', () => {
    expect(feedbackFigures([], new Date(), cal)).toMatchObject({
      onTimeRate: null,
      medianAnswerWorkdays: null,
      meanRating: null,
      dissatisfiedShare: null,
    });
  });
});

describe('complianceCounts', () => {
  it('tallies the statuses', () => {
    const rows = ['onTime', 'late', 'missing', 'missing', 'notYetDue'].map((status) => ({ status }));
    expect(complianceCounts(rows)).toEqual({ expected: 5, onTime: 1, late: 1, missing: 2, notYetDue: 1 });
  });
});
