import JSZip from 'jszip';
import type { Response, Test } from 'supertest';
import { AuditEntry } from '../audit/audit.model';
import { Disclosure } from '../disclosures/disclosure.model';
import { createDraft, FINANCE_BODY, publishedItem } from '../disclosures/testing';
import { Feedback } from '../feedback/feedback.model';
import {
  insertFeedback,
  makeSupervisionWorld,
  type SupervisionWorld,
} from '../supervision/supervision.testing';
import { binary } from '../test/binary';
import { startTestApp, type TestApp } from '../test/harness';
import type { UserDoc } from '../users/user.model';
import { ARCHIVED_MESSAGE } from './archive-guard';
import { verifyZip } from './archive-zip';
import { Archive, ModificationRequest } from './archive.model';

let t: TestApp;
let w: SupervisionWorld;
const id = (o: { _id: unknown }) => String(o._id);

const DEC_2025 = {
  ...FINANCE_BODY,
  period: '2025-12',
  title: '东山村2025年12月财务收支公开',
  finance: {
    ...FINANCE_BODY.finance,
    periodLabel: '2025年12月',
    lines: FINANCE_BODY.finance.lines.map((l) => ({ ...l, date: l.date.replace('2026-03', '2025-12') })),
  },
};

let published: string;
let draft2025: string;
let answered2025: string;
let answered2026: string;

beforeAll(async () => {
  t = await startTestApp({ now: '2026-01-06T02:00:00Z' });
});
afterAll(() => t.stop());
beforeEach(async () => {
  await t.reset();
  t.clock.set('2026-01-06T02:00:00Z');
  w = await makeSupervisionWorld(t);
  published = await publishedItem(t, w, DEC_2025);
  draft2025 = await createDraft(t, w, {
    ...DEC_2025,
    period: '2025-11',
    title: '东山村2025年11月财务收支公开（草稿）',
  });
  answered2025 = id(
    await insertFeedback(w.village, {
      submitted: '2025-10-09T10:00:00',
      due: '2025-10-24',
      replied: '2025-10-11T10:00:00',
    }),
  );
  answered2026 = id(
    await insertFeedback(w.village, {
      submitted: '2026-01-05T10:00:00',
      due: '2026-01-20',
      replied: '2026-01-06T09:00:00',
    }),
  );
  t.clock.set('2026-03-10T02:00:00Z');
});

const as = (user: UserDoc | null, req: Test): Promise<Response> => w.as(user, req);
const closeYear = (user: UserDoc | null, year = 2025) =>
  as(user, t.request.post(`/api/v1/orgs/${id(w.village)}/archives`).send({ year }));

describe('closing a year', () => {
  it.each([
    ['anonymous', null, 401],
    ['a resident', 'resident', 403],
    ['the village cadre', 'cadre', 403],
    ['a supervisor of the village', 'supervisor', 403],
    ['the township inspector', 'inspector', 201],
    ['the inspector of a sibling township', 'otherInspector', 403],
    ['the admin', 'admin', 201],
    ['the cadre of the sibling village', 'siblingCadre', 403],
  ] as const)('answers %s (%s) asking to close a year with %d', async (_who, key, status) => {
    const res = await closeYear(key ? w.users[key] : null);
    expect(res.status).toBe(status);
    expect(await Archive.countDocuments()).toBe(status === 201 ? 1 : 0);
    if (status === 201)
      expect(res.body).toMatchObject({ year: 2025, orgName: '东山村', disclosures: 2, feedback: 1 });
  });

  it('refuses the running year and a second archive of the same year', async () => {
    const current = await closeYear(w.users.inspector, 2026);
    expect([current.status, current.body.error.code]).toEqual([409, 'INVALID_STATE']);
    expect((await closeYear(w.users.inspector)).status).toBe(201);
    const again = await closeYear(w.users.inspector);
    expect([again.status, again.body.error.code]).toEqual([409, 'CONFLICT']);
    expect(await Archive.countDocuments()).toBe(1);
  });

  it('refuses while a complaint of that year is still unanswered', async () => {
    await insertFeedback(w.village, { submitted: '2025-12-29T10:00:00', due: '2026-01-13' });
    const res = await closeYear(w.users.inspector);
    expect([res.status, res.body.error.code]).toEqual([409, 'INVALID_STATE']);
    expect(res.body.error.message).toContain('1 条意见未答复');
    expect(await Archive.countDocuments()).toBe(0);
  });

  it('writes the closing to the audit log', async () => {
    await closeYear(w.users.inspector);
    expect(await AuditEntry.countDocuments({ action: 'archive.close' })).toBe(1);
  });
});

