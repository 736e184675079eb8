// `npm run archive:verify -w @sanwu/server -- <zip>`: checks every file of an archive ZIP against
// the SHA-256 hashes of its manifest.json, offline. Exit code 0 = intact, 1 = altered, 2 = could not run.
import { readFile } from 'node:fs/promises';
import { verifyZip } from './archive-zip';

async function main(path: string | undefined): Promise<number> {
  if (!path) {
    console.error('用法：npm run archive:verify -w @sanwu/server -- <归档.zip>');
    return 2;
  }
  const report = await verifyZip(await readFile(path));
  if (report.error) {
    console.error(`无法校验：${report.error}`);
    return 2;
  }
  console.log(`manifest.json sha256 ${report.manifestSha256}`);
  console.log(`已校验 ${report.checked} 个文件`);
  for (const p of report.mismatched) console.log(`内容被改动：${p}`);
  for (const p of report.missing) console.log(`文件缺失：${p}`);
  for (const p of report.unexpected) console.log(`清单外的文件：${p}`);
  console.log(report.ok ? '校验通过：归档完整' : '校验失败：归档已被改动');
  return report.ok ? 0 : 1;
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
