import { Types } from 'mongoose';
import {
  catalogueItem,
  type Paginated,
  type Pagination,
  type Withheld,
  type WithheldDecisionDto,
} from '@sanwu/shared';
import { WithheldDecision, type WithheldDoc } from './disclosure.model';
import { orgFor, type Acting } from './disclosure-store';
import { appendAudit } from '../audit/audit.service';
import { oweAudit } from '../audit/audits-owed';
import { orgCatalogueItem } from './disclosure-rules';

// 不予公开 decisions (DOMAIN.md "Openness attribute": "not disclosed" requires a written reason and
// is recorded (备案) where supervisors see it). Append-only: a decision is never edited.

export function toWithheldDto(d: WithheldDoc): WithheldDecisionDto {
  return {
    id: String(d._id),
    orgId: String(d.orgId),
    category: d.category,
    categoryName: catalogueItem(d.category)?.name ?? d.category,
    subject: d.subject,
    period: d.period ?? null,
    reason: d.reason,
    decidedBy: d.decidedByName,
    decidedAt: d.decidedAt.toISOString(),
  };
}

/** `POST /orgs/:id/withheld`: a cadre records the decision and its reason. */
export async function recordWithheld(
  acting: Acting,
  orgId: string,
  input: Withheld,
): Promise<WithheldDecisionDto> {
  const { org, role } = await orgFor(acting.actor, 'disclosure.withhold', orgId);
  orgCatalogueItem(org, input.category);
  const _id = new Types.ObjectId();
  const owed = oweAudit(
    {
      orgId: org._id,
      actorId: acting.actor.userId,
      actorRole: role,
      action: 'disclosure.withhold',
      target: { type: 'withheld', id: String(_id) },
      summary: { after: { category: input.category, subject: input.subject, reason: input.reason } },
      meta: acting.meta,
      at: acting.now,
    },
    acting.now,
  );
  const created = await WithheldDecision.create({
    _id,
    orgId: org._id,
    orgPath: org.path,
    category: input.category,
    subject: input.subject,
    period: input.period ?? null,
    reason: input.reason,
    decidedBy: new Types.ObjectId(acting.actor.userId),
    decidedByName: acting.actor.name,
    decidedAt: acting.now,
    auditsOwed: [owed],
  });
  const dto = toWithheldDto(created.toObject() as WithheldDoc);
  await appendAudit(owed.entry);
  return dto;
}

/** `GET /orgs/:id/withheld`: supervisors and inspectors read the record, newest first. */
export async function listWithheld(
  acting: Pick<Acting, 'actor'>,
  orgId: string,
  page: Pagination,
): Promise<Paginated<WithheldDecisionDto>> {
  const { org } = await orgFor(acting.actor, 'withheld.read', orgId);
  const filter = { orgId: org._id };
  const [docs, total] = await Promise.all([
    WithheldDecision.find(filter)
      .sort({ decidedAt: -1, _id: -1 })
      .skip((page.page - 1) * page.pageSize)
      .limit(page.pageSize)
      .lean<WithheldDoc[]>(),
    WithheldDecision.countDocuments(filter),
  ]);
  return { items: docs.map(toWithheldDto), total, page: page.page, pageSize: page.pageSize };
}
