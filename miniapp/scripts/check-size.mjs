// Size budgets of the builds; exits 1 when one is exceeded. Run after `build:weapp` (and
// `build:h5` for the H5 figure). WeChat refuses a main package over 2 MB; we keep 1.5 MB.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MB = 1024 * 1024;
const BUDGETS = { main: 1.5 * MB, subpackage: 2 * MB, total: 20 * MB, h5: 2 * MB };

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : [{ file: full, size: statSync(full).size }];
  });
}
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

const weapp = path.join(root, 'dist/weapp');
if (!existsSync(path.join(weapp, 'app.json'))) {
  console.error('dist/weapp/app.json 不存在：请先运行 npm run build:weapp');
  process.exit(1);
}
const app = JSON.parse(readFileSync(path.join(weapp, 'app.json'), 'utf8'));
const roots = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/\/$/, ''));
const sizes = { main: 0, ...Object.fromEntries(roots.map((r) => [r, 0])) };
for (const { file, size } of files(weapp)) {
  const rel = path.relative(weapp, file).split(path.sep).join('/');
  const owner = roots.find((r) => rel.startsWith(`${r}/`)) ?? 'main';
  sizes[owner] += size;
}
const total = Object.values(sizes).reduce((a, b) => a + b, 0);
const rows = [['weapp main package', sizes.main, BUDGETS.main]];
for (const r of roots) rows.push([`weapp subpackage ${r}`, sizes[r], BUDGETS.subpackage]);
rows.push(['weapp total', total, BUDGETS.total]);

const h5 = path.join(root, 'dist/h5');
if (existsSync(h5)) {
  // What a browser downloads: scripts, styles and the page (no source maps or licence notes).
  const shipped = files(h5).filter(({ file }) => /\.(js|css|html)$/.test(file));
  rows.push(['h5 bundle', shipped.reduce((a, f) => a + f.size, 0), BUDGETS.h5]);
}

let failed = false;
for (const [name, size, budget] of rows) {
  const over = size > budget;
  failed ||= over;
  console.log(`${over ? '✗' : '✓'} ${name.padEnd(28)} ${kb(size).padStart(10)}  / budget ${kb(budget)}`);
}
if (failed) {
  console.error('体积超出预算 / a size budget is exceeded');
  process.exit(1);
}
