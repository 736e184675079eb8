// `npm run bench [-- --scale=small|full] [--uri=mongodb://…]`: seeds a county on the embedded database (a child
// process), starts the real server (another child process, production settings) against it and
// drives it over loopback with autocannon at 64 connections; then times the deadline sweep and
// counts the documents it examined. Prints one report; docs/performance.md records the figures.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createApp } from '@sanwu/server/dist/app';
import { loadConfig } from '@sanwu/server/dist/config';
import { connectDatabase, type Database } from '@sanwu/server/dist/db/connect';
import { createLogger } from '@sanwu/server/dist/logger';
import { createScheduler } from '@sanwu/server/dist/scheduler/scheduler';
import { createServices } from '@sanwu/server/dist/services';
import { Feedback } from '@sanwu/server/dist/feedback/feedback.model';
import { SCALES, seedCounty, type County, type Scale } from './county';
import { answers, cacheShare, drive, drivePaced, formatTable, type Figure, type Scenario } from './load';
import {
  freePort,
  machine,
  runConfig,
  startDevDbProcess,
  startServerProcess,
  waitForHttp,
} from './processes';

function option(argv: string[], name: string): string | undefined {
  return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

const CONNECTIONS = Number(option(process.argv, 'connections') ?? 64);
/** `--only=inbox` runs the scenarios whose name contains the text (and the ceiling). */
const ONLY = option(process.argv, 'only');
/** `--rounds=3` measures every scenario three times on the one seeded county: the machine is noisy. */
const ROUNDS = Number(option(process.argv, 'rounds') ?? 1);
/**
 * `--against=server/ab/<rev>/dist/index.js`: each round measures that build too, right after this one,
 * on the same data and the same devdb. It is a copy of an older `server/dist` kept inside `server/`, so
 * it loads the same packages (and this build's `@sanwu/shared`).
 */
const AGAINST = option(process.argv, 'against');
/** `--instances=2`: the server as two processes sharing its port (instances.ts), as a deployment would scale it. */
const INSTANCES = Number(option(process.argv, 'instances') ?? 1);

function parseScale(argv: string[]): Scale {
  const arg = argv.find((a) => a.startsWith('--scale='))?.split('=')[1] ?? 'full';
  if (arg !== 'small' && arg !== 'full') throw new Error(`--scale must be small or full, not ${arg}`);
  return SCALES[arg];
}

/** `uri` with its database path replaced by `name` (hosts and options such as `replicaSet` kept). */
function withDatabase(uri: string, name: string): string {
  const q = uri.indexOf('?');
  const [base, query] = q < 0 ? [uri, ''] : [uri.slice(0, q), uri.slice(q)];
  const slash = base.indexOf('/', base.indexOf('://') + 3);
  return `${slash < 0 ? base : base.slice(0, slash)}/${name}${query}`;
}

/** Cycles through `items` so consecutive requests hit different villages / items / callers. */
function cycle<T>(items: T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length]!;
}

async function etagsOf(url: string, paths: string[], tokens: string[] = []): Promise<string[]> {
  const tags: string[] = [];
  for (const [i, p] of paths.entries()) {
    const res = await fetch(url + p, tokens[i] ? { headers: { authorization: `Bearer ${tokens[i]}` } } : {});
    tags.push(res.headers.get('etag') ?? '');
    await res.arrayBuffer();
  }
  return tags;
}

