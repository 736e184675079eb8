import { loadConfig } from '../config';

// The settings the feedback clock adds to config.ts (issue 7).
describe('scheduler and notification settings', () => {
  it('defaults to reminders 3 working days before and on the due day, sweeping every minute outside tests', () => {
    const config = loadConfig({ NODE_ENV: 'development' });
    expect(config.reminders).toEqual({ workdaysBefore: 3, onDueDay: true });
    expect(config.scheduler).toEqual({ enabled: true, intervalMs: 60_000 });
    expect(config.wechat.templates).toEqual({
      reminder: undefined,
      progress: undefined,
      overdue: undefined,
      alert: undefined,
    });
  });

  it('is off in tests unless asked for', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).scheduler.enabled).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', SCHEDULER: 'true' }).scheduler.enabled).toBe(true);
  });

  it('reads template ids and reminder settings', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      WECHAT_TEMPLATE_REMINDER: 'tpl-r',
      WECHAT_TEMPLATE_ALERT: 'tpl-a',
      REMINDER_WORKDAYS_BEFORE: '2',
      REMINDER_ON_DUE_DAY: 'false',
      SCHEDULER_INTERVAL_SECONDS: '30',
    });
    expect(config.wechat.templates).toMatchObject({ reminder: 'tpl-r', alert: 'tpl-a' });
    expect(config.reminders).toEqual({ workdaysBefore: 2, onDueDay: false });
    expect(config.scheduler.intervalMs).toBe(30_000);
  });

  it.each([
    ['REMINDER_WORKDAYS_BEFORE', '-1'],
    ['REMINDER_WORKDAYS_BEFORE', 'three'],
    ['REMINDER_ON_DUE_DAY', 'maybe'],
    ['SCHEDULER_INTERVAL_SECONDS', '1'],
  ])('names %s=%s in the error', (variable, value) => {
    expect(() => loadConfig({ NODE_ENV: 'test', [variable]: value })).toThrow(variable);
  });
});
