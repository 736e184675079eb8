import ExcelJS from 'exceljs';
import { SAMPLE_FEEDBACK_FIGURES } from '../../../shared/src/supervision/figures.testing';
import type { Response } from 'supertest';
import { Notification } from '../notifications/notification.model';
import { createScheduler } from '../scheduler/scheduler';
import { binary } from '../test/binary';
import { startTestApp, type TestApp } from '../test/harness';
import { captureLogger } from '../test/test-config';
import type { UserDoc } from '../users/user.model';
import { makeOrg } from '../users/testing';
import { Notice } from './notice.model';
import {
  insertFeedback,
  insertPublished,
  makeSupervisionWorld,
  sh,
  type SupervisionWorld,
} from './supervision.testing';

let t: TestApp;
let w: SupervisionWorld;
const NOW = '2026-10-30T04:00:00Z'; // 12:00 in Shanghai
const id = (o: { _id: unknown }) => String(o._id);

beforeAll(async () => {
  t = await startTestApp({ now: NOW });
});
afterAll(() => t.stop());
beforeEach(async () => {
  await t.reset();
  t.clock.set(NOW);
  w = await makeSupervisionWorld(t);
});

const get = (user: UserDoc | null, url: string): Promise<Response> => w.as(user, t.request.get(url));

/**
 * 东山村: answer times 3, 6 and 18 working days (国庆 and 中秋 in between, the 09-20 and 10-10
 * make-up days counted); A and B on time, C late, D overdue and unanswered, E not yet due, one
 * objection without a deadline. 西河村: one inquiry answered the next working day.
 */
async function seedFeedback() {
  await insertFeedback(w.village, {
    submitted: '2026-09-29T10:00:00',
    due: '2026-10-14',
    replied: '2026-10-09T10:00:00',
    rating: 5,
  });
  await insertFeedback(w.village, {
    type: 'inquiry',
    submitted: '2026-09-18T10:00:00',
    due: '2026-10-03',
    replied: '2026-09-28T10:00:00',
    rating: 2,
  });
  await insertFeedback(w.village, {
    submitted: '2026-09-10T10:00:00',
    due: '2026-09-25',
    replied: '2026-10-12T10:00:00',
    rating: 4,
  });
  await insertFeedback(w.village, {
    submitted: '2026-10-08T10:00:00',
    due: '2026-10-23',
    content: '水渠堵塞，秧田进不了水',
  });
  await insertFeedback(w.village, {
    type: 'report',
    state: 'submitted',
    submitted: '2026-10-20T10:00:00',
    due: '2026-11-04',
  });
  await insertFeedback(w.village, {
    type: 'objection',
    state: 'submitted',
    submitted: '2026-10-21T10:00:00',
    due: null,
  });
  await insertFeedback(w.sibling, {
    type: 'inquiry',
    submitted: '2026-10-12T10:00:00',
    due: '2026-10-27',
    replied: '2026-10-13T09:00:00',
  });
}