describe('archived records', () => {
  beforeEach(async () => {
    expect((await closeYear(w.users.inspector)).status).toBe(201);
  });

  it.each([
    [
      'closing a 2025 complaint',
      () => as(w.users.cadre, t.request.post(`/api/v1/feedback/${answered2025}/close`).send({})),
    ],
    [
      'correcting a 2025 disclosure',
      () =>
        as(
          w.users.cadre,
          t.request.post(`/api/v1/disclosures/${published}/corrections`).send({
            reason: '金额录入有误',
            title: DEC_2025.title,
            blocks: DEC_2025.blocks,
          }),
        ),
    ],
    [
      'editing a 2025 draft',
      () => as(w.users.cadre, t.request.patch(`/api/v1/disclosures/${draft2025}`).send({ title: '改标题' })),
    ],
  ])('refuse %s with 409 and leave the record as it was', async (_what, send) => {
    const before = {
      f: await Feedback.findById(answered2025).lean(),
      d: await Disclosure.find({}).sort({ _id: 1 }).lean(),
    };
    const res = await send();
    expect([res.status, res.body.error.code, res.body.error.message]).toEqual([
      409,
      'INVALID_STATE',
      ARCHIVED_MESSAGE,
    ]);
    expect(await Feedback.findById(answered2025).lean()).toEqual(before.f);
    expect(await Disclosure.find({}).sort({ _id: 1 }).lean()).toEqual(before.d);
  });

  it('leave the next year writable', async () => {
    const res = await as(w.users.cadre, t.request.post(`/api/v1/feedback/${answered2026}/close`).send({}));
    expect(res.status).toBe(200);
    expect((await Feedback.findById(answered2026).lean())!.state).toBe('closed');
  });
});

describe('data-modification requests', () => {
  let archiveId: string;
  beforeEach(async () => {
    archiveId = (await closeYear(w.users.inspector)).body.id as string;
  });
  const request = (user: UserDoc, body: object) =>
    as(user, t.request.post(`/api/v1/archives/${archiveId}/modification-requests`).send(body));
  const decide = (user: UserDoc, mid: string, decision: string) =>
    as(
      user,
      t.request.post(`/api/v1/modification-requests/${mid}/decision`).send({ decision, comment: '经核实' }),
    );
  const retype = {
    target: { type: 'feedback', id: '' },
    change: { field: 'type', value: 'inquiry' },
    reason: '登记时把质询误登为意见',
  };

  it('applies an approved change, with the request, the decision and the change in the audit log', async () => {
    const made = await request(w.users.cadre, { ...retype, target: { type: 'feedback', id: answered2025 } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ status: 'pending', before: 'opinion', requestedByName: '王建国' });
    expect((await Feedback.findById(answered2025).lean())!.type).toBe('opinion');

    expect((await decide(w.users.cadre, made.body.id, 'approve')).status).toBe(403);
    expect((await decide(w.users.otherInspector, made.body.id, 'approve')).status).toBe(403);
    const approved = await decide(w.users.inspector, made.body.id, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedByName: '刘振华' });
    expect((await Feedback.findById(answered2025).lean())!.type).toBe('inquiry');
    const actions = (await AuditEntry.find({ action: /^archive\.modification/ }).lean())
      .map((e) => e.action)
      .sort();
    expect(actions).toEqual([
      'archive.modification.apply',
      'archive.modification.approve',
      'archive.modification.request',
    ]);
    // The audit viewer lists the flow by action prefix.
    const viewer = await as(
      w.users.inspector,
      t.request.get(`/api/v1/audit?orgId=${id(w.village)}&action=archive.modification.*`),
    );
    expect(viewer.status).toBe(200);
    expect(viewer.body.items.map((e: { action: string }) => e.action).sort()).toEqual(actions);
    const area = await as(
      w.users.inspector,
      t.request.get(`/api/v1/audit?orgId=${id(w.village)}&action=archive.*`),
    );
    expect(area.body.total).toBe(4); // and archive.close
    const again = await decide(w.users.inspector, made.body.id, 'reject');
    expect([again.status, again.body.error.code]).toEqual([409, 'INVALID_STATE']);
  });

  it('moves the deadline and the lateness with an approved period correction', async () => {
    // As 2025-12 it was due 2026-01-08 (元旦, 01-04 a working Sunday) and went up 01-06: on time.
    expect((await Disclosure.findById(published).lean())!).toMatchObject({
      publishBy: '2026-01-08',
      late: false,
    });
    const made = await request(w.users.cadre, {
      target: { type: 'disclosure', id: published },
      change: { field: 'period', value: '2025-11' },
      reason: '该表实为11月收支，期间填错',
    });
    expect((await decide(w.users.inspector, made.body.id, 'approve')).status).toBe(200);
    // As 2025-11 it was due 2025-12-05: 21 working days late.
    expect((await Disclosure.findById(published).lean())!).toMatchObject({
      period: '2025-11',
      publishBy: '2025-12-05',
      late: true,
      lateWorkdays: 21,
    });
  });

  it('changes nothing when rejected', async () => {
    const made = await request(w.users.cadre, {
      target: { type: 'disclosure', id: published },
      change: { field: 'period', value: '2025-11' },
      reason: '期间填错',
    });
    expect(made.body.before).toBe('2025-12');
    expect((await decide(w.users.inspector, made.body.id, 'reject')).body.status).toBe('rejected');
    expect((await Disclosure.findById(published).lean())!.period).toBe('2025-12');
    expect(await AuditEntry.countDocuments({ action: 'archive.modification.apply' })).toBe(0);
  });

  it.each([
    [
      'a field that may not be changed',
      { ...retype, change: { field: 'period', value: '2025-11' } },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a value of the wrong shape',
      { ...retype, change: { field: 'type', value: 'objection' } },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a period of the wrong cadence',
      {
        target: { type: 'disclosure', id: 'p' },
        change: { field: 'period', value: '2025-Q4' },
        reason: '期间填错',
      },
      400,
      'VALIDATION_FAILED',
    ],
    ['a record of another year', { ...retype, target: { type: 'feedback', id: 'x' } }, 404, 'NOT_FOUND'],
  ])('refuses %s', async (_what, body, status, code) => {
    const target = body.target.id === 'x' ? answered2026 : body.target.id === 'p' ? published : answered2025;
    const res = await request(w.users.cadre, { ...body, target: { ...body.target, id: target } });
    expect([res.status, res.body.error.code]).toEqual([status, code]);
    expect(await ModificationRequest.countDocuments()).toBe(0);
  });

  it('does not let an inspector approve their own request', async () => {
    const made = await request(w.users.inspector, {
      ...retype,
      target: { type: 'feedback', id: answered2025 },
    });
    const res = await decide(w.users.inspector, made.body.id, 'approve');
    expect([res.status, res.body.error.code]).toEqual([409, 'INVALID_STATE']);
    expect((await Feedback.findById(answered2025).lean())!.type).toBe('opinion');
  });

  it('keeps the sibling village cadre out', async () => {
    const res = await request(w.users.siblingCadre, {
      ...retype,
      target: { type: 'feedback', id: answered2025 },
    });
    expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });
});

