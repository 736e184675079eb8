#!/usr/bin/env node
// CI: after `npm install`, proves that it installed what the committed lock file pins.
//
// A byte comparison of package-lock.json is not that proof: npm adds or drops the entries of other
// platforms' optional binaries (@swc/core-*, @unrs/resolver-binding-*) depending on whether the
// registry here happens to list them, which changes no installed package. What must not happen is
// a package that is pinned changing version or integrity, or a package that is not optional
// appearing or disappearing.
//
// Usage: node scripts/check-lock.mjs <committed-lock.json> <installed-lock.json>
import { readFileSync } from 'node:fs';

const [committedPath, installedPath] = process.argv.slice(2);
if (!committedPath || !installedPath) {
  console.error('usage: check-lock.mjs <committed-lock.json> <installed-lock.json>');
  process.exit(2);
}
const packagesOf = (path) => JSON.parse(readFileSync(path, 'utf8')).packages ?? {};
const committed = packagesOf(committedPath);
const installed = packagesOf(installedPath);

const problems = [];
for (const name of new Set([...Object.keys(committed), ...Object.keys(installed)])) {
  const before = committed[name];
  const after = installed[name];
  if (before && after) {
    for (const field of ['version', 'integrity', 'resolved', 'link']) {
      if (before[field] !== after[field]) {
        problems.push(`${name || '(root)'}: ${field} ${before[field]} → ${after[field]}`);
      }
    }
  } else if (!(before ?? after).optional) {
    problems.push(`${name}: ${before ? 'removed' : 'added'} (not an optional platform binary)`);
  }
}

if (problems.length > 0) {
  console.error(`npm install changed what package-lock.json pins (${problems.length}):`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
const added = Object.keys(installed).filter((name) => !committed[name]).length;
const dropped = Object.keys(committed).filter((name) => !installed[name]).length;
console.log(
  `package-lock.json: every pinned package as committed (${Object.keys(committed).length} entries; ` +
    `${added} optional platform entries listed by the registry and not committed, ${dropped} committed and not listed)`,
);
