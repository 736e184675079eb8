// `npm run audit:verify -w @sanwu/server`: re-walks every audit chain and names the first
// broken link of each (org, seq, expected vs found). Exit code 0 = intact, 1 = broken,
// 2 = could not run.
import mongoose from 'mongoose';
import { verifyAuditChains } from './verify-chain';

async function main(): Promise<number> {
  const uri = process.env.MONGODB_URI;
  if (!uri) {
    console.error('MONGODB_URI is not set: point it at the database to verify.');
    return 2;
  }
  await mongoose.connect(uri);
  try {
    const report = await verifyAuditChains();
    console.log(`审计日志：${report.chains} 条链，${report.entries} 条记录`);
    for (const b of report.broken) {
      console.log(
        `链 ${b.orgId ?? '(全局)'} 第 ${b.seq} 条断裂（${b.problem}）：应为 ${b.expected}，实为 ${b.found}`,
      );
    }
    console.log(report.ok ? '校验通过：全部链条完整。' : '校验失败：审计日志被改动。');
    return report.ok ? 0 : 1;
  } finally {
    await mongoose.disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
