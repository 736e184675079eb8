import type { Response } from 'supertest';
import { pngFixture } from '../attachments/attachments.testing';
import { financeTemplateXlsx } from '../finance/finance-template';
import type { TestApp } from '../test/harness';
import { Disclosure } from './disclosure.model';
import {
  createDraft,
  FINANCE_BODY,
  useDisclosureWorld,
  publishedItem,
  SUBSIDY_BODY,
  submitAndApprove,
  type World,
} from './testing';

type Caller = keyof World['users'] | 'anonymous';
const CALLERS: Caller[] = [
  'anonymous',
  'resident',
  'cadre',
  'supervisor',
  'inspector',
  'admin',
  'siblingCadre',
  'siblingSupervisor',
];

/** Expected status per caller; everyone not listed is refused (401 anonymous, 403 otherwise). */
type Allowed = Partial<Record<Caller, number>>;

interface Row {
  name: string;
  /** Builds the state the route needs and returns the request to make. */
  setup: (t: TestApp, w: World) => Promise<(t: TestApp) => ReturnType<TestApp['request']['get']>>;
  allowed: Allowed;
}

const ALL_READ: Allowed = Object.fromEntries(CALLERS.map((c) => [c, 200]));
const STAFF_READ: Allowed = { cadre: 200, supervisor: 200, inspector: 200 };
const draftOf =
  (body: object = FINANCE_BODY) =>
  async (t: TestApp, w: World) =>
    createDraft(t, w, body);
const inReview = async (t: TestApp, w: World) => {
  const id = await createDraft(t, w);
  await submitAndApprove(t, w, id, 0);
  return id;
};
const approved = async (t: TestApp, w: World) => {
  const id = await createDraft(t, w);
  await submitAndApprove(t, w, id, 3);
  return id;
};
const published =
  (body: object = FINANCE_BODY) =>
  async (t: TestApp, w: World) =>
    publishedItem(t, w, body);
const orgPath = (w: World, tail: string) => `/api/v1/orgs/${String(w.village._id)}${tail}`;

