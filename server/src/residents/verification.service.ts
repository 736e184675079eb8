import { Types } from 'mongoose';
import {
  ConflictError,
  InvalidStateError,
  NotFoundError,
  RateLimitedError,
  ValidationError,
  type Paginated,
  type Pagination,
  type VerificationDto,
} from '@sanwu/shared';
import { appendAudit, type RequestMeta } from '../audit/audit.service';
import { ensureCan, loadOrg, orgTarget, type LoadedActor } from '../policy/authorize';
import { User } from '../users/user.model';
import { hashPhone, isMobile, phoneFields } from './phone';
import { Resident, type ResidentDoc } from './resident.model';
import { Verification, type VerificationDoc } from './verification.model';

export interface VerificationDeps {
  phoneSecret: string;
  /** Requests one user may file per 24 hours (default 5): guessing registry entries is slow. */
  perDayLimit?: number;
  now?: () => Date;
}

export interface VerificationRequest {
  name: string;
  idLast4?: string;
  phone?: string;
}

export function toVerificationDto(v: VerificationDoc): VerificationDto {
  return {
    id: String(v._id),
    orgId: String(v.orgId),
    userId: String(v.userId),
    name: v.name,
    idLast4: v.idLast4 ?? null,
    phoneMasked: v.phoneMasked ?? null,
    status: v.status,
    matchedResidentId: v.matchedResidentId ? String(v.matchedResidentId) : null,
    reason: v.reason ?? null,
    createdAt: (v as { createdAt?: Date }).createdAt?.toISOString() ?? '',
  };
}

