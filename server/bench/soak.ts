// `npm run soak`: 200 concurrent clients submit 2,000 feedback items to the real server (a child
// process, production settings, on devdb in another child). Every item is retried once with the
// same Idempotency-Key, and one in five is first sent on a connection dropped mid-request (half
// cut while the body is still being written, half cut after it was sent, before the answer).
// Passes when exactly 2,000 items are stored, none lost, none doubled, and no answer was a 5xx.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { Types } from 'mongoose';
import { percentile } from './load';
import { AuditEntry } from '@sanwu/server/dist/audit/audit.model';
import { connectDatabase } from '@sanwu/server/dist/db/connect';
import { Feedback } from '@sanwu/server/dist/feedback/feedback.model';
import { createServices } from '@sanwu/server/dist/services';
import { makeOrgTree } from '@sanwu/server/dist/users/testing';
import { User } from '@sanwu/server/dist/users/user.model';
import {
  freePort,
  machine,
  runConfig,
  startDevDbProcess,
  startServerProcess,
  waitForHttp,
} from './processes';

const CLIENTS = 200;
const ITEMS = 2_000;
const USERS = 400; // 5 items each: 10 answered requests + dropped ones stay under the hourly limit
const DROP_EVERY = 5;

interface Answer {
  status: number;
  id?: string;
  ms: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });

function post(port: number, token: string, key: string, body: string, cut?: 'mid-body' | 'before-answer') {
  return new Promise<Answer | 'dropped'>((resolve) => {
    const started = performance.now();
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/v1/feedback',
        method: 'POST',
        // A dropped connection must not go back to the pool.
        agent: cut ? false : agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'idempotency-key': key,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let id: string | undefined;
          try {
            id = (JSON.parse(text) as { id?: string }).id;
          } catch {
            id = undefined;
          }
          resolve({ status: res.statusCode ?? 0, id, ms: performance.now() - started });
        });
      },
    );
    req.on('error', () => resolve('dropped'));
    if (cut === 'mid-body') {
      req.write(body.slice(0, Math.floor(body.length / 2)));
      setTimeout(() => req.destroy(), 5);
      return;
    }
    req.end(body);
    if (cut === 'before-answer') setImmediate(() => req.destroy());
  });
}

async function main(): Promise<void> {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(
    `# sanwu soak — ${CLIENTS} clients, ${ITEMS} items, each retried once; 1 in ${DROP_EVERY} dropped first`,
  );
  out(machine());
  const devdb = await startDevDbProcess();
  const children = [devdb.child];
  try {
    const uri = `${devdb.uri}/sanwu-soak`;
    const { secrets, config } = runConfig();
    const db = await connectDatabase(uri, { serverSelectionTimeoutMS: 5000 });
    const services = createServices(config, () => new Date());
    await db.ensureIndexes();
    const { village } = await makeOrgTree();
    const users = Array.from({ length: USERS }, (_, i) => ({
      _id: new Types.ObjectId(),
      kind: 'resident',
      name: `村民${i}`,
      wechat: { openid: `soak-${i}` },
    }));
    await User.insertMany(users);
    const tokens: string[] = [];
    for (const u of users) tokens.push((await services.auth.loginAsDemo(String(u._id))).accessToken);

    const port = await freePort();
    children.push(
      startServerProcess({
        ...secrets,
        NODE_ENV: 'production',
        MONGODB_URI: uri,
        PORT: String(port),
        HOST: '127.0.0.1',
        SCHEDULER: 'false',
        LOG_LEVEL: 'warn',
      }),
    );
    await waitForHttp(`http://127.0.0.1:${port}/readyz`, 60_000);

    const answers: Answer[] = [];
    const problems: string[] = [];
    let dropped = 0;
    let next = 0;
    const t0 = performance.now();
    const client = async () => {
      while (next < ITEMS) {
        const i = next++;
        const token = tokens[i % USERS]!;
        const key = `soak-${randomUUID()}`;
        const body = JSON.stringify({
          orgId: String(village._id),
          type: 'opinion',
          content: `第${i}条：村口路灯坏了`,
        });
        if (i % DROP_EVERY === 0) {
          const cut = i % (2 * DROP_EVERY) === 0 ? 'mid-body' : 'before-answer';
          if ((await post(port, token, key, body, cut)) === 'dropped') dropped++;
        }
        const first = await post(port, token, key, body);
        const retry = await post(port, token, key, body);
        for (const a of [first, retry]) if (a !== 'dropped') answers.push(a);
        if (first === 'dropped' || retry === 'dropped')
          problems.push(`item ${i}: a normal request was dropped`);
        else if (![200, 201].includes(first.status) || retry.status !== 200 || first.id !== retry.id) {
          problems.push(`item ${i}: ${first.status}/${retry.status} ids ${first.id}/${retry.id}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    const seconds = (performance.now() - t0) / 1000;

    const stored = await Feedback.countDocuments({ orgId: village._id });
    const distinctKeys = await Feedback.countDocuments({ 'idempotency.key': /^soak-/ });
    const audited = await AuditEntry.countDocuments({ orgId: village._id, action: 'feedback.submit' });
    const statuses: Record<number, number> = {};
    for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
    const ms = answers.map((a) => a.ms).sort((a, b) => a - b);
    const p = (q: number) => percentile(ms, q).toFixed(0);
    const fivexx = answers.filter((a) => a.status >= 500).length;
    out(`answers: ${JSON.stringify(statuses)}; dropped connections: ${dropped}; ${seconds.toFixed(1)} s`);
    out(`latency: p50 ${p(0.5)} ms, p99 ${p(0.99)} ms`);
    out(
      `stored: ${stored} items for ${ITEMS} submitted, ${distinctKeys} of them with their idempotency key, ` +
        `${audited} audit entries; 5xx: ${fivexx}`,
    );
    for (const line of problems.slice(0, 10)) out(`  problem: ${line}`);
    const ok =
      stored === ITEMS &&
      distinctKeys === ITEMS &&
      audited === ITEMS &&
      fivexx === 0 &&
      problems.length === 0;
    out(ok ? 'SOAK PASSED' : 'SOAK FAILED');
    await db.close();
    process.exitCode = ok ? 0 : 1;
  } finally {
    agent.destroy();
    for (const c of children) c.kill('SIGTERM');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`soak failed: ${String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
