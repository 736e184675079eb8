import bcrypt from 'bcryptjs';
import mongoose from 'mongoose';
import { RefreshToken } from '../auth/refresh-token.model';
import { CalendarYearModel } from '../calendar/calendar.model';
import { Disclosure, WithheldDecision } from '../disclosures/disclosure.model';
import { expireDisclosures } from '../disclosures/disclosure-expiry.service';
import { FINANCE_BODY } from '../disclosures/testing';
import { Feedback } from '../feedback/feedback.model';
import { makeVillager, useFeedbackSweep, type World } from '../feedback/feedback.testing';
import { createScheduler, type Scheduler } from '../scheduler/scheduler';
import type { TestApp } from '../test/harness';
import { Org } from '../orgs/org.model';
import { PendingGrant } from '../users/pending-grant.model';
import { makeStaff } from '../users/testing';
import { User } from '../users/user.model';
import { captureLogger } from '../test/test-config';
import { AuditEntry } from './audit.model';
import { OWED_CHECK_AFTER_MS, type OwedAudit } from './audits-owed';
import { verifyAuditChains } from './verify-chain';

let t: TestApp;
let w: World;
let scheduler: Scheduler;

useFeedbackSweep((app, world, sweeping) => {
  [t, w, scheduler] = [app, world, sweeping];
});
/**
 * Sign-ins owe their entries too (on the refresh token): those of the world's staff and of the
 * villagers and admins a case prepares are not the change it counts.
 */
const forgetSignIns = () => RefreshToken.updateMany({}, { $unset: { auditsOwed: 1 } });
beforeEach(forgetSignIns);

const post = (path: string, auth: string, body: object = {}) =>
  t.request.post(`/api/v1${path}`).set('Authorization', auth).send(body);

async function inquiry(): Promise<string> {
  const villager = await makeVillager(t, w.village);
  const res = await post('/feedback', villager.auth, {
    orgId: String(w.village._id),
    type: 'inquiry',
    content: '今年的修路款为什么比预算多了两万元？',
  });
  return res.body.id as string;
}

async function draft(): Promise<string> {
  const res = await post(`/orgs/${String(w.village._id)}/disclosures`, w.cadre.auth, FINANCE_BODY);
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.id as string;
}

/** An inspector's role over the township proposed by the county admin: it waits for a second admin. */
async function proposal(): Promise<{ id: string; secondAdmin: string }> {
  const res = await post(`/users/${w.siblingCadre.id}/grants`, w.admin.auth, {
    role: 'inspector',
    orgId: String(w.township._id),
  });
  if (res.status !== 202) throw new Error(JSON.stringify(res.body));
  const { user } = await makeStaff([{ role: 'admin', org: w.county }], { name: '孙管理' });
  return { id: res.body.pendingGrantId as string, secondAdmin: await t.bearer(String(user._id)) };
}

interface Case {
  name: string;
  action: string;
  /** Where the change is stored (any model with `auditsOwed`). */
  model: { findById(id: string, projection: object): { lean<T>(): PromiseLike<T | null> } };
  /**
   * Builds what the change needs, then answers the change itself: its status, the id its entry
   * targets, and the document carrying the note when that is another one.
   */
  prepare: () => Promise<() => Promise<{ status: number; id: string; noteOn?: string }>>;
  /** The chain the entry belongs to. */
  chain: () => unknown;
  /** Notes the preparation's own changes left (an accept before a transfer, a draft before its edit). */
  earlier: number;
}

const changing =
  (id: string, change: () => Promise<{ status: number }>) =>
  async (): Promise<{ status: number; id: string }> => ({ status: (await change()).status, id });

