// Bad input against EVERY write route: a generated corpus (seeded PRNG, so a failure replays) of
// malformed, oversized, wrong-typed, operator-injection and Unicode-edge bodies. The routes come
// from the mounted routers and the field names from the OpenAPI document, so a route added later is
// covered without touching this file. Every answer must be a 4xx in the API error format, and the
// database must hold exactly what it held before.
import { Types } from 'mongoose';
import supertest from 'supertest';
import { createApp, mountedRoutes } from '../app';
import type { RateLimitStore } from '../middleware/rate-limit';
import { createServices } from '../services';
import { startTestDatabase } from '../test/harness';
import { captureLogger, testConfig } from '../test/test-config';
import { makeOrgTree, makeStaff } from '../users/testing';
import type { Database } from '../db/connect';
import type { DevDbHandle } from '../db/devdb';
import { seededRandom } from '../seed/seeded-random';
import { corpusFor, fieldsOf, requiresSomething, type JsonSchema } from './corpus';

const CASES_PER_ROUTE = Number(process.env.BAD_INPUT_CASES ?? 0);
const MIN_CASES = 5_000;
// Bodies that can never satisfy a schema with a required field, whatever the field types.
const STRUCTURAL = new Set([
  'malformed',
  'not-an-object',
  'oversized',
  'form-injection',
  'wrong-content-type',
  'unicode-keys',
]);
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// Rate limits would answer 429 before validation is reached; this store never limits.
const unlimited: RateLimitStore = { hit: async () => ({ count: 1, resetAt: Date.now() + 60_000 }) };

let db: Database;
let devdb: DevDbHandle;

beforeAll(async () => {
  ({ db, devdb } = await startTestDatabase());
});

afterAll(async () => {
  await db.close();
  await devdb.stop();
});

async function countAll(): Promise<Record<string, number>> {
  const conn = db.connection.db!;
  const names = (await conn.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  const out: Record<string, number> = {};
  // NOTE: a refused sign-in is audited on purpose (brute-force trail); it stores nothing of the body.
  const filters: Record<string, object> = { auditentries: { action: { $ne: 'auth.login.failed' } } };
  for (const name of names) out[name] = await conn.collection(name).countDocuments(filters[name] ?? {});
  return out;
}

const countBy = (items: string[]) =>
  items.reduce<Record<string, number>>((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {});

const ERROR_SHAPE = expect.objectContaining({
  error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
});

it('answers a corpus of at least 5,000 bad bodies on every write route with a 4xx in the API error format and writes nothing', async () => {
  const config = testConfig();
  const services = createServices(config, () => new Date());
  const app = createApp({
    config,
    logger: captureLogger('fatal').logger,
    db,
    services,
    rateLimitStore: unlimited,
  });
  await db.ensureIndexes();
  const { county, township, village } = await makeOrgTree();
  const { user } = await makeStaff([
    { role: 'admin', org: county },
    { role: 'inspector', org: township },
    { role: 'cadre', org: village },
    { role: 'supervisor', org: village },
  ]);
  const auth = `Bearer ${(await services.auth.loginAsDemo(String(user._id))).accessToken}`;
  const request = supertest(app.callback());
  const openapi = (await request.get('/api/v1/openapi.json').expect(200)).body as JsonSchema;

  const routes = mountedRoutes(app).filter((r) => WRITE_METHODS.has(r.method));
  expect(routes.length).toBeGreaterThan(20);
  const perRoute = CASES_PER_ROUTE || Math.ceil(MIN_CASES / routes.length);
  const random = seededRandom(20261123);
  const cases = routes.flatMap((route) => {
    const op = openapi.paths?.[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
    const schema = op?.requestBody?.content?.['application/json']?.schema as JsonSchema | undefined;
    const fields = fieldsOf(schema, openapi);
    // A route with nothing required in its body (logout, mark-all-read) may accept some cases.
    const refusesAll = requiresSomething(schema, openapi);
    // A fresh, well-formed id for every parameter: the request reaches body validation.
    const url = route.path.replace(/:(\w+)/g, () => String(new Types.ObjectId()));
    return corpusFor(fields, perRoute, random).map((c) => ({
      ...c,
      route,
      refusesAll,
      url: url + (c.query ?? ''),
    }));
  });
  expect(cases.length).toBeGreaterThanOrEqual(MIN_CASES);

  const before = await countAll();
  const failures: string[] = [];
  const statuses: Record<number, number> = {};
  const accepted: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++]!;
      const req = request[c.route.method.toLowerCase() as 'post'](c.url)
        .set('Authorization', auth)
        .set('Idempotency-Key', `bad-input-${next}-abcdef`)
        .set('Content-Type', c.contentType);
      const res = await req.send(c.body);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      const shaped = res.body && typeof res.body.error?.code === 'string';
      const refused = res.status >= 400 && res.status < 500 && shaped;
      // NOTE: a 2xx is tolerated only where the body requires nothing, or a string field took an
      // odd but well-formed string (logout of an unknown token is a no-op); the document counts
      // below still prove nothing was written.
      const ok = res.status >= 200 && res.status < 300;
      if (ok && !(c.refusesAll && STRUCTURAL.has(c.kind))) accepted.push(`${c.route.method} ${c.route.path}`);
      else if (!refused) {
        failures.push(
          `${c.route.method} ${c.route.path} [${c.kind}] → ${res.status} ${res.text.slice(0, 200)}`,
        );
      } else if (refused) {
        expect(res.body).toEqual(ERROR_SHAPE);
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));

  expect(failures.slice(0, 20)).toEqual([]);
  const after = await countAll();
  expect(after).toEqual(before);
  // The figure for docs/performance.md.
  process.stdout.write(
    `bad input: ${cases.length} cases on ${routes.length} write routes → ${JSON.stringify(statuses)}; ` +
      `accepted without writing: ${JSON.stringify(countBy(accepted))}\n`,
  );
}, 120_000);
