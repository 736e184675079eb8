import type { Types } from 'mongoose';
import { shanghaiDate } from '@sanwu/shared';
import { Attachment } from '../attachments/attachment.model';
import type { BlobStorage } from '../attachments/blob-storage';
import { disclosureDetail } from '../disclosures/disclosure-read.service';
import { disclosureUrl, renderPrintSheet } from '../disclosures/print-sheet';
import type { LoadedActor } from '../policy/authorize';
import type { ArchiveDoc } from './archive.model';
import { disclosuresOfYear, feedbackOfYear, toArchiveDto } from './archive.service';
import { buildZip } from './archive-zip';
import { listModifications, toModificationDto } from './modification.service';

// `GET /orgs/:id/archives/:year/export.zip`: the year as kept (DOMAIN.md "Archive"): every
// disclosure with its versions, signatures and chain as JSON and, once published, its printable
// sheet (the disclosures feature's own print sheet); the feedback with its timeline; the
// attachments' bytes; the modification requests; and manifest.json with every file's SHA-256.

const json = (v: unknown) => Buffer.from(JSON.stringify(v, null, 2));

export async function exportArchive(
  archive: ArchiveDoc,
  actor: LoadedActor,
  storage: BlobStorage,
  baseUrl: string,
  now: Date,
): Promise<{ zip: Buffer; manifestSha256: string; filename: string }> {
  const orgId = archive.orgId as Types.ObjectId;
  const files = new Map<string, Buffer>();
  files.set('archive.json', json(toArchiveDto(archive)));
  const attachmentIds = new Set<string>();
  for (const d of await disclosuresOfYear(orgId, archive.year)) {
    files.set(`disclosures/${String(d._id)}.json`, json(d));
    for (const v of d.versions) for (const a of v.content.attachments ?? []) attachmentIds.add(String(a.id));
    for (const p of d.postingProofs ?? []) attachmentIds.add(String(p.attachmentId));
    if (!d.firstPublishedAt) continue;
    // The sheet as posted on the board: the public view, with personal data masked.
    const dto = await disclosureDetail(undefined, d, now);
    if (dto.current.publishedAt) {
      const html = await renderPrintSheet(dto, disclosureUrl(baseUrl, String(d._id)));
      files.set(`sheets/${String(d._id)}.html`, Buffer.from(html));
    }
  }
  for (const f of await feedbackOfYear(orgId, archive.year)) {
    files.set(`feedback/${String(f._id)}.json`, json(f));
    for (const img of f.images ?? []) attachmentIds.add(String(img));
  }
  const attachments = await Attachment.find({ _id: { $in: [...attachmentIds] } }).lean();
  for (const a of attachments) {
    const bytes = await storage.read(a.sha256).catch(() => null);
    // A blob missing from storage is recorded as such rather than silently dropped.
    if (bytes) files.set(`attachments/${String(a._id)}-${a.originalName.replace(/[\\/]/g, '_')}`, bytes);
    else files.set(`attachments/${String(a._id)}.missing.txt`, Buffer.from(`附件内容缺失：${a.sha256}`));
  }
  files.set('modification-requests.json', json((await listModifications(archive)).map(toModificationDto)));
  const { zip, manifestSha256 } = await buildZip(files, {
    org: { id: String(orgId), name: archive.orgName },
    year: archive.year,
    generatedAt: now.toISOString(),
  });
  return {
    zip,
    manifestSha256,
    filename: `${archive.orgName}-${archive.year}年度档案-${shanghaiDate(now)}.zip`,
  };
}
