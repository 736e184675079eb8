// The sources use extensionless relative imports ('./calendar', './date-string'), which the CommonJS
// build resolves but Node's ES module loader does not. After `tsc -p tsconfig.esm.json` this rewrites
// every relative specifier in dist/esm to the file Node will actually load ('./x.js' or './x/index.js').
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', 'dist', 'esm');
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}(?:\/[^'"]*)?)\2/g;

function resolve(dir, spec) {
  if (/\.(c|m)?js$|\.json$/.test(spec)) return spec;
  const abs = path.join(dir, spec);
  if (fs.existsSync(`${abs}.js`)) return `${spec}.js`;
  if (fs.existsSync(path.join(abs, 'index.js'))) return `${spec}/index.js`;
  throw new Error(`fix-esm-imports: cannot resolve '${spec}' from ${dir}`);
}

function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(file);
    else if (/\.(js|d\.ts)$/.test(entry.name)) {
      const src = fs.readFileSync(file, 'utf8');
      const out = src.replace(SPECIFIER, (_m, lead, q, spec) => `${lead}${q}${resolve(dir, spec)}${q}`);
      if (out !== src) fs.writeFileSync(file, out);
    }
  }
}

walk(root);
