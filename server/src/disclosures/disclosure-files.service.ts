import { InvalidStateError, ValidationError, formatYuan, type FinanceImportFields } from '@sanwu/shared';
import type { AttachmentService } from '../attachments/attachment.service';
import type { UploadedFile } from '../attachments/multipart';
import { parseFinanceXlsx } from '../finance/finance-parse';
import { createDisclosure, patchDisclosure } from './disclosure-draft.service';
import type { DisclosureDoc } from './disclosure.model';
import { ensureOn, latestVersion, orgFor, saveGuarded, transition, type Acting } from './disclosure-store';

// Files around a disclosure, stored by the attachment service (server/src/attachments): attachments
// of a draft, the posting proof (photo of the sheet on the physical board), and a finance statement
// imported from the XLSX template as a new draft.

const MAX_ATTACHMENTS = 30;
const ZIP_MAGIC = Buffer.from('PK\x03\x04', 'latin1');

const upload = (acting: Acting, doc: DisclosureDoc, files: UploadedFile[]) =>
  files.map((f) => ({
    orgId: String(doc.orgId),
    uploaderId: acting.actor.userId,
    filename: f.filename,
    bytes: f.bytes,
  }));

/** `POST /disclosures/:id/attachments`: stores the files, then adds them to the draft. */
export async function attachToDraft(
  acting: Acting,
  doc: DisclosureDoc,
  files: UploadedFile[],
  service: AttachmentService,
): Promise<DisclosureDoc> {
  const role = ensureOn(acting.actor, 'disclosure.draft', doc);
  const version = latestVersion(doc);
  // Check the move before storing anything, so a refused request leaves no orphaned upload.
  transition(version.state === 'rejected' ? 'draft' : version.state, 'edit', role);
  const existing = version.content.attachments.map((a) => ({ id: String(a.id), name: a.name }));
  if (existing.length + files.length > MAX_ATTACHMENTS)
    throw new ValidationError(`附件不能超过 ${MAX_ATTACHMENTS} 个`);
  const stored = await service.storeUploads(upload(acting, doc, files), {
    actorRole: role,
    meta: acting.meta,
  });
  const added = stored.map((a) => ({ id: String(a._id), name: a.originalName }));
  return patchDisclosure(acting, doc, { attachments: [...existing, ...added] });
}

/** `POST /disclosures/:id/posting-proof`: a time-stamped photo of the sheet on the bulletin board. */
export async function addPostingProof(
  acting: Acting,
  doc: DisclosureDoc,
  files: UploadedFile[],
  service: AttachmentService,
): Promise<DisclosureDoc> {
  const role = ensureOn(acting.actor, 'disclosure.publish', doc);
  if (!latestVersion(doc).publishedAt || doc.state !== 'published') {
    throw new InvalidStateError('只有已发布的事项才能上传公开栏张贴照片');
  }
  if (files.length !== 1)
    throw new ValidationError('请上传一张公开栏张贴照片', [{ path: 'file', message: '仅限一张' }]);
  const [photo] = await service.storeUploads(upload(acting, doc, files), {
    allowed: ['image'],
    actorRole: role,
    meta: acting.meta,
  });
  const proof = { attachmentId: photo!._id, postedAt: acting.now, uploadedBy: acting.actor.name };
  const saved = await saveGuarded(
    doc,
    { $push: { postingProofs: proof } },
    {
      acting,
      role,
      action: 'disclosure.posting-proof',
      summary: {
        after: { attachmentId: String(photo!._id), postedAt: acting.now.toISOString() },
      },
    },
  );
  return saved;
}

/** `POST /orgs/:id/finance-statements/import`: the XLSX template, read and reconciled, as a new draft. */
export async function importFinanceDraft(
  acting: Acting,
  orgId: string,
  fields: FinanceImportFields,
  file: UploadedFile | undefined,
): Promise<DisclosureDoc> {
  const { org } = await orgFor(acting.actor, 'disclosure.draft', orgId);
  if (!file) throw new ValidationError('请选择要上传的 XLSX 文件', [{ path: 'file', message: '缺少文件' }]);
  if (!file.bytes.subarray(0, 4).equals(ZIP_MAGIC)) {
    throw new ValidationError('文件不是 .xlsx 格式，请使用下载的模板', [
      { path: 'file', message: '不是 XLSX 文件' },
    ]);
  }
  const { statement, report } = await parseFinanceXlsx(file.bytes);
  const label = statement.periodLabel || fields.period;
  return createDisclosure(acting, String(org._id), {
    catalogueCode: fields.catalogueCode,
    period: fields.period,
    title: fields.title ?? `${org.name}${label}财务收支公开`,
    blocks: [
      {
        type: 'paragraph',
        text: `本期收入 ${formatYuan(report.totals.incomeFen)} 元，支出 ${formatYuan(report.totals.expenseFen)} 元，明细见下表。`,
      },
    ],
    finance: statement,
  });
}
