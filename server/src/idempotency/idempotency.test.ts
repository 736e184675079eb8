// Idempotency-Key on the writes a phone may retry (API.md): the first answer is replayed and
// nothing is written twice; another request under the same key is a conflict.
import type { Response } from 'supertest';
import { AuditEntry } from '../audit/audit.model';
import { Disclosure } from '../disclosures/disclosure.model';
import {
  createDraft,
  expectStatus,
  FINANCE_BODY,
  publishedItem,
  submitAndApprove,
  useDisclosureWorld,
  type World,
} from '../disclosures/testing';
import type { TestApp } from '../test/harness';
import type { UserDoc } from '../users/user.model';

let t: TestApp;
let w: World;
useDisclosureWorld((app, world) => {
  t = app;
  w = world;
});

interface Write {
  method: 'post' | 'patch';
  path: string;
  body: object;
  as: UserDoc;
}

/** What a replay must leave unchanged: the org's disclosures, their versions and signatures, their audit. */
async function stored(): Promise<unknown> {
  const items = await Disclosure.find({ orgId: w.village._id }).sort({ _id: 1 }).lean();
  return {
    items: items.map((d) => ({
      state: d.state,
      versions: d.versions.map((v) => ({ state: v.state, signatures: v.signatures.length })),
    })),
    // Not the sign-ins the test's tokens make.
    audit: await AuditEntry.countDocuments({ action: { $not: /^auth\./ } }),
  };
}

function send(write: Write, key?: string, body: object = write.body): Promise<Response> {
  const req = t.request[write.method](`/api/v1${write.path}`).send(body);
  return w.as(write.as, key ? req.set('Idempotency-Key', key) : req);
}

// Each write, set up fresh; `other` is a different valid body for the same route.
const writes: [string, () => Promise<Write>, object][] = [
  [
    'creating a draft',
    async () => ({
      method: 'post',
      path: `/orgs/${String(w.village._id)}/disclosures`,
      body: FINANCE_BODY,
      as: w.users.cadre,
    }),
    { ...FINANCE_BODY, title: '2026年10月村级财务收支公开' },
  ],
  [
    'a supervisor signing a draft',
    async () => {
      const id = await createDraft(t, w);
      await expectStatus(w.as(w.users.cadre, t.request.post(`/api/v1/disclosures/${id}/submit`)), 200);
      return {
        method: 'post',
        path: `/disclosures/${id}/reviews`,
        body: { decision: 'approve' },
        as: w.users.supervisor,
      };
    },
    { decision: 'reject', comment: '金额与凭证不符' },
  ],
  [
    'correcting a published item',
    async () => ({
      method: 'post',
      path: `/disclosures/${await publishedItem(t, w)}/corrections`,
      body: { reason: '笔误', title: '更正后的标题', blocks: [{ type: 'paragraph', text: '更正内容' }] },
      as: w.users.cadre,
    }),
    { reason: '再次更正', title: '另一个标题', blocks: [{ type: 'paragraph', text: '别的内容' }] },
  ],
];

describe.each(writes)('Idempotency-Key on %s', (_name, setUp, other) => {
  it('replays the first answer to a retry and writes nothing more', async () => {
    const write = await setUp();
    const first = await send(write, 'retry-1');
    expect(first.status).toBeLessThan(300);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const after = await stored();

    const again = await send(write, 'retry-1');
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await stored()).toEqual(after);
  });

  it('refuses the same key on a different body with 409 CONFLICT, writing nothing', async () => {
    const write = await setUp();
    expect((await send(write, 'k-2')).status).toBeLessThan(300);
    const after = await stored();
    const res = await send(write, 'k-2', other);
    expect([res.status, res.body.error.code]).toEqual([409, 'CONFLICT']);
    expect(res.body.error.message).toContain('Idempotency-Key');
    expect(await stored()).toEqual(after);
  });

  it('runs a repeat without a key again (the key is optional)', async () => {
    const write = await setUp();
    const first = await send(write);
    const second = await send(write);
    expect(first.status).toBeLessThan(300);
    // A second draft, a second signature refused (409), a second correction: not the first answer.
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.body).not.toEqual(first.body);
  });
});

describe('Idempotency-Key edge cases', () => {
  const draft = (): Write => ({
    method: 'post',
    path: `/orgs/${String(w.village._id)}/disclosures`,
    body: FINANCE_BODY,
    as: w.users.cadre,
  });

  it.each([['x'.repeat(129)], ['tab\tkey'], ['has space']])(
    'answers a malformed key %j with 400 VALIDATION_FAILED and stores nothing',
    async (key) => {
      const before = await stored();
      const res = await send(draft(), key);
      expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(res.body.error.details).toEqual([{ path: 'Idempotency-Key', message: expect.any(String) }]);
      expect(await stored()).toEqual(before);
    },
  );

  it('keeps nothing of a failed first attempt: the retry under the same key runs afresh', async () => {
    const id = await createDraft(t, w);
    const correction = {
      method: 'post' as const,
      path: `/disclosures/${id}/corrections`,
      body: { reason: '笔误', title: '更正', blocks: [{ type: 'paragraph', text: '内容' }] },
      as: w.users.cadre,
    };
    // A draft cannot be corrected yet: 409 INVALID_STATE, and the key is not taken.
    const refused = await send(correction, 'after-publish');
    expect(refused.body.error.code).toBe('INVALID_STATE');
    await submitAndApprove(t, w, id);
    await expectStatus(
      w.as(w.users.cadre, t.request.post(`/api/v1/disclosures/${id}/publish`).send({})),
      200,
    );
    const res = await send(correction, 'after-publish');
    expect(res.status).toBe(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
  });

  it('keeps keys per user: the same key from two cadres is two requests', async () => {
    const sibling: Write = {
      ...draft(),
      path: `/orgs/${String(w.sibling._id)}/disclosures`,
      as: w.users.siblingCadre,
    };
    const a = await send(draft(), 'shared-key');
    const b = await send(sibling, 'shared-key');
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).not.toBe(b.body.id);
  });

  it('writes once when the same request arrives twice at the same moment', async () => {
    const [a, b] = await Promise.all([send(draft(), 'twin'), send(draft(), 'twin')]);
    const statuses = [a.status, b.status].sort();
    // The second either waited for the first answer (replay) or found it still running (409).
    expect([
      [201, 201],
      [201, 409],
    ]).toContainEqual(statuses);
    expect(await Disclosure.countDocuments({ orgId: w.village._id })).toBe(1);
  });

  it('documents the header on the routes that accept it', async () => {
    const doc = (await t.request.get('/api/v1/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    const headerOf = (path: string, method: string) =>
      doc.paths[path]?.[method]?.parameters?.some((p) => p.name === 'Idempotency-Key' && p.in === 'header');
    expect(headerOf('/api/v1/orgs/{id}/disclosures', 'post')).toBe(true);
    expect(headerOf('/api/v1/feedback', 'post')).toBe(true);
    expect(headerOf('/api/v1/auth/login', 'post')).toBe(false);
  });
});
