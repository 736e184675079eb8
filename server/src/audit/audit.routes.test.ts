import bcrypt from 'bcryptjs';
import type { TestApp } from '../test/harness';
import { useIdentityWorld, type IdentityWorld } from '../test/identity-world';
import { User } from '../users/user.model';
import { AuditEntry } from './audit.model';
import { runAuditVerification } from './verify-report';

type Entry = { action: string; orgId: string | null; actorId: string | null; at: string; summary: unknown };

describe('the audit log over HTTP', () => {
  let t: TestApp;
  let w: IdentityWorld;
  let admin: string;
  let inspector: string;
  useIdentityWorld(async (app, world) => {
    [t, w] = [app, world];
    admin = await t.bearer(String(w.users.admin._id));
    inspector = await t.bearer(String(w.users.inspector._id));
  });

  const audit = (auth: string, query = '') =>
    t.request.get(`/api/v1/audit${query}`).set('Authorization', auth);

  it('records sign-ins, successful and failed, with who, where and which request', async () => {
    await User.updateOne(
      { _id: w.users.cadre._id },
      { $set: { passwordHash: await bcrypt.hash('sanwu2026', 4) } },
    );
    const username = w.users.cadre.username!;
    await t.request.post('/api/v1/auth/login').send({ username, password: 'wrong-1' });
    await t.request
      .post('/api/v1/auth/login')
      .set('X-Request-Id', 'req-audit-0042')
      .send({ username, password: 'sanwu2026' });
    await t.request.post('/api/v1/auth/login').send({ username: 'ghost', password: 'x' });

    const res = await audit(admin, '?pageSize=100');
    expect(res.status).toBe(200);
    const items = res.body.items as (Entry & { requestId: string; ip: string })[];
    const cadreId = String(w.users.cadre._id);
    const ok = items.find((e) => e.action === 'auth.login' && e.actorId === cadreId)!;
    expect(ok).toMatchObject({
      orgId: String(w.orgs.village._id),
      requestId: 'req-audit-0042',
      ip: expect.any(String),
    });
    const failed = items.filter((e) => e.action === 'auth.login.failed');
    // The failure of an unknown name is on the global chain, which the root org's admin sees.
    expect(failed.map((e) => e.summary)).toEqual(
      expect.arrayContaining([
        { before: null, after: { username, reason: 'bad-password' } },
        { before: null, after: { username: 'ghost', reason: 'unknown-user' } },
      ]),
    );
  });

  it('records writes with before/after; an inspector sees their subtree only, newest first', async () => {
    await t.request
      .patch(`/api/v1/orgs/${String(w.orgs.village._id)}`)
      .set('Authorization', admin)
      .send({ name: '东山新村' });
    await t.request
      .patch(`/api/v1/orgs/${String(w.orgs.county._id)}`)
      .set('Authorization', admin)
      .send({ name: '示范市' });

    const mine = await audit(inspector, '?action=org.rename');
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        orgId: String(w.orgs.village._id),
        actorId: String(w.users.admin._id),
        actorRole: 'admin',
        summary: { before: { name: '东山村' }, after: { name: '东山新村' } },
      }),
    ]);
    const all = await audit(admin, '?action=org.rename');
    expect(all.body.items.map((e: Entry) => e.summary)).toEqual([
      { before: { name: '示范县' }, after: { name: '示范市' } },
      { before: { name: '东山村' }, after: { name: '东山新村' } },
    ]);
    const above = await audit(inspector, `?orgId=${String(w.orgs.county._id)}`);
    expect(above.status).toBe(403);
    expect(above.body.error.code).toBe('FORBIDDEN');
  });

  it('filters by org subtree, actor, action and time', async () => {
    const village = String(w.orgs.village._id);
    t.clock.set('2026-03-03T09:00:00+08:00');
    inspector = await t.bearer(String(w.users.inspector._id)); // the earlier token has expired
    await t.request
      .patch(`/api/v1/orgs/${village}/residents/${String(w.residents[0]!._id)}`)
      .set('Authorization', await t.bearer(String(w.users.cadre._id)))
      .send({ isRepresentative: false });
    const q = `?orgId=${village}&actor=${String(w.users.cadre._id)}&action=registry.update&from=${encodeURIComponent('2026-03-03T00:00:00+08:00')}`;
    const hit = await audit(inspector, q);
    expect(hit.body.total).toBe(1);
    const before = await audit(inspector, `${q}&to=${encodeURIComponent('2026-03-02T23:59:59+08:00')}`);
    expect(before.body.total).toBe(0);
    const bad = await audit(inspector, '?from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('verifies the hash chains, and names the first broken link after an entry is tampered with', async () => {
    await t.request
      .patch(`/api/v1/orgs/${String(w.orgs.village._id)}`)
      .set('Authorization', admin)
      .send({ name: '东山新村' });
    const lines: string[] = [];
    expect(await runAuditVerification(undefined, (l) => lines.push(l))).toBe(0);
    expect(lines.at(-1)).toBe('校验通过：全部链条完整。');

    // Someone with database access rewrites history: the rename never happened.
    const entry = await AuditEntry.findOne({ action: 'org.rename' }).lean();
    await AuditEntry.collection.updateOne(
      { _id: entry!._id },
      { $set: { 'summary.after': { name: '东山村' } } },
    );
    const broken: string[] = [];
    expect(await runAuditVerification(undefined, (l) => broken.push(l))).toBe(1);
    const link = `链 ${String(w.orgs.village._id)} 第 ${entry!.seq} 条断裂（hash-mismatch）`;
    expect(broken.some((l) => l.startsWith(link))).toBe(true);
    expect(broken.at(-1)).toBe('校验失败：审计日志被改动。');
  });

  it('has no route that changes or deletes an entry', async () => {
    const id = String((await AuditEntry.findOne().lean())!._id);
    for (const method of ['patch', 'put', 'delete'] as const) {
      const res = await t.request[method](`/api/v1/audit/${id}`).set('Authorization', admin).send({});
      expect(res.status).toBe(404);
    }
  });
});