const ROWS: Row[] = [
  {
    name: 'POST /orgs/:id/disclosures',
    setup: async (_t, w) => (t) => t.request.post(orgPath(w, '/disclosures')).send(FINANCE_BODY),
    allowed: { cadre: 201 },
  },
  {
    name: 'GET /orgs/:id/disclosure-drafts',
    setup: async (t, w) => {
      await createDraft(t, w);
      return (t) => t.request.get(orgPath(w, '/disclosure-drafts'));
    },
    allowed: STAFF_READ,
  },
  {
    name: 'GET /orgs/:id/disclosures',
    setup: async (t, w) => {
      await publishedItem(t, w);
      return (t) => t.request.get(orgPath(w, '/disclosures'));
    },
    allowed: ALL_READ,
  },
  {
    name: 'GET /disclosures/:id (draft)',
    setup: async (t, w) => {
      const id = await draftOf()(t, w);
      return (t) => t.request.get(`/api/v1/disclosures/${id}`);
    },
    allowed: STAFF_READ,
  },
  {
    name: 'GET /disclosures/:id (published)',
    setup: async (t, w) => {
      const id = await published()(t, w);
      return (t) => t.request.get(`/api/v1/disclosures/${id}`);
    },
    allowed: ALL_READ,
  },
  {
    name: 'GET /disclosures/:id/verify (draft)',
    setup: async (t, w) => {
      const id = await draftOf()(t, w);
      return (t) => t.request.get(`/api/v1/disclosures/${id}/verify`);
    },
    allowed: STAFF_READ,
  },
  {
    name: 'GET /disclosures/:id/print (published)',
    setup: async (t, w) => {
      const id = await published()(t, w);
      return (t) => t.request.get(`/api/v1/disclosures/${id}/print`);
    },
    allowed: ALL_READ,
  },
  {
    name: 'PATCH /disclosures/:id',
    setup: async (t, w) => {
      const id = await draftOf()(t, w);
      return (t) => t.request.patch(`/api/v1/disclosures/${id}`).send({ title: '改标题' });
    },
    allowed: { cadre: 200 },
  },
  {
    name: 'POST /disclosures/:id/submit',
    setup: async (t, w) => {
      const id = await draftOf()(t, w);
      return (t) => t.request.post(`/api/v1/disclosures/${id}/submit`);
    },
    allowed: { cadre: 200 },
  },
  {
    name: 'POST /disclosures/:id/reviews',
    setup: async (t, w) => {
      const id = await inReview(t, w);
      return (t) => t.request.post(`/api/v1/disclosures/${id}/reviews`).send({ decision: 'approve' });
    },
    allowed: { supervisor: 200 },
  },
  {
    name: 'POST /disclosures/:id/publish',
    setup: async (t, w) => {
      const id = await approved(t, w);
      return (t) => t.request.post(`/api/v1/disclosures/${id}/publish`);
    },
    allowed: { cadre: 200 },
  },
  {
    name: 'POST /disclosures/:id/corrections',
    setup: async (t, w) => {
      const id = await published()(t, w);
      return (t) =>
        t.request
          .post(`/api/v1/disclosures/${id}/corrections`)
          .send({ reason: '金额有误', title: '更正稿', blocks: [{ type: 'paragraph', text: '更正' }] });
    },
    allowed: { cadre: 201 },
  },
  {
    name: 'POST /disclosures/:id/revoke',
    setup: async (t, w) => {
      const id = await published()(t, w);
      return (t) => t.request.post(`/api/v1/disclosures/${id}/revoke`).send({ reason: '重复公开' });
    },
    allowed: { cadre: 200 },
  },
  {
    name: 'POST /disclosures/:id/redactions',
    setup: async (t, w) => {
      const id = await published(SUBSIDY_BODY)(t, w);
      const target = { kind: 'cell', block: 1, row: 0, column: 'bank' };
      return (t) =>
        t.request
          .post(`/api/v1/disclosures/${id}/redactions`)
          .send({ versionNo: 1, target, reason: '账号泄露' });
    },
    allowed: { cadre: 201 },
  },
  {
    name: 'POST /orgs/:id/withheld',
    setup: async (_t, w) => (t) =>
      t.request
        .post(orgPath(w, '/withheld'))
        .send({ category: 'village-plans', subject: '某事项', reason: '涉及国家秘密' }),
    allowed: { cadre: 201 },
  },
  {
    name: 'GET /orgs/:id/withheld',
    setup: async (_t, w) => (t) => t.request.get(orgPath(w, '/withheld')),
    allowed: { supervisor: 200, inspector: 200 },
  },
  {
    name: 'POST /disclosures/:id/attachments',
    setup: async (t, w) => {
      const id = await draftOf()(t, w);
      const png = await pngFixture();
      return (t) =>
        t.request.post(`/api/v1/disclosures/${id}/attachments`).attach('file', png, '现场照片.png');
    },
    allowed: { cadre: 201 },
  },
  {
    name: 'POST /disclosures/:id/posting-proof',
    setup: async (t, w) => {
      const id = await published()(t, w);
      const png = await pngFixture();
      return (t) =>
        t.request.post(`/api/v1/disclosures/${id}/posting-proof`).attach('file', png, '公开栏.png');
    },
    allowed: { cadre: 201 },
  },
  {
    name: 'POST /orgs/:id/finance-statements/import',
    setup: async (_t, w) => {
      const xlsx = await financeTemplateXlsx();
      return (t) =>
        t.request
          .post(orgPath(w, '/finance-statements/import'))
          .field('period', '2026-03')
          .attach('file', xlsx, '3月.xlsx');
    },
    allowed: { cadre: 201 },
  },
];

describe('authorization matrix of the disclosure routes', () => {
  let t: TestApp;
  let w: World;
  useDisclosureWorld(
    (app, world) => {
      [t, w] = [app, world];
    },
    { tempUploads: true },
  );

  it.each(ROWS.map((r) => [r.name, r] as const))(
    '%s answers every caller as the policy says',
    async (_name, row) => {
      const makeRequest = await row.setup(t, w);
      // Refused callers first: a refusal must change nothing, so the allowed caller still finds the
      // state the route needs.
      const order = [...CALLERS].sort((a, b) => Number(a in row.allowed) - Number(b in row.allowed));
      const seen: [Caller, number, string | undefined][] = [];
      const expected: [Caller, number, string | undefined][] = [];
      for (const caller of order) {
        const before = await Disclosure.find().select({ revision: 1 }).lean();
        const req = makeRequest(t);
        const res: Response = await (caller === 'anonymous' ? req : w.as(w.users[caller], req));
        const want = row.allowed[caller] ?? (caller === 'anonymous' ? 401 : 403);
        seen.push([caller, res.status, res.body?.error?.code]);
        expected.push([
          caller,
          want,
          want === 401 ? 'UNAUTHENTICATED' : want === 403 ? 'FORBIDDEN' : undefined,
        ]);
        if (want >= 400) expect(await Disclosure.find().select({ revision: 1 }).lean()).toEqual(before);
      }
      expect(seen).toEqual(expected);
    },
  );
});
