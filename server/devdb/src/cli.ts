#!/usr/bin/env node
// `npm run devdb -- --port 27018`: serve until Ctrl-C.
import { startDevDb } from './server';

function parsePort(argv: string[]): number {
  const at = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  if (at < 0) return 27017;
  const arg = argv[at] as string;
  const value = arg.includes('=') ? arg.split('=')[1] : argv[at + 1];
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`devdb: invalid --port ${String(value)}`);
    process.exit(2);
  }
  return port;
}

async function main(): Promise<void> {
  const db = await startDevDb({ port: parsePort(process.argv.slice(2)) });
  console.log(db.uri);
  const shutdown = (): void => {
    void db.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(`devdb: ${(err as Error).message}`);
  process.exit(1);
});
