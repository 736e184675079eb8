// Losing the database under load: requests answer 503 UNAVAILABLE quickly (no hang, no 500),
// /readyz fails, and once the database is back the same process serves again — no restart.
import { startTestApp, type TestApp } from '../test/harness';
import { makeOrgTree, makeStaff } from '../users/testing';

let t: TestApp;
let listPath: string;
/** A signed-in read: the caller is read from the database on every request. */
let cadreAuth: string;

beforeAll(async () => {
  t = await startTestApp();
  const { village } = await makeOrgTree();
  listPath = `/api/v1/orgs/${String(village._id)}/disclosures`;
  const { user } = await makeStaff([{ role: 'cadre', org: village }]);
  cadreAuth = await t.bearer(String(user._id));
});

afterAll(async () => {
  await t.stop();
});

interface Answer {
  status: number;
  code?: string;
  ms: number;
}

async function hit(path: string, auth?: string): Promise<Answer> {
  const started = Date.now();
  const res = auth ? await t.request.get(path).set('Authorization', auth) : await t.request.get(path);
  return { status: res.status, code: res.body?.error?.code, ms: Date.now() - started };
}

/** `clients` loops of requests until `stop()`; every answer is kept. */
function load(clients: number) {
  const answers: Answer[] = [];
  let running = true;
  // Half the clients read a public list, half their own account.
  const loops = Array.from({ length: clients }, async (_, i) => {
    while (running) answers.push(await (i % 2 ? hit('/api/v1/me', cadreAuth) : hit(listPath)));
  });
  return {
    answers,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

const waitFor = async (ok: () => Promise<boolean>, ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await ok()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
};

it('answers 503 UNAVAILABLE within the selection timeout while the database is down, and recovers without a restart', async () => {
  const before = load(10);
  await new Promise((r) => setTimeout(r, 300));
  const outageStart = before.answers.length;
  await t.stopDatabase();
  await new Promise((r) => setTimeout(r, 2500));
  const ready = await hit('/readyz');
  const outage = before.answers.slice(outageStart).filter((a) => a.status !== 200);

  expect(ready).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
  expect(outage.length).toBeGreaterThan(0);
  for (const a of outage) expect(a).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
  // The harness connects with a 1 s selection timeout (production: 2 s): nobody waits for long.
  const slowest = Math.max(...outage.map((a) => a.ms));
  expect(slowest).toBeLessThan(2500);

  await t.restartDatabase();
  const recovered = await waitFor(async () => (await hit('/readyz')).status === 200, 15_000);
  const recoveredAt = before.answers.length;
  await new Promise((r) => setTimeout(r, 500));
  await before.stop();

  expect(recovered).toBe(true);
  const after = before.answers.slice(recoveredAt);
  expect(after.length).toBeGreaterThan(0);
  expect(after.every((a) => a.status === 200)).toBe(true);
  // Nothing but 200 and 503 from first to last: no 500, no hang.
  expect(new Set(before.answers.map((a) => a.status))).toEqual(new Set([200, 503]));
  process.stdout.write(
    `database loss: ${outage.length} answers during the outage, all 503 UNAVAILABLE, slowest ${slowest} ms; ` +
      `${after.length} answers after recovery, all 200\n`,
  );
}, 60_000);
