import { duePreview } from './deadline';

describe('the deadline shown before sending', () => {
  // 2026-03-02 10:00 in Shanghai; 15 calendar days later is Tuesday 2026-03-17, a working day.
  const monday = new Date('2026-03-02T02:00:00Z');

  it.each(['opinion', 'inquiry'] as const)('%s: the village committee must answer within 15 days', (type) => {
    expect(duePreview(type, undefined, monday)).toBe('村委会应在 2026年3月17日 前答复');
  });

  it('follows the org policy when it sets its own deadline', () => {
    const org = { policy: { feedbackPolicies: { inquiry: { unit: 'workdays' as const, amount: 5 } } } };
    expect(duePreview('inquiry', org, monday)).toBe('村委会应在 2026年3月9日 前答复');
  });

  it('a deadline ending on a holiday moves to the next working day (National Day 2026)', () => {
    // 2026-09-20 + 15 days = 2026-10-05, inside the National Day holiday.
    const text = duePreview('opinion', undefined, new Date('2026-09-20T02:00:00Z'));
    expect(text).toMatch(/^村委会应在 2026年10月(8|9)日 前答复$/);
  });

  it('a report is answered by the level above, within 15 days', () => {
    expect(duePreview('report', undefined, monday)).toBe('上级（乡镇、街道）应在 2026年3月17日 前答复');
  });

  it('a joint request promises no date yet: its 5 working days start at the threshold', () => {
    const text = duePreview('joint_request', undefined, monday);
    expect(text).toBe('本村十分之一以上村民（或三分之一以上村民代表）联名后，村委会须在 5 个工作日内公开');
  });

  it('an objection has no answer deadline: it is counted against the threshold', () => {
    expect(duePreview('objection', undefined, monday)).toContain('异议不设答复期限');
  });
});
