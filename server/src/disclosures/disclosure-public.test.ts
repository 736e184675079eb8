import { Types } from 'mongoose';
import { ZDisclosure, type RedactionTarget } from '@sanwu/shared';
import { AuditEntry } from '../audit/audit.model';
import { Resident } from '../residents/resident.model';
import type { TestApp } from '../test/harness';
import { makeOrg, makeStaff } from '../users/testing';
import { Disclosure } from './disclosure.model';
import { SUMMARY_FIELDS, toSummary } from './disclosure.mapper';
import {
  correct,
  createDraft,
  expectStatus,
  FINANCE_BODY,
  useDisclosureWorld,
  NOTICE_BODY,
  publishedItem,
  SUBSIDY_BODY,
  type World,
} from './testing';

describe('public reading, masking, 公示, redaction, withheld decisions and the print sheet', () => {
  let t: TestApp;
  let w: World;
  useDisclosureWorld(
    (app, world) => {
      [t, w] = [app, world];
    },
    { env: { PUBLIC_BASE_URL: 'https://sanwu.example.cn' } },
  );
  const get = (path: string) => t.request.get(`/api/v1${path}`);
  const post = (path: string) => t.request.post(`/api/v1${path}`);
  const listPath = () => `/orgs/${String(w.village._id)}/disclosures`;

  it('masks personal columns for the public and shows them whole to the cadre', async () => {
    const id = await publishedItem(t, w, SUBSIDY_BODY);
    const rowsOf = (body: unknown) => {
      const dto = ZDisclosure.parse(body);
      const table = dto.current.content.blocks[1]!;
      return { masked: dto.current.masked, rows: table.type === 'table' ? table.rows : [] };
    };
    const anonymous = rowsOf((await get(`/disclosures/${id}`)).body);
    expect(anonymous).toEqual({
      masked: true,
      rows: [
        ['张*丰', '****1234', '****3445', '1200.00'],
        ['欧**娜', '****567X', '****7665', '800.00'],
      ],
    });
    const resident = rowsOf((await w.as(w.users.resident, get(`/disclosures/${id}`))).body);
    expect(resident.masked).toBe(true);
    const cadre = rowsOf((await w.as(w.users.cadre, get(`/disclosures/${id}`))).body);
    expect(cadre).toEqual({ masked: false, rows: SUBSIDY_BODY.blocks[1]!.rows });
    const sibling = rowsOf((await w.as(w.users.siblingCadre, get(`/disclosures/${id}`))).body);
    expect(sibling.masked).toBe(true);
  });

  it('finds Chinese keywords in titles and text, never by a hidden ID number', async () => {
    await publishedItem(t, w, SUBSIDY_BODY);
    await publishedItem(t, w);
    const hits = async (q: string) =>
      (await get(listPath()).query({ q })).body.items.map((i: { title: string }) => i.title);
    expect(await hits('低保')).toEqual([SUBSIDY_BODY.title]);
    expect(await hits('办公用品')).toEqual([]); // finance lines are not body text
    expect(await hits('村务监督委员会')).toEqual([FINANCE_BODY.title]);
    expect(await hits('110101199003071234')).toEqual([]);
    expect(await hits('(')).toEqual([]); // a regex metacharacter is a literal
  });

  it('lists published items only, newest first, filtered and paginated', async () => {
    await createDraft(t, w, NOTICE_BODY); // a draft: never listed
    const first = await publishedItem(t, w);
    t.clock.advance(86_400_000);
    const second = await publishedItem(t, w, SUBSIDY_BODY);
    const all = await get(listPath());
    expect(all.body.items.map((i: { id: string }) => i.id)).toEqual([second, first]);
    expect(all.body.total).toBe(2);
    const page2 = await get(listPath()).query({ page: 2, pageSize: 1 });
    expect(page2.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page2.body.items[0].id).toBe(first);
    expect((await get(listPath()).query({ category: 'village-relief-funds' })).body.items).toHaveLength(1);
    expect((await get(listPath()).query({ domain: 'party' })).body.items).toHaveLength(0);
    expect((await get(listPath()).query({ from: '2026-04-03', to: '2026-04-03' })).body.items).toHaveLength(
      1,
    );
    const bad = await get(listPath()).query({ domain: 'nonsense', pageSize: 500 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    for (const unknown of [String(new Types.ObjectId()), 'not-an-id']) {
      const missing = await get(`/api/v1/orgs/${unknown}/disclosures`);
      expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND']);
    }
  });

  it('answers 304 to an unchanged public read and 200 once it changed', async () => {
    const id = await publishedItem(t, w);
    const first = await get(`/disclosures/${id}`);
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"/);
    const again = await get(`/disclosures/${id}`).set('If-None-Match', etag);
    expect(again.status).toBe(304);
    const list = await get(listPath());
    expect((await get(listPath()).set('If-None-Match', list.headers.etag as string)).status).toBe(304);

    await expectStatus(
      w.as(w.users.cadre, post(`/disclosures/${id}/revoke`).send({ reason: '数据口径调整，撤回重发' })),
      200,
    );
    expect((await get(`/disclosures/${id}`).set('If-None-Match', etag)).status).toBe(200);
    const signedIn = await w.as(w.users.cadre, get(`/disclosures/${id}`));
    expect(signedIn.headers['cache-control']).toBe('private, no-cache');
  });

  it('shows a 公示 with its window and a live tally of verified objectors against the registry', async () => {
    await Resident.insertMany(
      ['甲', '乙', '丙', '丁'].map((n, i) => ({
        orgId: w.village._id,
        name: `王${n}`,
        idLast4: `000${i}`,
        household: `H${i}`,
      })),
    );
    const id = await publishedItem(t, w, NOTICE_BODY);
    const detail = ZDisclosure.parse((await get(`/disclosures/${id}`)).body);
    expect(detail.publicNotice).toMatchObject({ days: 7, open: true });
    expect(detail.publicNotice!.windowEnd).toBe('2026-04-09T15:59:59.999Z'); // 4月2日 + 7 days, end of day
    expect(detail.objections).toMatchObject({ count: 0, base: 4, threshold: 2, reached: false, open: true });

    const entries = await Resident.find({ orgId: w.village._id }).sort({ name: 1 }).lean();
    const feedbacks = t.db!.connection.collection('feedbacks');
    const objection = (authorId: Types.ObjectId, residentId: Types.ObjectId | null) => ({
      type: 'objection',
      disclosureId: new Types.ObjectId(id),
      authorId,
      residentId,
    });
    await feedbacks.insertMany([
      objection(w.users.resident._id, entries[0]!._id),
      objection(new Types.ObjectId(), entries[1]!._id),
      objection(w.users.siblingCadre._id, null), // not a verified villager: not counted
      {
        type: 'opinion',
        disclosureId: new Types.ObjectId(id),
        authorId: w.users.cadre._id,
        residentId: entries[2]!._id,
      },
    ]);
    const tally = await get(`/disclosures/${id}/objections`);
    expect(tally.body).toMatchObject({ count: 2, base: 4, threshold: 2, reached: true });

    t.clock.set('2026-04-10T09:00:00+08:00');
    expect((await get(`/disclosures/${id}/objections`)).body.open).toBe(false);
    const notNotice = await publishedItem(t, w);
    expect((await get(`/disclosures/${notNotice}/objections`)).body.error.code).toBe('INVALID_STATE');
  });

  it('redacts a leaked field only with a supervisor’s approval, in the chain and the audit log', async () => {
    const id = await publishedItem(t, w, SUBSIDY_BODY);
    const target = { kind: 'cell', block: 1, row: 0, column: 'idNumber' };
    const asked = await w.as(
      w.users.cadre,
      post(`/disclosures/${id}/redactions`).send({
        versionNo: 1,
        target,
        reason: '误将完整身份证号录入，依申请删除',
      }),
    );
    expect(asked.status).toBe(201);
    const rid = asked.body.pendingRedactions[0].id as string;
    const byCadre = await w.as(w.users.cadre, post(`/disclosures/${id}/redactions/${rid}/approve`));
    expect(byCadre.status).toBe(403);
    expect(byCadre.body.error.code).toBe('FORBIDDEN');

    await expectStatus(w.as(w.users.supervisor, post(`/disclosures/${id}/redactions/${rid}/approve`)), 200);
    const cadreView = ZDisclosure.parse((await w.as(w.users.cadre, get(`/disclosures/${id}`))).body);
    const table = cadreView.current.content.blocks[1]!;
    expect(table.type === 'table' && table.rows[0]).toEqual([
      '张三丰',
      '【已删除】',
      '6222020200112233445',
      '1200.00',
    ]);
    expect(cadreView.current.redactions).toHaveLength(1);
    expect(cadreView.chain.map((l) => [l.kind, l.reason])).toEqual([
      ['publish', null],
      ['redact', '误将完整身份证号录入，依申请删除'],
    ]);
    expect(cadreView.chainValid).toBe(true);
    const stored = JSON.stringify((await Disclosure.findById(id).lean())!.versions);
    expect(stored).not.toContain('110101199003071234');
    expect(await AuditEntry.countDocuments({ action: 'disclosure.redact', 'target.id': id })).toBe(1);
    const twice = await w.as(w.users.supervisor, post(`/disclosures/${id}/redactions/${rid}/approve`));
    expect(twice.body.error.code).toBe('INVALID_STATE');
  });

  it.each<[RedactionTarget, string]>([
    [{ kind: 'cell', block: 0, row: 0, column: 'name' }, 'a paragraph'],
    [{ kind: 'cell', block: 1, row: 9, column: 'name' }, 'a missing row'],
    [{ kind: 'cell', block: 1, row: 0, column: 'nope' }, 'a missing column'],
    [{ kind: 'attachment', attachmentId: '65f0c0ffee0000000000abcd' }, 'a missing attachment'],
  ])('refuses a redaction of %j (%s)', async (target) => {
    const id = await publishedItem(t, w, SUBSIDY_BODY);
    const res = await w.as(
      w.users.cadre,
      post(`/disclosures/${id}/redactions`).send({ versionNo: 1, target, reason: '删除测试' }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect((await Disclosure.findById(id).lean())!.redactions).toHaveLength(0);
  });

  it('records 不予公开 decisions for supervisors and inspectors only', async () => {
    const body = {
      category: 'village-collective-assets',
      subject: '某承包合同中的商业秘密条款',
      reason: '涉及第三方商业秘密，经村民代表会议决定不予公开',
    };
    const path = `/orgs/${String(w.village._id)}/withheld`;
    const created = await w.as(w.users.cadre, post(path).send(body));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      subject: body.subject,
      decidedBy: '王建国',
      categoryName: expect.stringContaining('集体资产'),
    });
    for (const [who, status] of [
      ['supervisor', 200],
      ['inspector', 200],
      ['cadre', 403],
      ['resident', 403],
      ['siblingSupervisor', 403],
    ] as const) {
      const res = await w.as(w.users[who], get(path));
      expect([who, res.status]).toEqual([who, status]);
      if (status === 200) expect(res.body.items).toHaveLength(1);
    }
    const noReason = await w.as(w.users.cadre, post(path).send({ ...body, reason: '' }));
    expect(noReason.body.error.code).toBe('VALIDATION_FAILED');
    expect(await AuditEntry.countDocuments({ action: 'disclosure.withhold' })).toBe(1);
  });

  it('prints an A4 sheet with the finance table, signatures, window, hash and a QR code', async () => {
    const id = await publishedItem(t, w);
    const res = await get(`/disclosures/${id}/print`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const html = res.text;
    const hash = (await Disclosure.findById(id).lean())!.versions[0]!.contentHash!;
    for (const part of [
      FINANCE_BODY.title,
      '东山村三务公开栏',
      '@page { size: A4',
      '期末余额',
      '1,300.00',
      '李德明',
      '2026年4月2日',
      hash,
      '<svg',
    ]) {
      expect(html).toContain(part);
    }
    const pdf = await get(`/disclosures/${id}/print`).query({ format: 'pdf' });
    expect(pdf.status).toBe(406);
    expect(pdf.body.error.code).toBe('NOT_ACCEPTABLE');
    const draft = await createDraft(t, w, NOTICE_BODY);
    expect((await get(`/disclosures/${draft}/print`)).status).toBe(401);
  });

  it('escapes HTML in the print sheet', async () => {
    const id = await publishedItem(t, w, { ...NOTICE_BODY, title: '<script>alert(1)</script>公示' });
    const html = (await get(`/disclosures/${id}/print`)).text;
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;');
  });

  it('reviews a department item by office review then leader approval', async () => {
    const dept = await makeOrg('县农业农村局', 'department', w.county);
    const deptCadre = (await makeStaff([{ role: 'cadre', org: dept }])).user;
    const office = (await makeStaff([{ role: 'supervisor', org: dept }], { name: '股室审核人' })).user;
    const leader = (await makeStaff([{ role: 'supervisor', org: dept }], { name: '分管领导' })).user;
    const body = {
      catalogueCode: 'dept-documents',
      settledOn: '2026-03-30',
      title: '关于做好春耕备耕工作的通知',
      blocks: [{ type: 'paragraph', text: '各乡镇：……' }],
    };
    const created = await w.as(deptCadre, post(`/orgs/${String(dept._id)}/disclosures`).send(body));
    const id = created.body.id as string;
    await expectStatus(w.as(deptCadre, post(`/disclosures/${id}/submit`)), 200);
    const afterOffice = await w.as(office, post(`/disclosures/${id}/reviews`).send({ decision: 'approve' }));
    expect(afterOffice.body.state).toBe('in_review');
    const afterLeader = await w.as(leader, post(`/disclosures/${id}/reviews`).send({ decision: 'approve' }));
    expect(afterLeader.body.state).toBe('approved');
    expect(
      afterLeader.body.current.signatures.map((s: { stage: string; name: string }) => [s.stage, s.name]),
    ).toEqual([
      ['office', '股室审核人'],
      ['leader', '分管领导'],
    ]);
    await expectStatus(w.as(deptCadre, post(`/disclosures/${id}/publish`)), 200);
  });

  it('keeps a correction under review out of the public view until it is published', async () => {
    const id = await publishedItem(t, w);
    await expectStatus(correct(t, w, id, { reason: '补充说明', title: '更正稿', text: '补充' }), 201);
    const pub = ZDisclosure.parse((await get(`/disclosures/${id}`)).body);
    expect(pub.current.content.title).toBe(FINANCE_BODY.title);
    expect(pub.current.state).toBe('superseded');
    expect(pub.correctionPending).toBe(true);
  });

  // The lists read SUMMARY_FIELDS only: a field toSummary reads but the projection leaves out
  // would show as missing in every list and nowhere else.
  it('shows the same summary from the list’s projection as from the whole document', async () => {
    const posted = await publishedItem(t, w);
    await Disclosure.updateOne(
      { _id: posted },
      {
        $push: {
          postingProofs: { attachmentId: new Types.ObjectId(), postedAt: new Date(), uploadedBy: '王建国' },
        },
      },
    );
    const notice = await publishedItem(t, w, NOTICE_BODY);
    const corrected = await publishedItem(t, w, SUBSIDY_BODY);
    await expectStatus(
      correct(t, w, corrected, { reason: '金额有误', title: '更正后的名单', text: '更正' }),
      201,
    );
    const draft = await createDraft(t, w, FINANCE_BODY);
    const now = new Date();
    for (const id of [posted, notice, corrected, draft]) {
      const whole = await Disclosure.findById(id).lean();
      const projected = await Disclosure.findById(id, SUMMARY_FIELDS).lean();
      for (const staff of [false, true]) {
        expect(toSummary(projected as never, '东山村', now, staff)).toEqual(
          toSummary(whole as never, '东山村', now, staff),
        );
      }
    }
    expect(
      toSummary((await Disclosure.findById(posted).lean()) as never, '东山村', now).postedAt,
    ).not.toBeNull();
  });
});
