import ExcelJS from 'exceljs';
import { Types } from 'mongoose';
import {
  NotFoundError,
  ValidationError,
  type Paginated,
  type Pagination,
  type ResidentDto,
} from '@sanwu/shared';
import { appendAudit, type RequestMeta } from '../audit/audit.service';
import { escapeRegex } from '../orgs/org.service';
import { ensureCan, loadOrg, orgTarget, type LoadedActor } from '../policy/authorize';
import { phoneFields } from './phone';
import { EXPORT_HEADERS, readRegistryFile, type RegistryFormat, type RowError } from './registry-file';
import { relinkVerified } from './registry-links';
import { Resident, type ResidentDoc } from './resident.model';

export { activeResidentFor, registryCounts } from './registry-links';

/** The file failed validation; nothing was written. `rowErrors` is what the cadre sees. */
export class RegistryImportError extends ValidationError {
  constructor(readonly rowErrors: RowError[]) {
    super(
      `名册有 ${rowErrors.length} 处错误，未导入任何数据`,
      rowErrors.slice(0, 200).map((e) => ({ path: `第${e.row}行.${e.column}`, message: e.message })),
    );
  }
}

export interface RegistryDeps {
  /** HMAC key for phone numbers (config). */
  phoneSecret: string;
  now?: () => Date;
}

export function toResidentDto(r: ResidentDoc): ResidentDto {
  return {
    id: String(r._id),
    name: r.name,
    idLast4: r.idLast4,
    phoneMasked: r.phoneMasked ?? null,
    household: r.household,
    isRepresentative: r.isRepresentative,
    isAdult: r.isAdult,
    active: r.active,
  };
}