function scenarios(world: County, etags: { lists: string[]; inboxes: string[] }): Scenario[] {
  const villageIds = world.villages.map((v) => String(v._id));
  const listPaths = villageIds.map((id) => `/api/v1/orgs/${id}/disclosures`);
  const cached = cycle(listPaths.map((path, i) => ({ path, headers: { 'if-none-match': etags.lists[i]! } })));
  const cold = cycle(listPaths.map((path) => ({ path })));
  // Every disclosure in turn: a URL comes round again only after far more than the public read
  // cache's 5 s, so this is the route's own cost. (Over 5,000 items the cycle was shorter than 5 s
  // whenever the server exceeded 1,000 req/s: runs flipped between measuring the route and the cache.)
  const detail = cycle(world.disclosureIds.map((id) => ({ path: `/api/v1/disclosures/${id}` })));
  // The day a disputed list goes up: the whole village opens the same item.
  const disputed = `/api/v1/disclosures/${world.disclosureIds[0]!}`;
  const inboxRequests = villageIds.map((id, i) => ({
    path: `/api/v1/orgs/${id}/feedback`,
    headers: { authorization: `Bearer ${world.cadreTokens[i]!}` },
  }));
  const inbox = cycle(inboxRequests);
  // A cadre's phone or browser revalidating the page it kept.
  const inboxKept = cycle(
    inboxRequests.map((r, i) => ({ ...r, headers: { ...r.headers, 'if-none-match': etags.inboxes[i]! } })),
  );
  const resident = cycle(world.residentTokens);
  const village = cycle(villageIds);
  let n = 0;
  return [
    { name: 'GET /healthz (ceiling)', next: () => ({ path: '/healthz' }) },
    { name: 'village disclosure list, cold', next: cold },
    { name: 'village disclosure list, If-None-Match', next: cached },
    { name: 'disclosure detail, each read a different item', next: detail },
    { name: 'disclosure detail, one item for everyone', next: () => ({ path: disputed }) },
    { name: 'org feedback inbox (cadre)', next: inbox },
    { name: 'org feedback inbox, If-None-Match', next: inboxKept },
    {
      name: 'POST /feedback (resident)',
      method: 'POST',
      next: () => ({
        path: '/api/v1/feedback',
        headers: {
          authorization: `Bearer ${resident()}`,
          'content-type': 'application/json',
          'idempotency-key': `bench-${randomUUID()}`,
        },
        body: JSON.stringify({ orgId: village(), type: 'opinion', content: `建议修缮村道第${++n}段` }),
      }),
    },
  ];
}

/** The requests the database has received (its own serverStatus's included), NaN where it does not say. */
function databaseRequests(db: Database): () => Promise<number> {
  const admin = db.connection.db!.admin();
  return async () =>
    Number(
      ((await admin.serverStatus()) as { network?: { numRequests?: number } }).network?.numRequests ?? NaN,
    );
}

