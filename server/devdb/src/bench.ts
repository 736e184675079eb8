// `npm run bench -w @sanwu/devdb`: insert throughput, indexed vs unindexed find and update latency, each
// compared with a driver round-trip `ping` (the floor any command pays). Runs in well under 2 minutes.
import { performance } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import { startDevDb } from './server';

const DOCS = 200_000;
const INDEXED_FINDS = 2_000;
const UNINDEXED_FINDS = 200; // each findOne scans in natural order until its match (100,000 docs on average)

function percentiles(samples: number[]): { p50: number; p99: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

async function time(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

const ms = (x: number): string => `${x.toFixed(3)} ms`;

async function main(): Promise<void> {
  const server = await startDevDb({ port: 0, quiet: true });
  const client = await new MongoClient(server.uri).connect();
  try {
    const db = client.db('bench');
    const coll = db.collection('docs');
    const admin = client.db('admin');
    await time(200, () => admin.command({ ping: 1 })); // warm up
    const ping = percentiles(await time(INDEXED_FINDS, () => admin.command({ ping: 1 })));

    await coll.createIndex({ k: 1 }, { unique: true });
    const docs = Array.from({ length: DOCS }, (_, i) => ({
      k: i,
      name: `村民${i}`,
      plain: i, // same values as k, but not indexed
      group: i % 1000,
      at: new Date(1_700_000_000_000 + i),
      tags: ['a', 'b'],
    }));
    const t0 = performance.now();
    await coll.insertMany(docs, { ordered: false });
    const insertSecs = (performance.now() - t0) / 1000;
    const rand = (i: number): number => (i * 7919) % DOCS;

    const indexed = percentiles(await time(INDEXED_FINDS, (i) => coll.findOne({ k: rand(i) })));
    const unindexed = percentiles(await time(UNINDEXED_FINDS, (i) => coll.findOne({ plain: rand(i) })));
    // The application's update shapes: a counter with a field set, and a notification upsert.
    const updated = percentiles(
      await time(INDEXED_FINDS, (i) =>
        coll.updateOne({ k: rand(i) }, { $inc: { plain: 1 }, $set: { name: `村民${i}（改）` } }),
      ),
    );
    const notes = db.collection('notes');
    await notes.createIndex({ key: 1 }, { unique: true });
    const upserted = percentiles(
      await time(INDEXED_FINDS, (i) =>
        notes.updateOne(
          { key: `fb:${i}:received` },
          { $setOnInsert: { key: `fb:${i}:received`, at: new Date(), body: '新的意见', readAt: null } },
          { upsert: true },
        ),
      ),
    );

    // Server-side time of the indexed lookup alone (no driver, no socket).
    const stored = server.store.db('bench').get('docs');
    if (!stored) throw new Error('bench collection missing');
    const inProc = percentiles(
      await time(INDEXED_FINDS, (i) => Promise.resolve(stored.match({ k: rand(i) }))),
    );

    const ratio = (x: number): string => `${(x / ping.p50).toFixed(1)}x ping`;
    console.log(`devdb bench — ${DOCS.toLocaleString('en')} documents`);
    console.log(`ping round-trip       p50 ${ms(ping.p50)}  p99 ${ms(ping.p99)}  (baseline)`);
    const perDoc = (insertSecs * 1000) / DOCS;
    console.log(
      `insertMany            ${Math.round(DOCS / insertSecs).toLocaleString('en')} docs/s (${insertSecs.toFixed(2)} s; ${ms(perDoc)}/doc = ${ratio(perDoc)})`,
    );
    console.log(
      `find indexed k        p50 ${ms(indexed.p50)}  p99 ${ms(indexed.p99)}  (${ratio(indexed.p50)}, n=${INDEXED_FINDS})`,
    );
    console.log(
      `find unindexed plain  p50 ${ms(unindexed.p50)}  p99 ${ms(unindexed.p99)}  (${ratio(unindexed.p50)}, n=${UNINDEXED_FINDS})`,
    );
    console.log(
      `updateOne $inc+$set   p50 ${ms(updated.p50)}  p99 ${ms(updated.p99)}  (${ratio(updated.p50)}, n=${INDEXED_FINDS})`,
    );
    console.log(
      `upsert $setOnInsert   p50 ${ms(upserted.p50)}  p99 ${ms(upserted.p99)}  (${ratio(upserted.p50)}, n=${INDEXED_FINDS})`,
    );
    console.log(`indexed lookup, server time only   p50 ${ms(inProc.p50)}  p99 ${ms(inProc.p99)}`);
  } finally {
    await client.close();
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
