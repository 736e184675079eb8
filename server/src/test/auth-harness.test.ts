import { makeOrgTree, makeStaff } from '../users/testing';
import { startTestApp, type TestApp } from './harness';
import { testRoutes } from './test-routes';

describe('the test harness signs users in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ features: [testRoutes], now: '2026-03-02T09:00:00+08:00' });
  });
  afterAll(() => t.stop());
  beforeEach(() => t.reset());

  it('gives a bearer token that identifies the user on optional routes', async () => {
    const { village } = await makeOrgTree();
    const { user } = await makeStaff([{ role: 'cadre', org: village }]);
    const res = await t.request
      .get('/api/v1/test/whoami')
      .set('Authorization', await t.bearer(String(user._id)));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ userId: String(user._id) });
  });

  it('answers 401 UNAUTHENTICATED once the moved clock has expired the token', async () => {
    const { village } = await makeOrgTree();
    const { user } = await makeStaff([{ role: 'cadre', org: village }]);
    const header = await t.bearer(String(user._id));
    t.clock.advance(16 * 60_000);
    const res = await t.request.get('/api/v1/test/private').set('Authorization', header);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('answers 401 for a malformed bearer header even on an optional route', async () => {
    const res = await t.request.get('/api/v1/test/whoami').set('Authorization', 'Bearer not-a-jwt');
    expect(res.status).toBe(401);
  });
});
