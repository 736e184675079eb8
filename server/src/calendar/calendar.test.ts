import { isWorkday } from '@sanwu/shared';
import { AuditEntry } from '../audit/audit.model';
import { dueFor } from '../feedback/feedback-deadlines';
import { startTestApp, type TestApp } from '../test/harness';
import { makeOrgTree, makeResidentUser, makeStaff } from '../users/testing';
import { CalendarYearModel } from './calendar.model';
import { appCalendar, refreshCalendar } from './calendar.service';

const api = '/api/v1/calendar';
// 2030 is beyond the built-in data: its National Day as an admin would enter it.
const YEAR_2030 = {
  holidays: ['2030-10-01', '2030-10-02', '2030-10-03', '2030-10-04', '2030-10-07'],
  workdays: ['2030-09-29'],
};

describe('the working-day calendar', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-23T09:00:00+08:00' });
  });
  afterAll(() => t.stop());
  beforeEach(async () => {
    await t.reset();
    await refreshCalendar();
  });

  async function callers() {
    const { county, village } = await makeOrgTree();
    const header = async (user: { _id: unknown }) => t.bearer(String(user._id));
    return {
      anonymous: undefined,
      resident: await header((await makeResidentUser()).user),
      cadre: await header((await makeStaff([{ role: 'cadre', org: village }])).user),
      inspector: await header((await makeStaff([{ role: 'inspector', org: county }])).user),
      admin: await header((await makeStaff([{ role: 'admin', org: county }])).user),
    };
  }

  it('lists National Day 2026 with its 调休 make-up working weekends', async () => {
    const res = await t.request.get(`${api}/workdays`).query({ from: '2026-09-20', to: '2026-10-10' });
    expect(res.status).toBe(200);
    const day = (date: string) => res.body.days.find((d: { date: string }) => d.date === date);
    expect(day('2026-09-20')).toMatchObject({ workday: true, makeUpWorkday: true });
    expect(day('2026-10-01')).toMatchObject({ workday: false, holiday: true });
    expect(day('2026-10-10')).toMatchObject({ workday: true, makeUpWorkday: true });
    expect(res.body.days).toHaveLength(21);
    expect(res.body.workdays).toBe(res.body.days.filter((d: { workday: boolean }) => d.workday).length);
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
  });

  it.each([
    [
      'a range that ends before it starts',
      { from: '2026-10-10', to: '2026-10-01' },
      '结束日期不能早于开始日期',
    ],
    ['more than a year', { from: '2026-01-01', to: '2027-01-02' }, '一次最多查询 366 天'],
    ['a date that does not exist', { from: '2026-02-30', to: '2026-03-01' }, ''],
    ['a missing bound', { from: '2026-02-01' }, ''],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_name, query, message) => {
    const res = await t.request.get(`${api}/workdays`).query(query);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.body.error)).toContain(message);
  });

  it.each([
    ['anonymous', 401],
    ['resident', 403],
    ['cadre', 403],
    ['inspector', 403],
    ['admin', 200],
  ] as const)('lets only an admin enter a year: %s → %i', async (who, status) => {
    const headers = await callers();
    const req = t.request.put(`${api}/years/2030`).send(YEAR_2030);
    const header = headers[who];
    const res = await (header ? req.set('Authorization', header) : req);
    expect(res.status).toBe(status);
    expect(await CalendarYearModel.countDocuments()).toBe(status === 200 ? 1 : 0);
  });

  it('puts an entered year in force for deadlines, the public calendar and the audit log', async () => {
    const { admin } = await callers();
    const askedBeforeTheHolidays = new Date('2030-09-16T10:00:00+08:00');
    const dueBefore = dueFor({}, 'inquiry', askedBeforeTheHolidays)!.due.dueDate;
    expect((await t.request.get(`${api}/years/2030`)).body).toMatchObject({ source: 'none', holidays: [] });
    const put = await t.request.put(`${api}/years/2030`).set('Authorization', admin!).send(YEAR_2030);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ year: 2030, source: 'admin', workdays: ['2030-09-29'] });
    expect(put.body.updatedAt).toBe('2026-11-23T01:00:00.000Z');

    const days = await t.request.get(`${api}/workdays`).query({ from: '2030-09-29', to: '2030-10-01' });
    expect(days.body.days.map((d: { workday: boolean }) => d.workday)).toEqual([true, true, false]);
    expect(isWorkday(appCalendar(), '2030-10-01')).toBe(false);
    expect(isWorkday(appCalendar(), '2030-09-29')).toBe(true);
    // An inquiry's 15 days end on 2030-10-01: once that is a holiday, the deadline moves past it.
    expect(dueFor({}, 'inquiry', askedBeforeTheHolidays)!.due.dueDate > dueBefore).toBe(true);
    const audit = await AuditEntry.findOne({ action: 'calendar.year.put' }).lean();
    expect(audit).toMatchObject({ target: { type: 'calendar-year', id: '2030' } });
  });

  it('shows the built-in data of a covered year as official', async () => {
    const res = await t.request.get(`${api}/years/2026`);
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('official');
    expect(res.body.holidays).toContain('2026-10-01');
  });

  it.each([
    ['a holiday outside the year', { holidays: ['2031-01-01'], workdays: [] }, '不在 2030 年内'],
    [
      'a day in both lists',
      { holidays: ['2030-10-01'], workdays: ['2030-10-01'] },
      '不能既是节假日又是调休上班日',
    ],
    ['a malformed date', { holidays: ['2030-13-01'], workdays: [] }, ''],
  ])('refuses %s and stores nothing', async (_name, body, message) => {
    const { admin } = await callers();
    const res = await t.request.put(`${api}/years/2030`).set('Authorization', admin!).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.body.error)).toContain(message);
    expect(await CalendarYearModel.countDocuments()).toBe(0);
  });

  it('follows a year another server instance entered once it refreshes', async () => {
    const { admin } = await callers();
    await t.request.put(`${api}/years/2030`).set('Authorization', admin!).send(YEAR_2030);
    await CalendarYearModel.updateOne({ _id: 2030 }, { $set: { holidays: [] } });
    expect(isWorkday(appCalendar(), '2030-10-01')).toBe(false);
    await refreshCalendar();
    expect(isWorkday(appCalendar(), '2030-10-01')).toBe(true);
  });
});
