import { can, ForbiddenError, ZVerification } from '@sanwu/shared';
import { loadActor } from '../policy/authorize';
import { User } from '../users/user.model';
import { makeOrgTree, makeResidentUser, makeStaff, useIdentityDb } from '../users/testing';
import { activeResidentFor, createRegistryService } from './registry.service';
import { Verification } from './verification.model';
import { createVerificationService } from './verification.service';

useIdentityDb();

const SECRET = 'phone-secret-for-tests';
let clock = Date.parse('2026-03-02T02:00:00Z');
const now = () => new Date(clock);
const registry = createRegistryService({ phoneSecret: SECRET, now });
const verification = createVerificationService({ phoneSecret: SECRET, now, perDayLimit: 3 });

const CSV = ['姓名,身份证后四位,手机号,户号', '张三丰,1234,13812345678,001', '李四,567X,,002'].join('\n');

async function setup() {
  const tree = await makeOrgTree();
  const cadre = await makeStaff([{ role: 'cadre', org: tree.village }]);
  await registry.importRegistry(cadre.actor, String(tree.village._id), {
    buffer: Buffer.from(CSV),
    format: 'csv',
  });
  const resident = await makeResidentUser();
  return { ...tree, cadre: cadre.actor, resident };
}

describe('resident verification', () => {
  it.each([
    ['name and ID tail', { name: '张三丰', idLast4: '1234' }],
    ['name and phone', { name: '张三丰', phone: '138-1234-5678' }],
  ])('matches by %s; approval makes the user a verified resident of the village', async (_by, input) => {
    const s = await setup();
    const req = await verification.requestVerification(s.resident.actor, String(s.village._id), input);
    expect(req).toMatchObject({ status: 'pending', matchedResidentId: expect.any(String) });
    expect(ZVerification.parse(req)).toEqual(req);
    expect(can(s.resident.actor, 'feedback.object', { orgPath: s.village.path.map(String) })).toBe(false);

    const decided = await verification.approveVerification(s.cadre, req.id);
    expect(decided.status).toBe('approved');
    const user = await User.findById(s.resident.user._id).lean();
    expect(user!.name).toBe('张三丰');
    expect(user!.grants).toEqual([
      expect.objectContaining({ role: 'resident', verified: true, residentId: expect.anything() }),
    ]);
    expect(String(user!.grants[0]!.residentId)).toBe(req.matchedResidentId);
    const actor = await loadActor(String(s.resident.user._id));
    expect(can(actor, 'feedback.object', { orgPath: s.village.path.map(String) })).toBe(true);
    expect(can(actor, 'feedback.object', { orgPath: s.sibling.path.map(String) })).toBe(false);
  });

  it('lets the cadre pick the entry when nothing matched, and refuses approval without one', async () => {
    const s = await setup();
    const req = await verification.requestVerification(s.resident.actor, String(s.village._id), {
      name: '李 四',
      idLast4: '0000',
    });
    expect(req.matchedResidentId).toBeNull();
    await expect(verification.approveVerification(s.cadre, req.id)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const list = await registry.listRegistry(
      s.cadre,
      String(s.village._id),
      { q: '李四' },
      { page: 1, pageSize: 10 },
    );
    await verification.approveVerification(s.cadre, req.id, { residentId: list.items[0]!.id });
    expect((await Verification.findById(req.id).lean())!.status).toBe('approved');
  });

  it('refuses a second pending request and a request after verification', async () => {
    const s = await setup();
    const req = await verification.requestVerification(s.resident.actor, String(s.village._id), {
      name: '张三丰',
      idLast4: '1234',
    });
    await expect(
      verification.requestVerification(s.resident.actor, String(s.village._id), {
        name: '张三丰',
        idLast4: '1234',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await verification.approveVerification(s.cadre, req.id);
    const actor = await loadActor(String(s.resident.user._id));
    await expect(
      verification.requestVerification(actor, String(s.village._id), { name: '张三丰', idLast4: '1234' }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: '您已是该村认证村民' });
  });

  it('rate-limits requests per user per day', async () => {
    const s = await setup();
    for (let i = 0; i < 3; i++) {
      const r = await verification.requestVerification(s.resident.actor, String(s.village._id), {
        name: '某人',
        idLast4: '0000',
      });
      await verification.rejectVerification(s.cadre, r.id, '名册中无此人');
    }
    await expect(
      verification.requestVerification(s.resident.actor, String(s.village._id), {
        name: '某人',
        idLast4: '0000',
      }),
    ).rejects.toMatchObject({ status: 429 });
    clock += 25 * 3600_000;
    await expect(
      verification.requestVerification(s.resident.actor, String(s.village._id), {
        name: '某人',
        idLast4: '0000',
      }),
    ).resolves.toMatchObject({ status: 'pending' });
  });

  it('refuses binding one registry entry to two accounts', async () => {
    const s = await setup();
    const first = await verification.requestVerification(s.resident.actor, String(s.village._id), {
      name: '张三丰',
      idLast4: '1234',
    });
    await verification.approveVerification(s.cadre, first.id);
    const impostor = await makeResidentUser();
    const second = await verification.requestVerification(impostor.actor, String(s.village._id), {
      name: '张三丰',
      idLast4: '1234',
    });
    await expect(verification.approveVerification(s.cadre, second.id)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('rejects with a reason; a decided request cannot be decided again', async () => {
    const s = await setup();
    const req = await verification.requestVerification(s.resident.actor, String(s.village._id), {
      name: '张三丰',
      idLast4: '1234',
    });
    await expect(verification.rejectVerification(s.cadre, req.id, ' ')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await verification.rejectVerification(s.cadre, req.id, '信息不符');
    await expect(verification.approveVerification(s.cadre, req.id)).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    expect(await verification.myVerifications(s.resident.actor)).toEqual([
      expect.objectContaining({ status: 'rejected', reason: '信息不符' }),
    ]);
  });

  it('only a cadre of the village decides; the queue is the cadre’s', async () => {
    const s = await setup();
    const req = await verification.requestVerification(s.resident.actor, String(s.village._id), {
      name: '张三丰',
      idLast4: '1234',
    });
    const other = await makeStaff([{ role: 'cadre', org: s.sibling }]);
    const supervisor = await makeStaff([{ role: 'supervisor', org: s.village }]);
    await expect(verification.approveVerification(other.actor, req.id)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(verification.approveVerification(supervisor.actor, req.id)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const queue = await verification.listVerifications(s.cadre, String(s.village._id), 'pending', {
      page: 1,
      pageSize: 20,
    });
    expect(queue.items.map((v) => v.id)).toEqual([req.id]);
  });

  it('keeps verified residents bound across a replacing import, and reports those no longer listed', async () => {
    const s = await setup();
    const li = await makeResidentUser();
    const a = await verification.requestVerification(s.resident.actor, String(s.village._id), {
      name: '张三丰',
      idLast4: '1234',
    });
    const b = await verification.requestVerification(li.actor, String(s.village._id), {
      name: '李四',
      idLast4: '567X',
    });
    await verification.approveVerification(s.cadre, a.id);
    await verification.approveVerification(s.cadre, b.id);

    const result = await registry.importRegistry(s.cadre, String(s.village._id), {
      buffer: Buffer.from('姓名,身份证后四位,户号\n张三丰,1234,001\n王五,0001,003\n'),
      format: 'csv',
    });
    expect(result).toMatchObject({ imported: 2, replaced: 2, relinked: 1, unmatchedVerified: 1 });
    const zhang = await activeResidentFor(String(s.resident.user._id), String(s.village._id));
    expect(zhang).toMatchObject({ name: '张三丰', active: true, importId: expect.anything() });
    expect(String(zhang!.importId)).toBe(result.importId);
    await expect(activeResidentFor(String(li.user._id), String(s.village._id))).resolves.toBeNull();
  });

  it.each([
    ['neither ID tail nor phone', { name: '张三丰' }],
    ['a malformed ID tail', { name: '张三丰', idLast4: '12' }],
    ['a malformed phone', { name: '张三丰', phone: '12345' }],
  ])('refuses a request with %s', async (_what, input) => {
    const s = await setup();
    await expect(
      verification.requestVerification(s.resident.actor, String(s.village._id), input),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('refuses verification at a township', async () => {
    const s = await setup();
    await expect(
      verification.requestVerification(s.resident.actor, String(s.township._id), {
        name: '张三丰',
        idLast4: '1234',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