describe('GET /supervision/overview', () => {
  it('matches the hand-computed figures for the village and for the township', async () => {
    await seedFeedback();
    const village = await get(
      w.users.inspector,
      `/api/v1/supervision/overview?orgId=${id(w.village)}&from=2026-09-01&to=2026-10-31`,
    );
    expect(village.status).toBe(200);
    expect(village.body.feedback).toEqual(SAMPLE_FEEDBACK_FIGURES);
    const township = await get(
      w.users.inspector,
      `/api/v1/supervision/overview?orgId=${id(w.township)}&from=2026-09-01&to=2026-10-31`,
    );
    // Times 1, 3, 6, 18: median 4.5, p90 by nearest rank the 4th value; 3 of 5 due answered on time.
    expect(township.body.feedback).toMatchObject({
      total: 7,
      due: 5,
      answeredOnTime: 3,
      onTimeRate: 0.6,
      medianAnswerWorkdays: 4.5,
      p90AnswerWorkdays: 18,
    });
    expect(township.body.orgCount).toBe(3);
  });

  it('counts only items received within the period', async () => {
    await seedFeedback();
    const res = await get(
      w.users.inspector,
      `/api/v1/supervision/overview?orgId=${id(w.village)}&from=2026-10-01&to=2026-10-31`,
    );
    expect(res.body.feedback.total).toBe(3);
  });

  it.each([
    ['anonymous', null, 401, 'UNAUTHENTICATED'],
    ['a resident', 'resident', 403, 'FORBIDDEN'],
    ['the village cadre', 'cadre', 403, 'FORBIDDEN'],
    ['a supervisor of the village', 'supervisor', 200, null],
    ['the township inspector', 'inspector', 200, null],
    ['the inspector of a sibling township', 'otherInspector', 403, 'FORBIDDEN'],
    ['the admin', 'admin', 403, 'FORBIDDEN'],
    ['the cadre of the sibling village', 'siblingCadre', 403, 'FORBIDDEN'],
  ] as const)('answers %s (%s) with %d', async (_who, key, status, code) => {
    const user = key ? w.users[key] : null;
    for (const path of ['overview', 'complaints', 'overdue']) {
      const res = await get(user, `/api/v1/supervision/${path}?orgId=${id(w.village)}`);
      expect([path, res.status]).toEqual([path, status]);
      if (code) expect(res.body.error.code).toBe(code);
    }
    const csv = await get(user, `/api/v1/supervision/compliance?orgId=${id(w.village)}&year=2026`);
    expect(csv.status).toBe(status);
  });

  it('keeps a village supervisor out of the township level', async () => {
    const res = await get(w.users.supervisor, `/api/v1/supervision/overview?orgId=${id(w.township)}`);
    expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('refuses a reversed period with a Chinese message', async () => {
    const res = await get(
      w.users.inspector,
      `/api/v1/supervision/overview?orgId=${id(w.village)}&from=2026-10-31&to=2026-10-01`,
    );
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe('the complaint log', () => {
  beforeEach(seedFeedback);

  it.each([
    ['type=opinion', 3],
    ['overdue=true', 1],
    ['overdue=false', 6],
    ['q=水渠', 1],
    ['status=rated', 3],
    ['from=2026-10-01&to=2026-10-15', 2],
  ])('filters by %s', async (query, total) => {
    const res = await get(
      w.users.inspector,
      `/api/v1/supervision/complaints?orgId=${id(w.township)}&${query}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(total);
  });

  it('includes an item transferred in from another township, and keeps that township out of it', async () => {
    const elsewhere = await makeOrg('东河村', 'village', w.otherTownship);
    await insertFeedback(elsewhere, {
      submitted: '2026-10-26T10:00:00',
      due: '2026-11-10',
      handledBy: w.village,
    });
    const mine = await get(w.users.inspector, `/api/v1/supervision/complaints?orgId=${id(w.township)}`);
    expect(mine.body.total).toBe(8);
    expect(mine.body.items[0]).toMatchObject({ orgName: '东河村', handlingOrgName: '东山村' });
    const theirs = await get(
      w.users.otherInspector,
      `/api/v1/supervision/complaints?orgId=${id(w.otherTownship)}`,
    );
    expect(theirs.body.total).toBe(1);
  });

  it('shows each item with its full timeline and the orgs by name', async () => {
    const res = await get(
      w.users.inspector,
      `/api/v1/supervision/complaints?orgId=${id(w.village)}&status=rated&pageSize=1`,
    );
    expect(res.body).toMatchObject({ total: 3, page: 1, pageSize: 1 });
    const [item] = res.body.items;
    expect(item.orgName).toBe('东山村');
    expect(item.authorName).toBe('张三丰');
    expect(item.timeline.map((e: { kind: string }) => e.kind)).toEqual(['submitted', 'replied', 'rated']);
  });

  it('exports the log as XLSX with Chinese headers', async () => {
    const raw = await w.as(
      w.users.inspector,
      binary(t.request.get(`/api/v1/exports/feedback.xlsx?orgId=${id(w.township)}`)),
    );
    expect(raw.status).toBe(200);
    expect(raw.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(raw.body as ArrayBuffer);
    const sheet = book.getWorksheet('意见台账')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('编号');
    expect(sheet.getRow(1).getCell(10).value).toBe('答复用时（工作日）');
    expect(sheet.rowCount).toBe(8);
    // The oldest item (09-10) was answered after 18 working days, late.
    expect([sheet.getRow(2).getCell(10).value, sheet.getRow(2).getCell(11).value]).toEqual([18, '否']);
  });
});

describe('compliance and the overdue board', () => {
  beforeEach(async () => {
    const by = w.users.cadre._id;
    // 2026-08 due 09-07: published 09-05, on time. 2026-09 due 10-13 (国庆; 10-10 is a working
    // Saturday): published 10-15, 2 working days late. The other months are missing.
    await insertPublished(w.village, {
      period: '2026-08',
      publishedAt: '2026-09-05T10:00:00',
      createdBy: by,
    });
    await insertPublished(w.village, {
      period: '2026-09',
      publishedAt: '2026-10-15T10:00:00',
      createdBy: by,
    });
  });

  it('lists every expected finance period with on time, late and missing', async () => {
    const res = await get(
      w.users.inspector,
      `/api/v1/supervision/compliance?orgId=${id(w.township)}&year=2026`,
    );
    expect(res.status).toBe(200);
    const village = res.body.orgs.find((o: { orgId: string }) => o.orgId === id(w.village));
    const finances = village.items.filter(
      (i: { catalogueCode: string }) => i.catalogueCode === 'village-finances',
    );
    expect(finances.map((i: { periodKey: string }) => i.periodKey)).toEqual(
      ['01', '02', '03', '04', '05', '06', '07', '08', '09'].map((m) => `2026-${m}`),
    );
    expect(finances[7]).toMatchObject({ status: 'onTime', publishBy: '2026-09-07', lateWorkdays: null });
    expect(finances[8]).toMatchObject({ status: 'late', publishBy: '2026-10-13', lateWorkdays: 2 });
    expect(finances[6]).toMatchObject({ status: 'missing', publishBy: '2026-08-07' });
    expect(res.body.orgs.map((o: { orgName: string }) => o.orgName).sort()).toEqual([
      '东山村',
      '城关镇',
      '西河村',
    ]);
  });

  it('boards overdue feedback and missing disclosures', async () => {
    await seedFeedback();
    const res = await get(w.users.inspector, `/api/v1/supervision/overdue?orgId=${id(w.village)}`);
    expect(res.status).toBe(200);
    expect(res.body.feedback.map((f: { content: string }) => f.content)).toEqual(['水渠堵塞，秧田进不了水']);
    const missing = res.body.disclosures.filter(
      (d: { catalogueCode: string }) => d.catalogueCode === 'village-finances',
    );
    expect(missing).toHaveLength(7);
    expect(missing.every((d: { kind: string }) => d.kind === 'missing')).toBe(true);
  });
});

describe('the public record of a village', () => {
  beforeEach(async () => {
    await seedFeedback();
    await insertPublished(w.village, {
      period: '2026-09',
      publishedAt: '2026-10-15T10:00:00',
      createdBy: w.users.cadre._id,
    });
  });

  it('is readable by anyone and cached with an ETag', async () => {
    const res = await t.request.get(`/api/v1/orgs/${id(w.village)}/record?year=2026`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      orgName: '东山村',
      year: 2026,
      answers: { due: 4, onTime: 2, onTimeRate: 0.5, medianAnswerWorkdays: 6 },
      overdueNow: { feedback: 1 },
    });
    expect(res.body.disclosures.late).toBe(1);
    const again = await t.request
      .get(`/api/v1/orgs/${id(w.village)}/record?year=2026`)
      .set('If-None-Match', res.headers.etag!);
    expect(again.status).toBe(304);
  });

  it('exports an anonymised CSV', async () => {
    const res = await t.request.get(`/api/v1/exports/record.csv?orgId=${id(w.village)}&year=2026`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(
      '财务计划及各项收入、支出和债权债务情况,2026-09,2026-10-13,逾期公开,2026-10-15,2',
    );
    expect(res.text).not.toContain('张三丰');
    expect(res.text).not.toMatch(/[0-9a-f]{24}/);
  });

  it('answers 404 for an unknown org', async () => {
    const res = await t.request.get('/api/v1/orgs/65f0c0ffee0000000000abcd/record');
    expect([res.status, res.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('通报 and rectification', () => {
  const body = () => ({
    title: '关于东山村财务公开不及时的通报',
    content: '东山村2026年7月财务收支未按期公开，请于期限内整改并报告。',
    items: [
      {
        orgId: id(w.village),
        kind: 'compliance',
        catalogueCode: 'village-finances',
        periodKey: '2026-07',
        note: '7月财务未公开',
      },
    ],
    rectifyBy: '2026-11-06',
  });
  const issue = (user: UserDoc | null, b: object = body()) =>
    w.as(user, t.request.post('/api/v1/supervision/notices').send(b));

  it.each([
    ['the township inspector', 'inspector', 201],
    ['the inspector of a sibling township', 'otherInspector', 403],
    ['a supervisor of the village', 'supervisor', 403],
    ['the village cadre', 'cadre', 403],
    ['the admin', 'admin', 403],
  ] as const)('may be issued by %s (%s): %d', async (_who, key, status) => {
    const res = await issue(w.users[key]);
    expect(res.status).toBe(status);
    expect(await Notice.countDocuments()).toBe(status === 201 ? 1 : 0);
  });

  it('refuses a rectification deadline in the past', async () => {
    const res = await issue(w.users.inspector, { ...body(), rectifyBy: '2026-10-01' });
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('is seen and answered by the named org, reminded and marked overdue by the sweep, and closed by the inspector', async () => {
    const created = await issue(w.users.inspector);
    const noticeId = created.body.id as string;
    expect(created.body).toMatchObject({ state: 'open', issuerOrgName: '城关镇', overdue: false });

    const mine = await get(w.users.cadre, `/api/v1/orgs/${id(w.village)}/notices`);
    expect(mine.body.total).toBe(1);
    const theirs = await get(w.users.siblingCadre, `/api/v1/orgs/${id(w.sibling)}/notices`);
    expect(theirs.body.total).toBe(0);
    expect((await get(w.users.siblingCadre, `/api/v1/notices/${noticeId}`)).status).toBe(403);
    const intruder = await w.as(
      w.users.siblingCadre,
      t.request
        .post(`/api/v1/notices/${noticeId}/responses`)
        .send({ orgId: id(w.village), content: '已整改' }),
    );
    expect([intruder.status, intruder.body.error.code]).toEqual([403, 'FORBIDDEN']);

    const scheduler = createScheduler({
      clock: t.clock.now,
      logger: captureLogger().logger,
      instanceId: 'n',
    });
    t.clock.set(sh('2026-11-03T09:00:00')); // 3 working days before 11-06
    expect((await scheduler.sweep()).notices).toBe(1);
    expect(await Notification.countDocuments({ kind: 'notice.reminder', userId: w.users.cadre._id })).toBe(1);
    t.clock.set(sh('2026-11-07T09:00:00'));
    await scheduler.sweep();
    await scheduler.sweep();
    expect(await Notification.countDocuments({ kind: 'notice.overdue', userId: w.users.cadre._id })).toBe(1);
    expect(await Notification.countDocuments({ kind: 'notice.overdue', userId: w.users.inspector._id })).toBe(
      1,
    );
    expect((await Notice.findById(noticeId).lean())!.orgs[0]!.overdueAt).toEqual(t.clock.now());

    const answered = await w.as(
      w.users.cadre,
      t.request
        .post(`/api/v1/notices/${noticeId}/responses`)
        .send({ orgId: id(w.village), content: '7月财务已于11月7日补充公开。' }),
    );
    expect(answered.status).toBe(201);
    expect(answered.body.responses[0]).toMatchObject({ byName: '王建国', late: true });

    expect(
      (
        await w.as(
          w.users.cadre,
          t.request.post(`/api/v1/notices/${noticeId}/close`).send({ conclusion: '同意' }),
        )
      ).status,
    ).toBe(403);
    const closed = await w.as(
      w.users.inspector,
      t.request.post(`/api/v1/notices/${noticeId}/close`).send({ conclusion: '整改到位，予以办结' }),
    );
    expect(closed.status).toBe(200);
    expect((await Notice.findById(noticeId).lean())!).toMatchObject({ state: 'closed', nextCheckAt: null });
    const late = await w.as(
      w.users.cadre,
      t.request.post(`/api/v1/notices/${noticeId}/responses`).send({ orgId: id(w.village), content: '补充' }),
    );
    expect([late.status, late.body.error.code]).toEqual([409, 'INVALID_STATE']);
  });
});
