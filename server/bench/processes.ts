// The child processes of the benchmark (devdb, the server) and the machine they run on.
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { loadConfig } from '@sanwu/server/dist/config';

const SERVER_ROOT = path.resolve(__dirname, '../..');

/** nproc, memory, node version and load, as printed at the top of every report. */
export function machine(): string {
  let uptime: string;
  try {
    uptime = execSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    uptime = `load average: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`;
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
  return [
    `machine: nproc ${os.availableParallelism()}, ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, node ${process.version}`,
    `uptime: ${uptime}`,
  ].join('\n');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * V8 flags for devdb, which keeps every document and index on its JavaScript heap (~2.9 GB at full
 * scale). Its default tuning is made for programs whose memory is garbage, and here it stalled the
 * submission run for seconds (p99 3.5 s against a p50 of 0.4 s; docs/performance.md):
 * - the memory reducer, seeing little allocation for a few seconds (between scenarios, or while
 *   only 304s are answered), starts a full collection to shrink the heap: incremental marking of
 *   2.8 GB of live data on the database's one thread, ~2 s of it spread over the next scenario;
 * - Node's default heap limit (~4.3 GB on a 24 GB machine) is close enough to make V8 collect more
 *   often and more eagerly. Half the machine's memory keeps the heap clear of it.
 */
function devdbFlags(): string[] {
  return ['--no-memory-reducer', `--max-old-space-size=${Math.floor(os.totalmem() / 2 / 2 ** 20)}`];
}

/** devdb in its own process, so its event loop competes with neither the server nor autocannon. */
export async function startDevDbProcess(): Promise<{ child: ChildProcess; uri: string }> {
  const port = await freePort();
  // BENCH_DEVDB_ARGS="--cpu-prof" profiles the database process (its flags come last and win).
  const nodeArgs = [...devdbFlags(), ...(process.env.BENCH_DEVDB_ARGS?.split(' ').filter(Boolean) ?? [])];
  const cli = path.join(SERVER_ROOT, 'devdb/dist/cli.js');
  const child = spawn(process.execPath, [...nodeArgs, cli, '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const uri = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`devdb exited with ${code}`)));
    lines.on('line', (line) => {
      if (line.startsWith('mongodb://')) resolve(line.trim());
      else passThrough('devdb', line);
    });
  });
  return { child, uri };
}

/**
 * The Node flags `npm start` gives the server (server/package.json), so the bench measures the same
 * process: `--max-semi-space-size=64` cut the inbox's garbage-collection time (+28% req/s at small scale).
 */
function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(SERVER_ROOT, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  return pkg.scripts.start.split(/\s+/).filter((arg) => arg.startsWith('--'));
}

/**
 * The real server (`npm start`: `node dist/index.js`) with the given environment; its output is
 * passed through. With `instances` > 1, that many processes of it share the port (instances.ts).
 */
export function startServerProcess(env: Record<string, string>, entry?: string, instances = 1): ChildProcess {
  // BENCH_SERVER_ARGS="--cpu-prof" profiles the server process.
  const nodeArgs = process.env.BENCH_SERVER_ARGS?.split(' ').filter(Boolean) ?? [];
  const server = entry ? path.resolve(entry) : path.join(SERVER_ROOT, 'dist/index.js');
  const child = spawn(
    process.execPath,
    [
      ...startFlags(),
      ...nodeArgs,
      ...(instances > 1 ? [path.join(__dirname, 'instances.js'), String(instances)] : []),
      server,
    ],
    {
      env: { PATH: process.env.PATH ?? '', ...env },
      // Its stdout (the request log, and V8's output for flags such as --trace-gc) only when profiling.
      stdio: ['ignore', nodeArgs.length > 0 ? 'pipe' : 'ignore', 'inherit'],
    },
  );
  if (child.stdout)
    createInterface({ input: child.stdout }).on('line', (line) => passThrough('server', line));
  return child;
}

/**
 * A child's other stdout lines (V8's `--trace-gc`, say) go to stderr, stamped with the wall clock so
 * they can be lined up with the scenarios and with the other process's lines.
 */
function passThrough(name: string, line: string): void {
  process.stderr.write(`${new Date().toISOString()} ${name}: ${line}\n`);
}

export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Fresh secrets for one run and the quiet config of the in-process app that seeds the data; the
 * server process is started with the same secrets, so its tokens and phone hashes match the seed.
 */
export function runConfig(): { secrets: Record<string, string>; config: ReturnType<typeof loadConfig> } {
  const secrets = {
    JWT_ACCESS_SECRET: randomBytes(24).toString('hex'),
    PHONE_HASH_SECRET: randomBytes(24).toString('hex'),
  };
  return { secrets, config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...secrets }) };
}