async function sweepFigures(db: Database, world: County, now: Date) {
  const scheduler = createScheduler({
    clock: () => now,
    logger: createLogger(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' })),
    batch: world.dueFeedback + 1,
  });
  const admin = db.connection.db!.admin();
  const examined = async () =>
    Number(
      ((await admin.serverStatus()) as { metrics?: { queryExecutor?: { scannedObjects?: number } } }).metrics
        ?.queryExecutor?.scannedObjects ?? NaN,
    );
  // The sweep's own query first, alone: what it reads of the 200,000 items.
  const q0 = await examined();
  const tq = performance.now();
  const due = await Feedback.countDocuments({ nextCheckAt: { $lte: now } });
  const queryMs = performance.now() - tq;
  const queryExamined = (await examined()) - q0;
  const before = await examined();
  const t0 = performance.now();
  const report = await scheduler.sweep();
  const ms = performance.now() - t0;
  const after = await examined();
  return { ms, report, examined: after - before, due, queryMs, queryExamined };
}

/** Starts the server (`entry`: another build's `dist/index.js`), drives every chosen scenario, prints the table. */
async function measure(
  run: { env: Record<string, string>; world: County; seconds: number; entry?: string; db: Database },
  children: ChildProcess[],
  out: (line?: string) => void,
): Promise<void> {
  const { world } = run;
  const port = await freePort();
  const server = startServerProcess(
    {
      ...run.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      SCHEDULER: 'false',
      LOG_LEVEL: 'warn',
    },
    run.entry,
    INSTANCES,
  );
  children.push(server);
  try {
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/readyz`, 60_000);
    const villagePaths = world.villages.map((v) => `/api/v1/orgs/${String(v._id)}/disclosures`);
    const etags = {
      lists: await etagsOf(url, villagePaths),
      inboxes: await etagsOf(
        url,
        world.villages.map((v) => `/api/v1/orgs/${String(v._id)}/feedback`),
        world.cadreTokens,
      ),
    };
    const figures: Figure[] = [];
    // NOTE: what a request costs the database in commands does not vary with the machine's noise,
    // unlike its latency: the figure to compare when a change sends fewer of them (thirteenth pass).
    const dbRequests = databaseRequests(run.db);
    const counted = async (driving: () => Promise<Figure>): Promise<Figure> => {
      const before = await dbRequests();
      const f = await driving();
      // The second serverStatus counts itself too.
      return { ...f, dbPerAnswer: ((await dbRequests()) - before - 1) / Math.max(1, answers(f)) };
    };
    const report = (f: Figure) => {
      figures.push(f);
      out(
        `  ${f.name}: ${f.rps.toFixed(0)} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms, ${cacheShare(f)} from cache (ended ${new Date().toISOString()})`,
      );
    };
    const chosen = scenarios(world, etags).filter((s, i) => i === 0 || !ONLY || s.name.includes(ONLY));
    for (const s of chosen) {
      // A short warm-up so JIT, connection pools and devdb's first-use index structures (the inbox's
      // ordered groups: ~0.9 s once at full scale) are not measured; then one request more, answered
      // only once the warm-up's queued requests are, so the measured run starts on an idle server.
      await drive(url, s, CONNECTIONS, 1);
      await drive(url, s, 1, 0, { amount: 1 });
      const f = await counted(() => drive(url, s, CONNECTIONS, run.seconds));
      report(f);
      if (s.method === 'POST') {
        // NOTE: 64 connections that each send again the moment they are answered keep the server
        // saturated, so their latency is the queue: 64 / throughput. The same submissions at half
        // that throughput, evenly paced, show the latency a resident sees while the server keeps up.
        const rate = Math.max(1, Math.round(f.rps / 2));
        report({
          ...(await counted(() => drivePaced(url, s, rate, run.seconds, CONNECTIONS))),
          name: `${s.name} at ${rate}/s, evenly paced`,
        });
      }
    }
    out();
    out(formatTable(figures, figures[0]!));
    out();
  } finally {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
    children.splice(children.indexOf(server), 1);
  }
}

async function main(): Promise<void> {
  const scale = parseScale(process.argv.slice(2));
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(
    `# sanwu bench — scale=${scale.name}, ${CONNECTIONS} connections, ${scale.seconds}s per scenario, server processes: ${INSTANCES}`,
  );
  out(machine());

  // `--uri=mongodb://…` measures a real MongoDB instead of devdb: the data goes into a database of
  // its own, dropped at the end, so the option can never touch the application's data.
  const external = option(process.argv, 'uri');
  const devdb = external ? undefined : await startDevDbProcess();
  const children = devdb ? [devdb.child] : [];
  const stopAll = () => children.forEach((c) => c.kill('SIGTERM'));
  process.once('SIGINT', () => {
    stopAll();
    process.exit(130);
  });
  try {
    const uri = external ? withDatabase(external, `sanwu-bench-${Date.now()}`) : `${devdb!.uri}/sanwu-bench`;
    out(`database: ${external ? 'MongoDB at --uri' : 'devdb (embedded)'}`);
    const { secrets, config } = runConfig();
    const db = await connectDatabase(uri, { autoIndex: false, serverSelectionTimeoutMS: 5000 });
    const now = new Date();
    const services = createServices(config, () => now);
    const app = createApp({ config, logger: createLogger(config), db, services, clock: () => new Date() });
    await db.ensureIndexes();

    const t0 = performance.now();
    const world = await seedCounty(scale, app, services, now, (l) => out(`  seeded ${l}`));
    const seedMs = performance.now() - t0;
    const docs = scale.disclosures + scale.feedback;
    out(
      `seeding: ${(seedMs / 1000).toFixed(1)} s (${Math.round(docs / (seedMs / 1000))} documents/s incl. tokens)`,
    );

    const servers = [
      { label: 'this build', entry: undefined },
      ...(AGAINST ? [{ label: AGAINST, entry: AGAINST }] : []),
    ];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const { label, entry } of servers) {
        if (ROUNDS > 1 || AGAINST) out(`round ${round} of ${ROUNDS}, server: ${label}`);
        await measure(
          { env: { ...secrets, MONGODB_URI: uri }, world, seconds: scale.seconds, entry, db },
          children,
          out,
        );
      }
    }

    const sweep = await sweepFigures(db, world, now);
    out();
    out(
      `deadline sweep: ${sweep.ms.toFixed(0)} ms over ${world.openFeedback} open items ` +
        `(${world.dueFeedback} due; ${sweep.report.feedback} needed an action); ` +
        `documents examined by the whole sweep (items, users, notifications): ${sweep.examined}`,
    );
    out(
      `sweep query (nextCheckAt <= now): ${sweep.due} items in ${sweep.queryMs.toFixed(0)} ms, ` +
        `${sweep.queryExamined} documents examined of ${scale.feedback} feedback items stored`,
    );
    out(
      `uptime after: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    if (external) await db.connection.dropDatabase();
    await db.close();
  } finally {
    stopAll();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
