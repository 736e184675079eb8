// `npm run test:e2e`: build the H5 app and the server, then run every *.e2e.mjs with node's test
// runner. SANWU_E2E_SKIP_BUILD=1 reuses existing builds (CI builds just before).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const run = (cmd, args, cwd) => {
  const result = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
if (process.env.SANWU_E2E_SKIP_BUILD !== '1') run('npm', ['run', 'build'], root);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.e2e.mjs'))
  .sort()
  .map((f) => path.join(here, f));
run(process.execPath, ['--test', '--test-concurrency=1', ...files], here);