const cases: Case[] = [
  {
    name: 'a cadre accepting an inquiry',
    action: 'feedback.accept',
    model: Feedback,
    prepare: async () => {
      const id = await inquiry();
      return changing(id, () => post(`/feedback/${id}/accept`, w.cadre.auth));
    },
    chain: () => w.village._id,
    earlier: 0,
  },
  {
    name: 'a cadre transferring it to the village responsible (the entry is on that village’s chain)',
    action: 'feedback.transfer',
    model: Feedback,
    prepare: async () => {
      const id = await inquiry();
      await post(`/feedback/${id}/accept`, w.cadre.auth);
      return changing(id, () =>
        post(`/feedback/${id}/transfer`, w.cadre.auth, {
          toOrgId: String(w.sibling._id),
          reason: '属西河村管辖',
        }),
      );
    },
    chain: () => w.sibling._id,
    earlier: 1,
  },
  {
    name: 'a cadre drafting a disclosure',
    action: 'disclosure.create',
    model: Disclosure,
    prepare: async () => async () => {
      const res = await post(`/orgs/${String(w.village._id)}/disclosures`, w.cadre.auth, FINANCE_BODY);
      const [doc] = await Disclosure.find({}, { _id: 1 }).lean();
      return { status: res.status, id: String(doc!._id) };
    },
    chain: () => w.village._id,
    earlier: 0,
  },
  {
    name: 'a cadre editing the draft',
    action: 'disclosure.edit',
    model: Disclosure,
    prepare: async () => {
      const id = await draft();
      return changing(id, () =>
        t.request
          .patch(`/api/v1/disclosures/${id}`)
          .set('Authorization', w.cadre.auth)
          .send({ title: '修订稿' }),
      );
    },
    chain: () => w.village._id,
    earlier: 1,
  },
  {
    name: 'a cadre recording a 不予公开 decision',
    action: 'disclosure.withhold',
    model: WithheldDecision,
    prepare: async () => async () => {
      const res = await post(`/orgs/${String(w.village._id)}/withheld`, w.cadre.auth, {
        category: 'village-plans',
        subject: '某事项',
        reason: '涉及国家秘密',
      });
      const [doc] = await WithheldDecision.find({}, { _id: 1 }).lean();
      return { status: res.status, id: String(doc!._id) };
    },
    chain: () => w.village._id,
    earlier: 0,
  },
  {
    name: 'an admin granting a cadre role that takes effect at once',
    action: 'grant.apply',
    model: User,
    prepare: async () =>
      changing(w.siblingCadre.id, () =>
        post(`/users/${w.siblingCadre.id}/grants`, w.admin.auth, {
          role: 'cadre',
          orgId: String(w.village._id),
        }),
      ),
    chain: () => w.village._id,
    earlier: 0,
  },
  {
    name: 'an admin proposing an inspector role',
    action: 'grant.propose',
    model: PendingGrant,
    prepare: async () => async () => {
      const res = await post(`/users/${w.siblingCadre.id}/grants`, w.admin.auth, {
        role: 'inspector',
        orgId: String(w.township._id),
      });
      const [doc] = await PendingGrant.find({}, { _id: 1 }).lean();
      return { status: res.status, id: String(doc!._id) };
    },
    chain: () => w.township._id,
    earlier: 0,
  },
  {
    name: 'a second admin approving it (the entry is on the user, with the grant)',
    action: 'grant.approve',
    model: User,
    prepare: async () => {
      const { id, secondAdmin } = await proposal();
      return changing(w.siblingCadre.id, () => post(`/grants/pending/${id}/approve`, secondAdmin));
    },
    chain: () => w.township._id,
    earlier: 1,
  },
  {
    name: 'an admin rejecting it',
    action: 'grant.reject',
    model: PendingGrant,
    prepare: async () => {
      const { id, secondAdmin } = await proposal();
      return changing(id, () => post(`/grants/pending/${id}/reject`, secondAdmin, { reason: '岗位未定' }));
    },
    chain: () => w.township._id,
    earlier: 1,
  },
  {
    name: 'an admin withdrawing a role',
    action: 'grant.revoke',
    model: User,
    prepare: async () =>
      changing(w.siblingCadre.id, () =>
        t.request
          .delete(`/api/v1/users/${w.siblingCadre.id}/grants`)
          .query({ role: 'cadre', orgId: String(w.sibling._id) })
          .set('Authorization', w.admin.auth),
      ),
    chain: () => w.sibling._id,
    earlier: 0,
  },
  {
    name: 'an admin changing a village’s policy (the entry is on the org)',
    action: 'org.policy',
    model: Org,
    prepare: async () =>
      changing(String(w.village._id), () =>
        t.request
          .put(`/api/v1/orgs/${String(w.village._id)}/policy`)
          .set('Authorization', w.admin.auth)
          .send({ reviewQuorum: 'all', financeCadence: 'quarterly' }),
      ),
    chain: () => w.village._id,
    earlier: 0,
  },
  {
    name: 'an admin setting a village’s supervision group',
    action: 'org.supervision-group',
    model: Org,
    prepare: async () =>
      changing(String(w.village._id), () =>
        t.request
          .put(`/api/v1/orgs/${String(w.village._id)}/supervision-group`)
          .set('Authorization', w.admin.auth)
          .send({ userIds: [w.supervisor.id] }),
      ),
    chain: () => w.village._id,
    earlier: 0,
  },
  {
    name: 'a staff member signing in (the note is on the new refresh token)',
    action: 'auth.login',
    model: RefreshToken,
    prepare: async () => {
      const password = 'Sanwu-2026-login';
      const { user } = await makeStaff([{ role: 'cadre', org: w.village }], {
        username: 'signing-in',
        passwordHash: bcrypt.hashSync(password, 4),
      });
      return async () => {
        const res = await t.request.post('/api/v1/auth/login').send({ username: 'signing-in', password });
        const row = await RefreshToken.findOne({ userId: user._id }, { _id: 1 }).lean();
        return { status: res.status, id: String(user._id), noteOn: String(row!._id) };
      };
    },
    chain: () => w.village._id,
    earlier: 0,
  },
  {
    name: 'an admin entering a year of the calendar (the entry is on the global chain)',
    action: 'calendar.year.put',
    model: CalendarYearModel,
    prepare: async () =>
      changing('2030', () =>
        t.request
          .put('/api/v1/calendar/years/2030')
          .set('Authorization', w.admin.auth)
          .send({ holidays: ['2030-10-01', '2030-10-02'], workdays: ['2030-09-29'] }),
      ),
    chain: () => null,
    earlier: 0,
  },
];