/** A resident asks to be matched to a village's registry; a cadre of the village decides. */
export function createVerificationService(deps: VerificationDeps) {
  const now = deps.now ?? (() => new Date());
  const perDay = deps.perDayLimit ?? 5;

  async function loadPending(id: string): Promise<VerificationDoc> {
    const v = Types.ObjectId.isValid(id) ? await Verification.findById(id).lean<VerificationDoc>() : null;
    if (!v) throw new NotFoundError('认证申请不存在');
    return v;
  }

  // Checked after the permission, so only the village's cadres learn a request's state.
  function ensurePending(v: VerificationDoc): void {
    if (v.status !== 'pending') throw new InvalidStateError('该认证申请已处理');
  }

  return {
    async requestVerification(
      actor: LoadedActor,
      orgId: string,
      input: VerificationRequest,
      meta: RequestMeta = {},
    ) {
      const org = await loadOrg(orgId);
      ensureCan(actor, 'verification.request', orgTarget(org));
      if (!['village', 'community'].includes(org.level) || !org.active) {
        throw new ValidationError('只能申请认证为村或社区的居民');
      }
      const name = input.name.trim();
      const idLast4 = input.idLast4?.trim().toUpperCase() || undefined;
      if (!name) throw new ValidationError('请填写姓名');
      if (!idLast4 && !input.phone) throw new ValidationError('请填写身份证后四位或手机号');
      if (idLast4 && !/^\d{3}[\dX]$/.test(idLast4))
        throw new ValidationError('身份证后四位应为 4 位数字（最后一位可为 X）');
      if (input.phone && !isMobile(input.phone)) throw new ValidationError('手机号应为 11 位手机号码');

      const userId = new Types.ObjectId(actor.userId);
      if (actor.grants.some((g) => g.role === 'resident' && g.orgId === orgId)) {
        throw new ConflictError('您已是该村认证村民');
      }
      if (await Verification.exists({ userId, status: 'pending' })) {
        throw new ConflictError('您已有待审核的认证申请，请等待村干部处理');
      }
      const since = new Date(now().getTime() - 24 * 3600_000);
      const recent = await Verification.countDocuments({ userId, createdAt: { $gte: since } });
      if (recent >= perDay) throw new RateLimitedError(3600, '今日认证申请次数已达上限，请明天再试');

      // A suggestion for the cadre: the registry entry with this name and ID tail or phone.
      const match = await Resident.findOne({
        orgId: org._id,
        active: true,
        name,
        ...(idLast4 ? { idLast4 } : { phoneHash: hashPhone(input.phone!, deps.phoneSecret) }),
      })
        .select({ _id: 1 })
        .lean();
      const { phoneHash, phoneMasked } = phoneFields(input.phone, deps.phoneSecret);
      const v = await Verification.create({
        orgId: org._id,
        userId,
        name,
        idLast4,
        phoneHash,
        phoneMasked,
        matchedResidentId: match?._id ?? null,
        createdAt: now(),
      });
      await appendAudit({
        orgId: org._id,
        actorId: actor.userId,
        actorRole: 'resident',
        action: 'verification.request',
        target: { type: 'verification', id: String(v._id) },
        summary: { after: { matched: Boolean(match) } },
        meta,
        at: now(),
      });
      return toVerificationDto(v.toObject() as VerificationDoc);
    },

    /**
     * Approves: links the user to the registry entry (the automatic match unless the cadre
     * picks another) by giving them a verified resident grant over the village.
     */
    async approveVerification(
      actor: LoadedActor,
      verificationId: string,
      options: { residentId?: string } = {},
      meta: RequestMeta = {},
    ) {
      const v = await loadPending(verificationId);
      const org = await loadOrg(String(v.orgId));
      const role = ensureCan(actor, 'verification.decide', orgTarget(org));
      ensurePending(v);
      const residentId =
        options.residentId ?? (v.matchedResidentId ? String(v.matchedResidentId) : undefined);
      if (!residentId || !Types.ObjectId.isValid(residentId))
        throw new ValidationError('请选择对应的名册记录');
      const resident = await Resident.findOne({
        _id: residentId,
        orgId: org._id,
        active: true,
      }).lean<ResidentDoc>();
      if (!resident) throw new ValidationError('名册记录不存在或不属于该村');
      const holder = await User.findOne({ 'grants.residentId': resident._id }).select({ _id: 1 }).lean();
      if (holder && !holder._id.equals(v.userId)) throw new ConflictError('该名册记录已绑定其他账号');

      const claimed = await Verification.findOneAndUpdate(
        { _id: v._id, status: 'pending' },
        {
          $set: {
            status: 'approved',
            matchedResidentId: resident._id,
            decidedBy: new Types.ObjectId(actor.userId),
            decidedAt: now(),
          },
        },
        { returnDocument: 'after' },
      ).lean<VerificationDoc>();
      if (!claimed) throw new InvalidStateError('该认证申请已处理');
      await User.updateOne(
        { _id: v.userId },
        {
          $push: {
            grants: {
              role: 'resident',
              orgId: org._id,
              orgPath: org.path,
              verified: true,
              residentId: resident._id,
              grantedBy: new Types.ObjectId(actor.userId),
              grantedAt: now(),
            },
          },
          // The registry's name is the verified one; "微信用户" is replaced.
          $set: { name: resident.name },
        },
      );
      await appendAudit({
        orgId: org._id,
        actorId: actor.userId,
        actorRole: role,
        action: 'verification.approve',
        target: { type: 'verification', id: verificationId },
        summary: { after: { userId: String(v.userId), residentId: String(resident._id) } },
        meta,
        at: now(),
      });
      return toVerificationDto(claimed);
    },

    async rejectVerification(
      actor: LoadedActor,
      verificationId: string,
      reason: string,
      meta: RequestMeta = {},
    ) {
      const v = await loadPending(verificationId);
      const org = await loadOrg(String(v.orgId));
      const role = ensureCan(actor, 'verification.decide', orgTarget(org));
      ensurePending(v);
      if (!reason.trim()) throw new ValidationError('请填写驳回理由');
      const rejected = await Verification.findOneAndUpdate(
        { _id: v._id, status: 'pending' },
        {
          $set: {
            status: 'rejected',
            reason: reason.trim(),
            decidedBy: new Types.ObjectId(actor.userId),
            decidedAt: now(),
          },
        },
        { returnDocument: 'after' },
      ).lean<VerificationDoc>();
      if (!rejected) throw new InvalidStateError('该认证申请已处理');
      await appendAudit({
        orgId: org._id,
        actorId: actor.userId,
        actorRole: role,
        action: 'verification.reject',
        target: { type: 'verification', id: verificationId },
        summary: { after: { reason: reason.trim() } },
        meta,
        at: now(),
      });
      return toVerificationDto(rejected);
    },

    /** The cadre's queue (oldest first) or history of an org. */
    async listVerifications(
      actor: LoadedActor,
      orgId: string,
      status: 'pending' | 'approved' | 'rejected' | undefined,
      page: Pagination,
    ): Promise<Paginated<VerificationDto>> {
      const org = await loadOrg(orgId);
      ensureCan(actor, 'verification.decide', orgTarget(org));
      const query = { orgId: org._id, ...(status && { status }) };
      const [items, total] = await Promise.all([
        Verification.find(query)
          .sort({ createdAt: 1 })
          .skip((page.page - 1) * page.pageSize)
          .limit(page.pageSize)
          .lean<VerificationDoc[]>(),
        Verification.countDocuments(query),
      ]);
      return { items: items.map(toVerificationDto), total, page: page.page, pageSize: page.pageSize };
    },

    /** A resident's own requests, newest first. */
    async myVerifications(actor: LoadedActor) {
      const items = await Verification.find({ userId: new Types.ObjectId(actor.userId) })
        .sort({ createdAt: -1 })
        .limit(20)
        .lean<VerificationDoc[]>();
      return items.map(toVerificationDto);
    },
  };
}

export type VerificationService = ReturnType<typeof createVerificationService>;
