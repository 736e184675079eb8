import mongoose from 'mongoose';
import { verifyAuditChains, type ChainReport } from './verify-chain';

/** The report as lines of Chinese text, one per broken chain. */
export function formatChainReport(report: ChainReport): string[] {
  const lines = [`审计日志：${report.chains} 条链，${report.entries} 条记录`];
  for (const b of report.broken) {
    lines.push(
      `链 ${b.orgId ?? '(全局)'} 第 ${b.seq} 条断裂（${b.problem}）：应为 ${b.expected}，实为 ${b.found}`,
    );
  }
  lines.push(report.ok ? '校验通过：全部链条完整。' : '校验失败：审计日志被改动。');
  return lines;
}

/**
 * Connects to `uri`, verifies every chain, prints the report and returns the exit code
 * (0 intact, 1 broken, 2 could not run). With `uri` absent it uses the current mongoose
 * connection (tests).
 */
export async function runAuditVerification(
  uri: string | undefined,
  print: (line: string) => void,
): Promise<number> {
  const connected = mongoose.connection.readyState === 1;
  if (!uri && !connected) {
    print('未设置 MONGODB_URI：请指向要校验的数据库。');
    return 2;
  }
  if (uri && !connected) await mongoose.connect(uri);
  try {
    const report = await verifyAuditChains();
    formatChainReport(report).forEach(print);
    return report.ok ? 0 : 1;
  } finally {
    if (uri && !connected) await mongoose.disconnect();
  }
}