/** Asia/Shanghai calendar date of an instant, YYYY-MM-DD. */
function shanghaiDate(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export interface ResidentPatch {
  name?: string;
  household?: string;
  isRepresentative?: boolean;
  isAdult?: boolean;
  phone?: string | null;
  active?: boolean;
}

/** The resident registry of a village: import, list, edit, export and threshold counts. */
export function createRegistryService(deps: RegistryDeps) {
  const now = deps.now ?? (() => new Date());

  return {
    /**
     * Imports a CSV/XLSX registry, all or nothing. With `replace` (default) the new file
     * becomes the registry and the previous entries are deactivated (kept for history:
     * verifications point at them).
     *
     * Why staged instead of a transaction: devdb and a standalone mongod (the production
     * default) have no multi-document transactions. So: (1) validate every row before
     * writing anything; (2) insert all rows inactive under a fresh importId — a failure
     * here deletes that importId and the registry is untouched; (3) flip them active with
     * one updateMany, then deactivate the previous entries with another. Readers only see
     * `active: true`, so a half-inserted import is never visible. A crash between (3)'s
     * two statements leaves both sets active until the import is re-run; that window is
     * one round trip and visible in the audit log.
     */
    async importRegistry(
      actor: LoadedActor,
      orgId: string,
      file: { buffer: Buffer; format: RegistryFormat },
      options: { mode?: 'replace' | 'append' } = {},
      meta: RequestMeta = {},
    ) {
      const org = await loadOrg(orgId);
      const role = ensureCan(actor, 'registry.write', orgTarget(org));
      const { rows, errors } = await readRegistryFile(file.buffer, file.format, shanghaiDate(now()));
      if (errors.length) throw new RegistryImportError(errors);
      const importId = new Types.ObjectId();
      try {
        await Resident.insertMany(
          rows.map((r) => ({
            orgId: org._id,
            name: r.name,
            idLast4: r.idLast4,
            ...phoneFields(r.phone, deps.phoneSecret),
            household: r.household,
            isRepresentative: r.isRepresentative,
            isAdult: r.isAdult,
            active: false,
            importId,
          })),
          { ordered: true },
        );
      } catch (err) {
        await Resident.deleteMany({ importId });
        throw err;
      }
      await Resident.updateMany({ importId }, { $set: { active: true } });
      let replaced = 0;
      let relinked = 0;
      let unmatchedVerified = 0;
      if (options.mode !== 'append') {
        const previous = await Resident.find({ orgId: org._id, active: true, importId: { $ne: importId } })
          .select({ _id: 1, name: 1, idLast4: 1 })
          .lean();
        replaced = (
          await Resident.updateMany({ _id: { $in: previous.map((r) => r._id) } }, { $set: { active: false } })
        ).modifiedCount;
        ({ relinked, unmatchedVerified } = await relinkVerified(org._id, previous, importId));
      }
      await appendAudit({
        orgId: org._id,
        actorId: actor.userId,
        actorRole: role,
        action: 'registry.import',
        target: { type: 'registry', id: String(importId) },
        summary: {
          after: {
            imported: rows.length,
            replaced,
            relinked,
            unmatchedVerified,
            mode: options.mode ?? 'replace',
          },
        },
        meta,
        at: now(),
      });
      return { importId: String(importId), imported: rows.length, replaced, relinked, unmatchedVerified };
    },

    async listRegistry(
      actor: LoadedActor,
      orgId: string,
      filter: { q?: string; representative?: boolean; household?: string },
      page: Pagination,
    ): Promise<Paginated<ResidentDto>> {
      const org = await loadOrg(orgId);
      ensureCan(actor, 'registry.read', orgTarget(org));
      const query: Record<string, unknown> = { orgId: org._id, active: true };
      if (filter.q) query.name = { $regex: escapeRegex(filter.q.trim()) };
      if (filter.representative !== undefined) query.isRepresentative = filter.representative;
      if (filter.household) query.household = filter.household;
      const [items, total] = await Promise.all([
        Resident.find(query)
          .sort({ household: 1, name: 1 })
          .skip((page.page - 1) * page.pageSize)
          .limit(page.pageSize)
          .lean<ResidentDoc[]>(),
        Resident.countDocuments(query),
      ]);
      return { items: items.map(toResidentDto), total, page: page.page, pageSize: page.pageSize };
    },

    async updateResident(
      actor: LoadedActor,
      residentId: string,
      patch: ResidentPatch,
      meta: RequestMeta = {},
    ) {
      const before = Types.ObjectId.isValid(residentId)
        ? await Resident.findById(residentId).lean<ResidentDoc>()
        : null;
      if (!before) throw new NotFoundError('名册记录不存在');
      const org = await loadOrg(String(before.orgId));
      const role = ensureCan(actor, 'registry.write', orgTarget(org));
      const { phone, ...rest } = patch;
      const set: Record<string, unknown> = { ...rest };
      const unset: Record<string, 1> = {};
      if (phone === null || phone === '') Object.assign(unset, { phoneHash: 1, phoneMasked: 1 });
      else if (phone !== undefined) Object.assign(set, phoneFields(phone, deps.phoneSecret));
      const after = await Resident.findByIdAndUpdate(
        before._id,
        { $set: set, ...(Object.keys(unset).length && { $unset: unset }) },
        { returnDocument: 'after', runValidators: true },
      ).lean<ResidentDoc>();
      const dto = (r: ResidentDoc) => {
        const { id: _id, ...shown } = toResidentDto(r);
        return shown;
      };
      await appendAudit({
        orgId: org._id,
        actorId: actor.userId,
        actorRole: role,
        action: 'registry.update',
        target: { type: 'resident', id: residentId },
        summary: { before: dto(before), after: dto(after!) },
        meta,
        at: now(),
      });
      return toResidentDto(after!);
    },

    /** The registry as XLSX (phones masked: the export leaves the system). */
    async exportRegistry(actor: LoadedActor, orgId: string, meta: RequestMeta = {}): Promise<Buffer> {
      const org = await loadOrg(orgId);
      const role = ensureCan(actor, 'registry.read', orgTarget(org));
      const rows = await Resident.find({ orgId: org._id, active: true })
        .sort({ household: 1, name: 1 })
        .lean<ResidentDoc[]>();
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('村民名册');
      sheet.addRow(EXPORT_HEADERS);
      for (const r of rows) {
        sheet.addRow([
          r.name,
          r.idLast4,
          r.phoneMasked ?? '',
          r.household,
          r.isRepresentative ? '是' : '否',
          r.isAdult ? '是' : '否',
        ]);
      }
      // ID digits and households are text: stop Excel turning "0012" into 12.
      for (const col of [2, 4]) sheet.getColumn(col).numFmt = '@';
      await appendAudit({
        orgId: org._id,
        actorId: actor.userId,
        actorRole: role,
        action: 'registry.export',
        target: { type: 'registry', id: orgId },
        summary: { after: { rows: rows.length } },
        meta,
        at: now(),
      });
      return Buffer.from(await workbook.xlsx.writeBuffer());
    },
  };
}

export type RegistryService = ReturnType<typeof createRegistryService>;
