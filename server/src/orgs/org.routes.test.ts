import { AuditEntry } from '../audit/audit.model';
import { startTestApp, type TestApp } from '../test/harness';
import { makeOrg, makeOrgTree, makeStaff } from '../users/testing';
import { Org } from './org.model';

describe('organisations over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-03-02T09:00:00+08:00' });
  });
  afterAll(() => t.stop());
  beforeEach(() => t.reset());

  async function world() {
    const tree = await makeOrgTree();
    const { user: admin } = await makeStaff([{ role: 'admin', org: tree.county }]);
    return { ...tree, admin: await t.bearer(String(admin._id)) };
  }

  it('lists the top level without parentId, and the children of a parent by name', async () => {
    const { county, township } = await world();
    const top = await t.request.get('/api/v1/orgs');
    expect(top.status).toBe(200);
    expect(top.body).toMatchObject({
      total: 1,
      page: 1,
      pageSize: 20,
      items: [{ name: '示范县', parentId: null }],
    });
    const children = await t.request.get(`/api/v1/orgs?parentId=${String(township._id)}`);
    expect(children.body.items.map((o: { name: string }) => o.name).sort()).toEqual(['东山村', '西河村']);
    expect(children.body.items[0].path[0]).toBe(String(county._id));
  });

  it.each([
    ['东山', ['东山村']],
    ['村', ['东山村', '西河村']],
    ['镇', ['城关镇']],
    ['.*', []],
  ])('finds orgs whose Chinese name contains %j', async (q, names) => {
    await world();
    const res = await t.request.get(`/api/v1/orgs?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((o: { name: string }) => o.name).sort()).toEqual(names);
  });

  it('searches within a subtree and paginates', async () => {
    const { township, county } = await world();
    const other = await makeOrg('东关镇', 'township', county);
    await makeOrg('东关村', 'village', other);
    const within = await t.request.get(
      `/api/v1/orgs?q=${encodeURIComponent('东')}&parentId=${String(township._id)}`,
    );
    expect(within.body.items.map((o: { name: string }) => o.name)).toEqual(['东山村']);
    const page2 = await t.request.get(`/api/v1/orgs?q=${encodeURIComponent('东')}&pageSize=2&page=2`);
    expect(page2.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page2.body.items).toHaveLength(1);
  });

  it('shows an org with its parent, ancestors and policy summary', async () => {
    const { village, township, county } = await world();
    const res = await t.request.get(`/api/v1/orgs/${String(village._id)}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: '东山村',
      level: 'village',
      parent: { id: String(township._id), name: '城关镇', level: 'township' },
      ancestors: [
        { id: String(county._id), name: '示范县' },
        { id: String(township._id), name: '城关镇' },
      ],
      policy: { reviewQuorum: 'majority', financeCadence: 'monthly' },
      supervisionGroupSize: 0,
    });
  });

  it.each([
    ['an unknown id', '65f0c0ffee0000000000abcd', 404, 'NOT_FOUND'],
    ['a malformed id', 'abc', 400, 'VALIDATION_FAILED'],
  ])('answers %s (%s) with %i', async (_what, id, status, code) => {
    const res = await t.request.get(`/api/v1/orgs/${id}`);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  });

  it('lets an admin create, rename, move and deactivate an org, each audited', async () => {
    const { township, county, admin } = await world();
    const created = await t.request
      .post('/api/v1/orgs')
      .set('Authorization', admin)
      .send({ name: '南岭村', level: 'village', kind: 'village', parentId: String(township._id) });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body.path).toEqual([String(county._id), String(township._id), id]);

    const renamed = await t.request
      .patch(`/api/v1/orgs/${id}`)
      .set('Authorization', admin)
      .send({ name: '南岭新村' });
    expect(renamed.body.name).toBe('南岭新村');

    const other = await makeOrg('东关镇', 'township', county);
    const moved = await t.request
      .post(`/api/v1/orgs/${id}/move`)
      .set('Authorization', admin)
      .send({ parentId: String(other._id) });
    expect(moved.body).toMatchObject({
      parentId: String(other._id),
      path: [String(county._id), String(other._id), id],
    });

    const off = await t.request
      .post(`/api/v1/orgs/${id}/deactivate`)
      .set('Authorization', admin)
      .send({ reason: '村庄撤并' });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    // Deactivated orgs keep their history and page, but leave the public lists.
    expect((await t.request.get(`/api/v1/orgs/${id}`)).body.active).toBe(false);
    expect((await t.request.get(`/api/v1/orgs?parentId=${String(other._id)}`)).body.total).toBe(0);

    const entries = await AuditEntry.find({ orgId: id }).sort({ seq: 1 }).lean();
    expect(entries.map((e) => e.action)).toEqual(['org.create', 'org.rename', 'org.move', 'org.deactivate']);
    // Stamped with the app's clock, not the host's.
    expect(entries.every((e) => e.at.toISOString() === '2026-03-02T01:00:00.000Z')).toBe(true);
    expect(entries[3]!.summary).toMatchObject({ after: { active: false, reason: '村庄撤并' } });
  });

  it.each([
    [
      'a village directly under the county',
      { level: 'village', kind: 'village' },
      '该类型的组织不能设在所选上级之下',
    ],
    ['an empty name', { name: ' ', level: 'township', kind: 'government' }, '请填写名称'],
  ])('refuses %s with 400 in Chinese, creating nothing', async (_what, fields, message) => {
    const { county, admin } = await world();
    const res = await t.request
      .post('/api/v1/orgs')
      .set('Authorization', admin)
      .send({ name: '新组织', parentId: String(county._id), ...fields });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.body.error)).toContain(message);
    expect(await Org.countDocuments()).toBe(4);
  });

  it('refuses to deactivate an org with active children (409) and to move an org under itself (400)', async () => {
    const { township, village, admin } = await world();
    const busy = await t.request
      .post(`/api/v1/orgs/${String(township._id)}/deactivate`)
      .set('Authorization', admin)
      .send({ reason: '合并' });
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('CONFLICT');
    const loop = await t.request
      .post(`/api/v1/orgs/${String(township._id)}/move`)
      .set('Authorization', admin)
      .send({ parentId: String(village._id) });
    expect(loop.status).toBe(400);
    expect((await Org.findById(township._id).lean())!.active).toBe(true);
  });

  it('updates the policy and the supervision group; the detail shows the required signatures', async () => {
    const { village, admin } = await world();
    const sups = await Promise.all([1, 2, 3].map(() => makeStaff([{ role: 'supervisor', org: village }])));
    const id = String(village._id);
    const policy = await t.request
      .put(`/api/v1/orgs/${id}/policy`)
      .set('Authorization', admin)
      .send({ reviewQuorum: 'all', feedbackPolicies: { inquiry: { unit: 'workdays', amount: 5 } } });
    expect(policy.status).toBe(200);
    expect(policy.body).toMatchObject({
      reviewQuorum: 'all',
      feedbackPolicies: { inquiry: { unit: 'workdays', amount: 5 } },
    });
    const group = await t.request
      .put(`/api/v1/orgs/${id}/supervision-group`)
      .set('Authorization', admin)
      .send({ userIds: sups.map((s) => String(s.user._id)) });
    expect(group.status).toBe(200);
    const detail = await t.request.get(`/api/v1/orgs/${id}`);
    expect(detail.body).toMatchObject({
      supervisionGroupSize: 3,
      requiredSignatures: 3,
      policy: { reviewQuorum: 'all' },
    });

    const { user: outsider } = await makeStaff([]);
    const bad = await t.request
      .put(`/api/v1/orgs/${id}/supervision-group`)
      .set('Authorization', admin)
      .send({ userIds: [String(outsider._id)] });
    expect(bad.status).toBe(400);
    expect((await Org.findById(id).lean())!.supervisionGroup).toHaveLength(3);
  });
});
