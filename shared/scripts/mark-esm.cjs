// The ESM build sits inside a CommonJS package; this marker tells Node to read dist/esm as ES modules.
const fs = require('node:fs');
const path = require('node:path');
fs.writeFileSync(path.join(__dirname, '..', 'dist', 'esm', 'package.json'), '{"type":"module"}\n');