describe('the archive ZIP', () => {
  const exportZip = (user: UserDoc | null) =>
    as(user, binary(t.request.get(`/api/v1/orgs/${id(w.village)}/archives/2025/export.zip`)));

  beforeEach(async () => {
    await closeYear(w.users.inspector);
  });

  it('holds the data, the printable sheet and a manifest that verifies; a tampered file is detected', async () => {
    const res = await exportZip(w.users.inspector);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const bytes = res.body as Buffer;
    const report = await verifyZip(bytes);
    expect(report).toMatchObject({ ok: true, mismatched: [], missing: [], unexpected: [] });
    expect(report.manifestSha256).toBe(res.headers['x-manifest-sha256']);
    const zip = await JSZip.loadAsync(bytes);
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(
      expect.arrayContaining([
        'archive.json',
        'manifest.json',
        'modification-requests.json',
        `disclosures/${published}.json`,
        `disclosures/${draft2025}.json`,
        `sheets/${published}.html`,
        `feedback/${answered2025}.json`,
      ]),
    );
    expect(names).not.toContain(`feedback/${answered2026}.json`);
    expect(await zip.file(`sheets/${published}.html`)!.async('string')).toContain(
      '东山村2025年12月财务收支公开',
    );

    const path = `feedback/${answered2025}.json`;
    zip.file(path, (await zip.file(path)!.async('string')).replace('opinion', 'inquiry'));
    const tampered = await verifyZip(await zip.generateAsync({ type: 'nodebuffer' }));
    expect(tampered).toMatchObject({ ok: false, mismatched: [path] });
    zip.file('extra.txt', '夹带');
    zip.remove(`sheets/${published}.html`);
    const worse = await verifyZip(await zip.generateAsync({ type: 'nodebuffer' }));
    expect(worse).toMatchObject({
      ok: false,
      missing: [`sheets/${published}.html`],
      unexpected: ['extra.txt'],
    });
  });

  it.each([
    ['anonymous', null, 401],
    ['a resident', 'resident', 403],
    ['the cadre of the sibling village', 'siblingCadre', 403],
    ['the inspector of a sibling township', 'otherInspector', 403],
    ['the village cadre', 'cadre', 200],
    ['the admin', 'admin', 200],
  ] as const)('answers %s (%s) asking for it with %d', async (_who, key, status) => {
    expect((await exportZip(key ? w.users[key] : null)).status).toBe(status);
  });

  it('answers 404 for a year not archived', async () => {
    const res = await as(
      w.users.inspector,
      t.request.get(`/api/v1/orgs/${id(w.village)}/archives/2024/export.zip`),
    );
    expect([res.status, res.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });
});
