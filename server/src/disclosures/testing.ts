// Test fixtures for the disclosure feature: the org tree with a five-member supervision group,
// one account per role (and the same roles at the sibling village), request helpers and bodies.
// Only imported by *.test.ts files.
import type { Response, Test } from 'supertest';
import { Org } from '../orgs/org.model';
import { useTestApp, type TestApp, type TestAppOptions } from '../test/harness';
import { makeOrgTree, makeStaff } from '../users/testing';
import { User, type UserDoc } from '../users/user.model';

export type World = Awaited<ReturnType<typeof makeWorld>>;

export async function makeWorld(t: TestApp) {
  const tree = await makeOrgTree();
  const { village, sibling, township, county } = tree;
  const staff = async (
    role: 'cadre' | 'supervisor' | 'inspector' | 'admin',
    org: typeof village,
    name: string,
  ) => (await makeStaff([{ role, org }], { name })).user;
  const cadre = await staff('cadre', village, '王建国');
  const sups: UserDoc[] = [];
  for (const name of ['李德明', '王秀英', '张福生', '李桂兰', '王守义'])
    sups.push(await staff('supervisor', village, name));
  await Org.updateOne({ _id: village._id }, { $set: { supervisionGroup: sups.map((s) => s._id) } });
  const resident = (
    await User.create({
      kind: 'resident',
      name: '张三丰',
      wechat: { openid: `openid-${String(village._id)}` },
      grants: [{ role: 'resident', orgId: village._id, orgPath: village.path, verified: true }],
    })
  ).toObject() as UserDoc;
  const users = {
    cadre,
    supervisor: sups[0]!,
    offRoster: await staff('supervisor', village, '赵旁观'),
    inspector: await staff('inspector', township, '刘振华'),
    admin: await staff('admin', county, '赵系统'),
    resident,
    siblingCadre: await staff('cadre', sibling, '陈长林'),
    siblingSupervisor: await staff('supervisor', sibling, '陈监督'),
  };
  /** A request as `user` (a fresh token each time, so moving the clock never expires it). */
  const as = async (user: UserDoc | null, req: Test): Promise<Response> =>
    user ? req.set('Authorization', await t.bearer(String(user._id))) : req;
  return { ...tree, sups, users, as };
}

export const FINANCE_BODY = {
  catalogueCode: 'village-finances',
  period: '2026-03',
  title: '东山村2026年3月财务收支公开',
  blocks: [
    { type: 'heading', level: 1, text: '一、本月收支概况' },
    { type: 'paragraph', text: '本月共收入500.00元，支出200.00元，经村务监督委员会审核无误，现予公开。' },
  ],
  finance: {
    periodLabel: '2026年3月',
    openingBalanceFen: 100000,
    closingBalanceFen: 130000,
    lines: [
      {
        date: '2026-03-05',
        direction: 'income',
        subject: '上级补助',
        description: '镇拨办公经费',
        amountFen: 50000,
      },
      {
        date: '2026-03-12',
        direction: 'expense',
        subject: '管理费用',
        description: '购买办公用品',
        amountFen: 20000,
        voucherNo: '记-003',
        handler: '王会计',
      },
    ],
  },
};

export const SUBSIDY_BODY = {
  catalogueCode: 'village-relief-funds',
  period: '2026-03',
  title: '东山村2026年3月低保金发放名单',
  blocks: [
    { type: 'paragraph', text: '经村民代表会议评议、镇政府审核，本月低保金发放如下。' },
    {
      type: 'table',
      caption: '低保金发放名单',
      columns: [
        { key: 'name', label: '姓名', personal: 'name' },
        { key: 'idNumber', label: '身份证号', personal: 'idNumber' },
        { key: 'bank', label: '银行账号', personal: 'bankAccount' },
        { key: 'amount', label: '金额（元）' },
      ],
      rows: [
        ['张三丰', '110101199003071234', '6222020200112233445', '1200.00'],
        ['欧阳娜娜', '11010119850101567X', '6222020200998877665', '800.00'],
      ],
    },
  ],
};

export const NOTICE_BODY = {
  catalogueCode: 'party-member-development',
  settledOn: '2026-03-31',
  title: '关于李明同志拟发展为中共预备党员的公示',
  blocks: [{ type: 'paragraph', text: '经支部委员会研究，拟发展李明同志为中共预备党员，现予公示。' }],
};

/** Where the disclosure tests start: Thursday 2026-04-02, 09:00 in Shanghai. */
export const DISCLOSURE_START = '2026-04-02T09:00:00+08:00';

/** {@link useTestApp} at {@link DISCLOSURE_START} with a fresh {@link makeWorld} for each test. */
export function useDisclosureWorld(
  ready: (t: TestApp, w: World) => void,
  options: TestAppOptions = {},
): void {
  useTestApp(
    () => ({ ...options, now: DISCLOSURE_START }),
    async (t) => ready(t, await makeWorld(t)),
  );
}

/** Awaits a request and fails with its body when the status is not `status`. */
export async function expectStatus(res: Promise<Response>, status: number): Promise<Response> {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r;
}

/** Creates a draft as the cadre and returns its id. */
export async function createDraft(
  t: TestApp,
  w: World,
  body: object = FINANCE_BODY,
  org = w.village,
): Promise<string> {
  const res = await w.as(
    w.users.cadre,
    t.request.post(`/api/v1/orgs/${String(org._id)}/disclosures`).send(body),
  );
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** Submits `id` and has the first `n` roster members approve it. */
export async function submitAndApprove(t: TestApp, w: World, id: string, n = 3): Promise<void> {
  const submitted = await w.as(w.users.cadre, t.request.post(`/api/v1/disclosures/${id}/submit`));
  if (submitted.status !== 200) throw new Error(`submit failed: ${JSON.stringify(submitted.body)}`);
  for (const sup of w.sups.slice(0, n)) {
    const res = await w.as(
      sup,
      t.request.post(`/api/v1/disclosures/${id}/reviews`).send({ decision: 'approve' }),
    );
    if (res.status !== 200) throw new Error(`review failed: ${JSON.stringify(res.body)}`);
  }
}

/** The cadre's correction of `id` (`POST /disclosures/:id/corrections`) to a one-paragraph text. */
export function correct(
  t: TestApp,
  w: World,
  id: string,
  c: { reason: string; title: string; text: string },
): Promise<Response> {
  const body = { reason: c.reason, title: c.title, blocks: [{ type: 'paragraph', text: c.text }] };
  return w.as(w.users.cadre, t.request.post(`/api/v1/disclosures/${id}/corrections`).send(body));
}

/** A published item: draft → review (3 of 5) → publish. */
export async function publishedItem(t: TestApp, w: World, body: object = FINANCE_BODY): Promise<string> {
  const id = await createDraft(t, w, body);
  await submitAndApprove(t, w, id);
  const res = await w.as(w.users.cadre, t.request.post(`/api/v1/disclosures/${id}/publish`));
  if (res.status !== 200) throw new Error(`publish failed: ${JSON.stringify(res.body)}`);
  return id;
}
