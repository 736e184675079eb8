import { AuditEntry } from '../audit/audit.model';
import type { IdentityTestApp } from '../test/identity-app';
import {
  useIdentityAppWorld,
  MATRIX_ROLES,
  WORLD_REGISTRY_CSV,
  type IdentityWorld,
  type MatrixRole,
} from '../test/identity-world';

// Every protected route of the identity API × every kind of caller. One row per
// (route, caller): the expected status, the error code of a refusal, and that a refused
// request wrote nothing (no audit entry besides the test's own sign-in).

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface Call {
  method: Method;
  path: string;
  body?: object;
  csv?: string;
}
interface Route {
  name: string;
  call: (w: IdentityWorld, h: IdentityTestApp) => Call;
  /** Statuses for anonymous, resident, verified, cadre, siblingCadre, supervisor, inspector, admin. */
  expect: number[];
}

const id = (doc: { _id: unknown }) => String(doc._id);
const ADMIN = (ok: number) => [401, 403, 403, 403, 403, 403, 403, ok];
const CADRE = (ok: number) => [401, 403, 403, ok, 403, 403, 403, 403];
const REGISTRY_READ = [401, 403, 403, 200, 403, 403, 200, 200];
const REGISTRY_WRITE = (ok: number) => [401, 403, 403, ok, 403, 403, 403, ok];
const AUDIT_READ = [401, 403, 403, 403, 403, 403, 200, 200];
const ANY_SIGNED_IN = [401, 200, 200, 200, 200, 200, 200, 200];

const EVERYONE = [200, 200, 200, 200, 200, 200, 200, 200];

const ROUTES: Route[] = [
  // Public reads: the same answer for everyone, signed in or not.
  { name: 'GET /orgs', call: () => ({ method: 'get', path: '/orgs?q=村' }), expect: EVERYONE },
  {
    name: 'GET /orgs/:id',
    call: (w) => ({ method: 'get', path: `/orgs/${id(w.orgs.village)}` }),
    expect: EVERYONE,
  },
  { name: 'GET /me', call: () => ({ method: 'get', path: '/me' }), expect: ANY_SIGNED_IN },
  {
    name: 'POST /auth/wechat/bind',
    call: (_w, h) => ({
      method: 'post',
      path: '/auth/wechat/bind',
      body: { code: h.wechat.issueCode({ openid: `bind-${Math.random()}` }) },
    }),
    expect: [401, 403, 403, 200, 200, 200, 200, 200],
  },
  {
    name: 'POST /orgs',
    call: (w) => ({
      method: 'post',
      path: '/orgs',
      body: { name: '南岭村', level: 'village', kind: 'village', parentId: id(w.orgs.township) },
    }),
    expect: ADMIN(201),
  },
  {
    name: 'PATCH /orgs/:id',
    call: (w) => ({ method: 'patch', path: `/orgs/${id(w.orgs.village)}`, body: { name: '东山新村' } }),
    expect: ADMIN(200),
  },
  {
    name: 'POST /orgs/:id/move',
    call: (w) => ({
      method: 'post',
      path: `/orgs/${id(w.orgs.village)}/move`,
      body: { parentId: id(w.orgs.township2) },
    }),
    expect: ADMIN(200),
  },
  {
    name: 'POST /orgs/:id/deactivate',
    call: (w) => ({
      method: 'post',
      path: `/orgs/${id(w.orgs.village)}/deactivate`,
      body: { reason: '撤并' },
    }),
    expect: ADMIN(200),
  },
  {
    name: 'PUT /orgs/:id/policy',
    call: (w) => ({
      method: 'put',
      path: `/orgs/${id(w.orgs.village)}/policy`,
      body: { reviewQuorum: 'all' },
    }),
    expect: ADMIN(200),
  },
  {
    name: 'PUT /orgs/:id/supervision-group',
    call: (w) => ({
      method: 'put',
      path: `/orgs/${id(w.orgs.village)}/supervision-group`,
      body: { userIds: [id(w.users.supervisor)] },
    }),
    expect: ADMIN(200),
  },
  {
    name: 'POST /users',
    call: (w) => ({
      method: 'post',
      path: '/users',
      body: {
        name: '周新',
        username: 'zhou-xin',
        password: 'sanwu2026',
        role: 'cadre',
        orgId: id(w.orgs.village),
      },
    }),
    expect: ADMIN(201),
  },
  {
    name: 'GET /users?orgId=',
    call: (w) => ({ method: 'get', path: `/users?orgId=${id(w.orgs.village)}` }),
    expect: ADMIN(200),
  },
  {
    name: 'POST /users/:id/grants',
    call: (w) => ({
      method: 'post',
      path: `/users/${id(w.users.newcomer)}/grants`,
      body: { role: 'cadre', orgId: id(w.orgs.village) },
    }),
    expect: ADMIN(201),
  },
  {
    name: 'DELETE /users/:id/grants',
    call: (w) => ({
      method: 'delete',
      path: `/users/${id(w.users.exCadre)}/grants?role=cadre&orgId=${id(w.orgs.village)}`,
    }),
    expect: ADMIN(204),
  },
  {
    name: 'GET /grants/pending',
    call: () => ({ method: 'get', path: '/grants/pending' }),
    expect: ADMIN(200),
  },
  {
    name: 'POST /grants/pending/:id/approve',
    call: (w) => ({ method: 'post', path: `/grants/pending/${w.pendingGrantId}/approve` }),
    expect: ADMIN(200),
  },
  {
    name: 'POST /grants/pending/:id/reject',
    call: (w) => ({
      method: 'post',
      path: `/grants/pending/${w.pendingGrantId}/reject`,
      body: { reason: '人选另议' },
    }),
    expect: ADMIN(204),
  },
  {
    name: 'GET /orgs/:id/residents',
    call: (w) => ({ method: 'get', path: `/orgs/${id(w.orgs.village)}/residents` }),
    expect: REGISTRY_READ,
  },
  {
    name: 'POST /orgs/:id/residents/import',
    call: (w) => ({
      method: 'post',
      path: `/orgs/${id(w.orgs.village)}/residents/import`,
      csv: WORLD_REGISTRY_CSV,
    }),
    expect: REGISTRY_WRITE(201),
  },
  {
    name: 'POST /orgs/:id/residents (API.md path of the import)',
    call: (w) => ({ method: 'post', path: `/orgs/${id(w.orgs.village)}/residents`, csv: WORLD_REGISTRY_CSV }),
    expect: REGISTRY_WRITE(201),
  },
  {
    name: 'PATCH /orgs/:id/residents/:residentId',
    call: (w) => ({
      method: 'patch',
      path: `/orgs/${id(w.orgs.village)}/residents/${id(w.residents[1]!)}`,
      body: { isRepresentative: true },
    }),
    expect: REGISTRY_WRITE(200),
  },
  {
    name: 'GET /orgs/:id/residents/export',
    call: (w) => ({ method: 'get', path: `/orgs/${id(w.orgs.village)}/residents/export` }),
    expect: REGISTRY_READ,
  },
  {
    name: 'GET /orgs/:id/residents/template',
    call: (w) => ({ method: 'get', path: `/orgs/${id(w.orgs.village)}/residents/template` }),
    expect: REGISTRY_WRITE(200),
  },
  {
    name: 'POST /orgs/:id/verifications',
    call: (w) => ({
      method: 'post',
      path: `/orgs/${id(w.orgs.village)}/verifications`,
      body: { name: '李四', idLast4: '567X' },
    }),
    // Any signed-in account may ask; the verified resident already is one (409 CONFLICT).
    expect: [401, 201, 409, 201, 201, 201, 201, 201],
  },
  {
    name: 'GET /orgs/:id/verifications',
    call: (w) => ({ method: 'get', path: `/orgs/${id(w.orgs.village)}/verifications?status=pending` }),
    expect: CADRE(200),
  },
  {
    name: 'POST /verifications/:id/approve',
    call: (w) => ({ method: 'post', path: `/verifications/${w.verificationId}/approve`, body: {} }),
    expect: CADRE(200),
  },
  {
    name: 'POST /verifications/:id/reject',
    call: (w) => ({
      method: 'post',
      path: `/verifications/${w.verificationId}/reject`,
      body: { reason: '身份信息不符' },
    }),
    expect: CADRE(200),
  },
  {
    name: 'GET /verifications/mine',
    call: () => ({ method: 'get', path: '/verifications/mine' }),
    expect: ANY_SIGNED_IN,
  },
  {
    name: 'GET /audit?orgId=',
    call: (w) => ({ method: 'get', path: `/audit?orgId=${id(w.orgs.village)}` }),
    expect: AUDIT_READ,
  },
  { name: 'GET /audit', call: () => ({ method: 'get', path: '/audit' }), expect: AUDIT_READ },
];

