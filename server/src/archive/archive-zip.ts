import { createHash } from 'node:crypto';
import JSZip from 'jszip';

// The archive ZIP's integrity: `manifest.json` lists every other file with its SHA-256, so the
// ZIP can be checked offline (`npm run archive:verify -w @sanwu/server -- <zip>`) without the server.

export const MANIFEST = 'manifest.json';
export const ARCHIVE_FORMAT = 'sanwu-archive/1';

export interface ManifestEntry {
  path: string;
  sha256: string;
  size: number;
}

export interface Manifest {
  format: string;
  org: { id: string; name: string };
  year: number;
  generatedAt: string;
  files: ManifestEntry[];
}

export const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** Builds the ZIP from `files` (path → bytes) with the manifest of their hashes. */
export async function buildZip(
  files: Map<string, Buffer>,
  head: Omit<Manifest, 'files' | 'format'>,
): Promise<{ zip: Buffer; manifestSha256: string }> {
  const zip = new JSZip();
  const entries: ManifestEntry[] = [];
  for (const [path, bytes] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    zip.file(path, bytes, { date: new Date(head.generatedAt) });
    entries.push({ path, sha256: sha256(bytes), size: bytes.length });
  }
  const manifest: Manifest = { format: ARCHIVE_FORMAT, ...head, files: entries };
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2));
  zip.file(MANIFEST, manifestBytes, { date: new Date(head.generatedAt) });
  const out = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  return { zip: out, manifestSha256: sha256(manifestBytes) };
}

export interface VerifyReport {
  ok: boolean;
  checked: number;
  manifestSha256: string | null;
  /** Files whose bytes do not match their recorded hash. */
  mismatched: string[];
  /** Listed in the manifest but absent from the ZIP. */
  missing: string[];
  /** In the ZIP but not in the manifest. */
  unexpected: string[];
  error?: string;
}

/** Checks every file of an archive ZIP against its manifest. */
export async function verifyZip(bytes: Buffer): Promise<VerifyReport> {
  const report: VerifyReport = {
    ok: false,
    checked: 0,
    manifestSha256: null,
    mismatched: [],
    missing: [],
    unexpected: [],
  };
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    return { ...report, error: '不是有效的 ZIP 文件' };
  }
  const manifestFile = zip.file(MANIFEST);
  if (!manifestFile) return { ...report, error: '缺少 manifest.json' };
  const manifestBytes = await manifestFile.async('nodebuffer');
  report.manifestSha256 = sha256(manifestBytes);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8')) as Manifest;
  } catch {
    return { ...report, error: 'manifest.json 不是有效的 JSON' };
  }
  if (manifest.format !== ARCHIVE_FORMAT || !Array.isArray(manifest.files))
    return { ...report, error: 'manifest.json 格式不符' };
  const listed = new Set<string>();
  for (const entry of manifest.files) {
    listed.add(entry.path);
    const file = zip.file(entry.path);
    if (!file) {
      report.missing.push(entry.path);
      continue;
    }
    report.checked++;
    if (sha256(await file.async('nodebuffer')) !== entry.sha256) report.mismatched.push(entry.path);
  }
  zip.forEach((path, file) => {
    if (!file.dir && path !== MANIFEST && !listed.has(path)) report.unexpected.push(path);
  });
  report.ok = !report.mismatched.length && !report.missing.length && !report.unexpected.length;
  return report;
}