const entries = (c: Pick<Case, 'action'>, id: string) =>
  AuditEntry.countDocuments({ action: c.action, 'target.id': id });
/** The item's notes of entries owed for this case's action (an earlier step may have left its own). */
const notes = async (c: Pick<Case, 'action' | 'model'>, id: string) => {
  const doc = await c.model.findById(id, { auditsOwed: 1 }).lean<{ auditsOwed?: OwedAudit[] }>();
  return (doc?.auditsOwed ?? []).filter((n) => n.entry.action === c.action).length;
};
const at = (ms: number) => new Date(t.clock.now().getTime() + ms);

function loseDatabaseAfterChange(): void {
  jest
    .spyOn(AuditEntry.collection, 'insertMany')
    .mockImplementation(() => Promise.reject(new mongoose.mongo.MongoNetworkError('connection lost')));
}

describe('a change cut short before its audit entry', () => {
  it.each(cases)(
    '$name: the entry is appended by the sweep once the request is surely over, exactly once',
    async (c) => {
      const change = await c.prepare();
      await forgetSignIns();
      loseDatabaseAfterChange();
      const { status, id, noteOn = id } = await change();
      jest.restoreAllMocks();
      expect(status).toBe(503);
      expect(await entries(c, id)).toBe(0);
      expect(await notes(c, noteOn)).toBe(1);

      // A request may still be waiting on the database: too early to tell a lost entry from a slow one.
      const sweepAt = (ms: number) => {
        t.clock.set(at(ms));
        return scheduler.sweep();
      };
      const start = t.clock.now().getTime();
      expect((await sweepAt(OWED_CHECK_AFTER_MS - 1000)).auditsOwed).toBe(0);
      expect(await entries(c, id)).toBe(0);

      t.clock.set(new Date(start));
      expect((await sweepAt(OWED_CHECK_AFTER_MS + 60_000)).auditsOwed).toBe(1 + c.earlier);
      expect(await entries(c, id)).toBe(1);
      expect(await notes(c, noteOn)).toBe(0);
      const entry = await AuditEntry.findOne({ action: c.action, 'target.id': id }).lean();
      expect(String(entry!.orgId)).toBe(String(c.chain()));
      expect(entry!.at).toEqual(new Date(start));

      expect((await scheduler.sweep()).auditsOwed).toBe(0);
      expect(await entries(c, id)).toBe(1);
      expect((await verifyAuditChains()).broken).toEqual([]);
    },
  );

  it.each(cases)('$name: a change that went through is checked and its entry left alone', async (c) => {
    const change = await c.prepare();
    await forgetSignIns();
    const { status, id, noteOn = id } = await change();
    expect([200, 201, 202, 204]).toContain(status);
    expect(await entries(c, id)).toBe(1);
    expect(await notes(c, noteOn)).toBe(1);
    t.clock.set(at(OWED_CHECK_AFTER_MS + 60_000));
    expect((await scheduler.sweep()).auditsOwed).toBe(1 + c.earlier);
    expect(await entries(c, id)).toBe(1);
    expect(await notes(c, noteOn)).toBe(0);
  });

  it('appends the entry the request would have written', async () => {
    const entryOf = async (id: string) => {
      const {
        orgId,
        at: when,
        actorId,
        actorRole,
        action,
        ip,
        summary,
        target,
      } = (await AuditEntry.findOne({
        action: 'feedback.accept',
        'target.id': id,
      }).lean())!;
      return { orgId, at: when, actorId, actorRole, action, ip, summary, target: target?.type };
    };
    const through = await inquiry();
    const cut = await inquiry();
    await post(`/feedback/${through}/accept`, w.cadre.auth);
    loseDatabaseAfterChange();
    expect((await post(`/feedback/${cut}/accept`, w.cadre.auth)).status).toBe(503);
    jest.restoreAllMocks();
    t.clock.set(at(OWED_CHECK_AFTER_MS + 60_000));
    await scheduler.sweep();
    expect(await entryOf(cut)).toEqual(await entryOf(through));
  });

  it('an entry that cannot be settled is logged and tried again', async () => {
    const id = await inquiry();
    await forgetSignIns();
    loseDatabaseAfterChange();
    await post(`/feedback/${id}/accept`, w.cadre.auth);
    jest.restoreAllMocks();
    const log = captureLogger();
    const sweeping = createScheduler({ clock: t.clock.now, logger: log.logger, instanceId: 'a' });
    // Fails once for the accept's entry (the filing's receipt, looked at in the same sweep, asks too).
    const exists = AuditEntry.exists.bind(AuditEntry);
    let failed = false;
    jest.spyOn(AuditEntry, 'exists').mockImplementation(((filter: { action?: string }) => {
      if (filter.action !== 'feedback.accept' || failed) return exists(filter);
      failed = true;
      return Promise.reject(new Error('unexpected'));
    }) as never);
    t.clock.set(at(OWED_CHECK_AFTER_MS + 60_000));
    expect((await sweeping.sweep()).auditsOwed).toBe(0);
    expect(log.lines().filter((l) => l.msg === 'owed audit entry not settled')).toMatchObject([{ id }]);
    expect(await AuditEntry.countDocuments({ action: 'feedback.accept' })).toBe(0);

    expect((await sweeping.sweep()).auditsOwed).toBe(1);
    expect(await AuditEntry.countDocuments({ action: 'feedback.accept' })).toBe(1);
  });

  it('the sweep expiring a disclosure: an entry lost on the way is appended by a later sweep, once', async () => {
    // Published, its display window over before today (the world starts 2026-09-16).
    const { insertedId: _id } = await Disclosure.collection.insertOne({
      orgId: w.village._id,
      orgPath: w.village.path,
      state: 'published',
      public: true,
      revision: 3,
      displayUntil: '2026-09-01',
      versions: [{ no: 1, state: 'published' }],
    });
    const c = { action: 'disclosure.expire', model: Disclosure };
    loseDatabaseAfterChange();
    await expect(expireDisclosures(t.clock.now())).rejects.toThrow('connection lost');
    jest.restoreAllMocks();
    expect((await Disclosure.findById(_id).lean())!.state).toBe('expired');
    expect([await entries(c, String(_id)), await notes(c, String(_id))]).toEqual([0, 1]);

    t.clock.set(at(OWED_CHECK_AFTER_MS + 60_000));
    expect((await scheduler.sweep()).auditsOwed).toBe(1);
    expect([await entries(c, String(_id)), await notes(c, String(_id))]).toEqual([1, 0]);
    expect((await verifyAuditChains()).broken).toEqual([]);
  });
});
