import type { FeedbackFigures } from './figures';

// Test support (excluded from the build): the figures of the six-item sample (2026-09/10, 东山村) worked
// out by hand. The unit test of `feedbackFigures` and the server's overview test build the same sample,
// one as facts and one through the API, and both must land on these numbers.
export const SAMPLE_FEEDBACK_FIGURES: FeedbackFigures = {
  total: 6,
  byType: { opinion: 3, inquiry: 1, report: 1, objection: 1 },
  byState: { rated: 3, accepted: 1, submitted: 2 },
  due: 4,
  answeredOnTime: 2,
  answeredLate: 1,
  overdueUnanswered: 1,
  onTimeRate: 0.5,
  answered: 3,
  medianAnswerWorkdays: 6,
  p90AnswerWorkdays: 18,
  rated: 3,
  meanRating: 3.67,
  dissatisfiedShare: 0.3333,
};
