import { ZDisclosure } from '@sanwu/shared';
import { AuditEntry } from '../audit/audit.model';
import type { TestApp } from '../test/harness';
import { Disclosure, type DisclosureDoc } from './disclosure.model';
import pino from 'pino';
import { createScheduler } from '../scheduler/scheduler';
import { expireDisclosures } from './disclosure-expiry.service';
import {
  correct,
  createDraft,
  expectStatus,
  FINANCE_BODY,
  useDisclosureWorld,
  NOTICE_BODY,
  publishedItem,
  submitAndApprove,
  type World,
} from './testing';

describe('the disclosure lifecycle through HTTP', () => {
  let t: TestApp;
  let w: World;
  useDisclosureWorld((app, world) => {
    [t, w] = [app, world];
  });
  const post = (path: string) => t.request.post(`/api/v1${path}`);

  it('drafts, edits, reviews with the quorum, publishes on time and chains the hash', async () => {
    const id = await createDraft(t, w);
    const patched = await w.as(
      w.users.cadre,
      t.request.patch(`/api/v1/disclosures/${id}`).send({ title: '东山村2026年3月财务公开（修订）' }),
    );
    expect(patched.status).toBe(200);
    expect(patched.body.current.content.title).toBe('东山村2026年3月财务公开（修订）');

    const submitted = await w.as(w.users.cadre, post(`/disclosures/${id}/submit`));
    expect(submitted.body.state).toBe('in_review');
    expect(submitted.body.current.requiredSignatures).toBe(3);
    for (const sup of w.sups.slice(0, 2)) {
      await expectStatus(
        w.as(sup, post(`/disclosures/${id}/reviews`).send({ decision: 'approve', comment: '核对无误' })),
        200,
      );
    }
    const early = await w.as(w.users.cadre, post(`/disclosures/${id}/publish`));
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('INVALID_STATE');
    expect((await Disclosure.findById(id).lean())!.state).toBe('in_review');

    const third = await w.as(w.sups[2]!, post(`/disclosures/${id}/reviews`).send({ decision: 'approve' }));
    expect(third.body.state).toBe('approved');
    const published = await w.as(w.users.cadre, post(`/disclosures/${id}/publish`));
    expect(published.status).toBe(200);
    const dto = ZDisclosure.parse(published.body);
    expect(dto.state).toBe('published');
    expect(dto.publishBy).toBe('2026-04-08'); // 3月31日 + 5 working days; 4月4–6日 are the 清明 holiday
    expect(dto.late).toBe(false);
    expect(dto.displayUntil).not.toBeNull();
    expect(dto.current.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(dto.current.signatures.map((s) => s.name)).toEqual(['李德明', '王秀英', '张福生']);
    expect(dto.chain).toHaveLength(1);
    expect(dto.chainValid).toBe(true);
    expect(dto.financeTotals).toEqual({ incomeFen: 50000, expenseFen: 20000 });

    const publicView = await t.request.get(`/api/v1/disclosures/${id}`);
    expect(publicView.status).toBe(200);
    expect(publicView.body.current.signatures).toHaveLength(3);
    const actions = (await AuditEntry.find({ 'target.id': id }).sort({ seq: 1 }).lean()).map((a) => a.action);
    expect(actions).toEqual([
      'disclosure.create',
      'disclosure.edit',
      'disclosure.submit',
      'disclosure.review',
      'disclosure.review',
      'disclosure.review',
      'disclosure.publish',
    ]);
  });

  it('records a late publication in working days', async () => {
    const id = await createDraft(t, w, { ...FINANCE_BODY, period: '2026-02', title: '2月财务公开' });
    await submitAndApprove(t, w, id);
    const res = await w.as(w.users.cadre, post(`/disclosures/${id}/publish`));
    expect(res.body.publishBy).toBe('2026-03-06'); // 2月28日 is a 调休 working Saturday, not counted as the start day
    expect(res.body.late).toBe(true);
    expect(res.body.lateWorkdays).toBeGreaterThan(10);
  });

  it('sends a rejected draft back with the comment and starts a fresh round on resubmission', async () => {
    const id = await createDraft(t, w);
    await expectStatus(w.as(w.users.cadre, post(`/disclosures/${id}/submit`)), 200);
    await expectStatus(
      w.as(w.sups[0]!, post(`/disclosures/${id}/reviews`).send({ decision: 'approve' })),
      200,
    );
    const rejected = await w.as(
      w.sups[1]!,
      post(`/disclosures/${id}/reviews`).send({ decision: 'reject', comment: '支出缺少凭证号' }),
    );
    expect(rejected.body.state).toBe('rejected');
    expect(rejected.body.current.signatures.at(-1)).toMatchObject({
      decision: 'reject',
      comment: '支出缺少凭证号',
    });

    await expectStatus(
      w.as(
        w.users.cadre,
        t.request.patch(`/api/v1/disclosures/${id}`).send({ title: '补充凭证号后重新提交' }),
      ),
      200,
    );
    const again = await w.as(w.users.cadre, post(`/disclosures/${id}/submit`));
    expect(again.body.state).toBe('in_review');
    expect(again.body.current.approvals).toBe(0);
    expect(again.body.current.signatures).toHaveLength(2); // the history of round 1 stays
  });

  it('refuses a rejection without a reason', async () => {
    const id = await createDraft(t, w);
    await expectStatus(w.as(w.users.cadre, post(`/disclosures/${id}/submit`)), 200);
    const res = await w.as(w.sups[0]!, post(`/disclosures/${id}/reviews`).send({ decision: 'reject' }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect((await Disclosure.findById(id).lean())!.versions[0]!.signatures).toHaveLength(0);
  });

  it.each([
    [
      'publishing a draft',
      async (id: string) => w.as(w.users.cadre, post(`/disclosures/${id}/publish`)),
      409,
      'INVALID_STATE',
    ],
    [
      'reviewing a draft that was not submitted',
      async (id: string) =>
        w.as(w.sups[0]!, post(`/disclosures/${id}/reviews`).send({ decision: 'approve' })),
      409,
      'INVALID_STATE',
    ],
    [
      'revoking a draft',
      async (id: string) =>
        w.as(w.users.cadre, post(`/disclosures/${id}/revoke`).send({ reason: '不需要了' })),
      409,
      'INVALID_STATE',
    ],
    [
      'correcting a draft',
      async (id: string) => correct(t, w, id, { reason: '数字有误', title: 'x', text: 'y' }),
      409,
      'INVALID_STATE',
    ],
  ])('refuses %s (409 and nothing stored)', async (_name, act, status, code) => {
    const id = await createDraft(t, w);
    const before = await Disclosure.findById(id).lean();
    const res = await act(id);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect((await Disclosure.findById(id).lean())!.revision).toBe(before!.revision);
  });

  it.each([
    [
      'editing after publication',
      (id: string) =>
        w.as(w.users.cadre, t.request.patch(`/api/v1/disclosures/${id}`).send({ title: '偷偷改' })),
      409,
      'INVALID_STATE',
    ],
    [
      'submitting a published item',
      (id: string) => w.as(w.users.cadre, post(`/disclosures/${id}/submit`)),
      409,
      'INVALID_STATE',
    ],
    [
      'signing a published item',
      (id: string) => w.as(w.sups[4]!, post(`/disclosures/${id}/reviews`).send({ decision: 'approve' })),
      409,
      'INVALID_STATE',
    ],
    [
      'publishing twice',
      (id: string) => w.as(w.users.cadre, post(`/disclosures/${id}/publish`)),
      409,
      'INVALID_STATE',
    ],
  ])('refuses %s and keeps the published text', async (_name, act, status, code) => {
    const id = await publishedItem(t, w);
    const res = await act(id);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    const stored = (await Disclosure.findById(id).lean<DisclosureDoc>())!;
    expect(stored.versions[0]!.content.title).toBe(FINANCE_BODY.title);
    expect(stored.state).toBe('published');
  });

  it.each([
    ['a supervisor of another village', 'siblingSupervisor', 403, 'FORBIDDEN'],
    ['a supervisor not on the roster', 'offRoster', 403, 'FORBIDDEN'],
    ['the cadre', 'cadre', 403, 'FORBIDDEN'],
  ] as const)('refuses a signature by %s', async (_name, who, status, code) => {
    const id = await createDraft(t, w);
    await expectStatus(w.as(w.users.cadre, post(`/disclosures/${id}/submit`)), 200);
    const res = await w.as(w.users[who], post(`/disclosures/${id}/reviews`).send({ decision: 'approve' }));
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect((await Disclosure.findById(id).lean())!.versions[0]!.signatures).toHaveLength(0);
  });

  it('refuses a second signature by the same member in one round', async () => {
    const id = await createDraft(t, w);
    await expectStatus(w.as(w.users.cadre, post(`/disclosures/${id}/submit`)), 200);
    await expectStatus(
      w.as(w.sups[0]!, post(`/disclosures/${id}/reviews`).send({ decision: 'approve' })),
      200,
    );
    const res = await w.as(w.sups[0]!, post(`/disclosures/${id}/reviews`).send({ decision: 'approve' }));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT');
  });

  it('refuses a finance statement that does not reconcile, naming the rows', async () => {
    const broken = {
      ...FINANCE_BODY,
      finance: {
        ...FINANCE_BODY.finance,
        closingBalanceFen: 999,
        lines: [
          ...FINANCE_BODY.finance.lines,
          { date: '2026-02-30', direction: 'expense', subject: '', amountFen: -5 },
        ],
      },
    };
    const res = await w.as(w.users.cadre, post(`/orgs/${String(w.village._id)}/disclosures`).send(broken));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.some((d: { message: string }) => d.message.startsWith('第 3 行'))).toBe(
      true,
    );
    expect(await Disclosure.countDocuments()).toBe(0);
  });

  it.each([
    [{ ...FINANCE_BODY, period: '2026-H1' }, 'period'],
    [{ ...FINANCE_BODY, period: undefined }, 'period'],
    [{ ...NOTICE_BODY, settledOn: undefined }, 'settledOn'],
    [{ ...FINANCE_BODY, catalogueCode: 'dept-functions' }, 'catalogueCode'],
    [{ ...FINANCE_BODY, blocks: [] }, 'blocks'],
    [
      {
        ...FINANCE_BODY,
        blocks: [{ type: 'table', columns: [{ key: 'a', label: '甲' }], rows: [['1', '2']] }],
      },
      'blocks.0.rows.0',
    ],
  ])('refuses a malformed draft (%#) with 400 on %s', async (body, path) => {
    const res = await w.as(w.users.cadre, post(`/orgs/${String(w.village._id)}/disclosures`).send(body));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await Disclosure.countDocuments()).toBe(0);
  });

  it('keeps every version visible through a correction and a revocation, chained and verifiable', async () => {
    const id = await publishedItem(t, w);
    const corrected = await w.as(
      w.users.cadre,
      post(`/disclosures/${id}/corrections`).send({
        ...FINANCE_BODY,
        period: undefined,
        catalogueCode: undefined,
        reason: '办公用品支出金额录入有误',
        title: '东山村2026年3月财务收支公开（更正）',
      }),
    );
    expect(corrected.status).toBe(201);
    expect(corrected.body.versions.map((v: { state: string }) => v.state)).toEqual([
      'superseded',
      'in_review',
    ]);
    const meanwhile = await t.request.get(`/api/v1/disclosures/${id}`);
    expect(meanwhile.body.versions).toHaveLength(1);
    expect(meanwhile.body.correctionPending).toBe(true);

    for (const sup of w.sups.slice(0, 3)) {
      await expectStatus(w.as(sup, post(`/disclosures/${id}/reviews`).send({ decision: 'approve' })), 200);
    }
    t.clock.advance(3_600_000);
    await expectStatus(w.as(w.users.cadre, post(`/disclosures/${id}/publish`)), 200);
    const revoked = await w.as(
      w.users.cadre,
      post(`/disclosures/${id}/revoke`).send({ reason: '该月账目并入第一季度统一公开' }),
    );
    expect(revoked.status).toBe(200);

    const view = ZDisclosure.parse((await t.request.get(`/api/v1/disclosures/${id}`)).body);
    expect(view.versions.map((v) => [v.no, v.state, v.reason])).toEqual([
      [1, 'superseded', null],
      [2, 'revoked', '办公用品支出金额录入有误'],
    ]);
    expect(view.current.revokeReason).toBe('该月账目并入第一季度统一公开');
    expect(view.chain.map((l) => l.kind)).toEqual(['publish', 'publish', 'revoke']);
    expect(view.versions[1]!.previousHash).toBe(view.versions[0]!.contentHash);
    expect(view.chainValid).toBe(true);
    const verify = await t.request.get(`/api/v1/disclosures/${id}/verify`);
    expect(verify.body).toMatchObject({ valid: true, links: 3, brokenAt: null });
  });

  it('detects a stored version that was changed behind the API', async () => {
    const id = await publishedItem(t, w);
    await Disclosure.collection.updateOne(
      { _id: (await Disclosure.findById(id).lean())!._id },
      { $set: { 'versions.0.content.finance.lines.1.amountFen': 2000 } },
    );
    const verify = await t.request.get(`/api/v1/disclosures/${id}/verify`);
    expect(verify.body).toMatchObject({ valid: false, brokenAt: 1 });
    expect(verify.body.problem).toContain('第 1 版的内容');
    expect((await t.request.get(`/api/v1/disclosures/${id}`)).body.chainValid).toBe(false);
  });

  it('detects a forged signature list', async () => {
    const id = await publishedItem(t, w);
    await Disclosure.collection.updateOne(
      { _id: (await Disclosure.findById(id).lean())!._id },
      { $pop: { 'versions.0.signatures': 1 } },
    );
    const verify = await t.request.get(`/api/v1/disclosures/${id}/verify`);
    expect(verify.body.valid).toBe(false);
    expect(verify.body.problem).toContain('签章');
  });

  it('expires an item in the scheduler sweep once its display window has ended, keeping it public and refusing later corrections', async () => {
    const id = await publishedItem(t, w);
    const until = (await Disclosure.findById(id).lean())!.displayUntil!;
    t.clock.set(`${until}T23:00:00+08:00`);
    expect(await expireDisclosures(t.clock.now())).toBe(0);
    t.clock.set(`${until}T23:59:59.999+08:00`);
    t.clock.advance(1);
    const sweep = createScheduler({
      clock: t.clock.now,
      logger: pino({ level: 'silent' }),
      instanceId: 'expiry',
    }).sweep;
    expect((await sweep()).expiredDisclosures).toBe(1);
    expect(await expireDisclosures(t.clock.now())).toBe(0);
    const view = await t.request.get(`/api/v1/disclosures/${id}`);
    expect(view.body.state).toBe('expired');
    expect(view.body.chainValid).toBe(true);
    const late = await w.as(w.users.cadre, post(`/disclosures/${id}/revoke`).send({ reason: '已过公开期' }));
    expect(late.body.error.code).toBe('INVALID_STATE');
    expect(await AuditEntry.countDocuments({ action: 'disclosure.expire', 'target.id': id })).toBe(1);
  });
});
