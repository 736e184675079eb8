import cluster from 'node:cluster';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// `--instances=N`: the server as a deployment of N processes on one machine would run it (PM2's
// cluster mode, or N replicas behind a proxy): N workers of the real entry sharing one port, the
// connections dealt out in turn by this primary. Every instance-wide state the server keeps (the
// public read cache, group commits, rate limits) is then per process, as it is in production.

const count = Number(process.argv[2]);
const entry = process.argv[3];

if (!(count >= 1) || !entry) throw new Error('usage: instances.js <count> <server entry>');
if (cluster.isPrimary) {
  for (let i = 0; i < count; i++) cluster.fork();
  let exited = 0;
  cluster.on('exit', () => {
    if (++exited === count) process.exit(0);
  });
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  });
} else {
  void import(pathToFileURL(path.resolve(entry)).href);
}