const ROWS = ROUTES.flatMap((route) =>
  MATRIX_ROLES.map((role, i) => ({ route, role, status: route.expect[i]! })),
);

const CODE_OF: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 409: 'CONFLICT' };

/** Audit entries other than the sign-ins the test itself makes. */
const writes = () => AuditEntry.countDocuments({ action: { $ne: 'auth.demo.login' } });

describe('the authorization matrix of the identity API', () => {
  let h: IdentityTestApp;
  let world: IdentityWorld;
  useIdentityAppWorld((app, w) => {
    [h, world] = [app, w];
  });

  it('covers every route of the matrix for all eight callers', () => {
    expect(ROWS).toHaveLength(ROUTES.length * MATRIX_ROLES.length);
    for (const r of ROUTES) expect(r.expect).toHaveLength(MATRIX_ROLES.length);
  });

  it.each(ROWS.map((r) => [r.route.name, r.role, r.status, r] as const))(
    '%s as %s answers %i',
    async (_name, role: MatrixRole, status, row) => {
      const call = row.route.call(world, h);
      let req = h.t.request[call.method](`/api/v1${call.path}`);
      if (role !== 'anonymous') req = req.set('Authorization', await h.t.bearer(id(world.users[role])));
      const before = await writes();
      const res = await (call.csv !== undefined
        ? req.set('Content-Type', 'text/csv').send(call.csv)
        : call.body
          ? req.send(call.body)
          : req);
      expect({ status: res.status, code: res.body?.error?.code }).toEqual({
        status,
        code: status >= 400 ? CODE_OF[status] : undefined,
      });
      const after = await writes();
      if (status >= 400) expect(after).toBe(before);
      else if (call.method !== 'get') expect(after).toBeGreaterThan(before);
    },
  );
});
