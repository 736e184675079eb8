import { Types } from 'mongoose';
import type { CreateDisclosure, DisclosureState, PatchDisclosure, TransitionActor } from '@sanwu/shared';
import { Org, type OrgDoc } from '../orgs/org.model';
import { checkAttachmentRefs } from './attachment-refs';
import { normalizeContent } from './disclosure-chain';
import { Disclosure, type DisclosureDoc, type VersionDoc } from './disclosure.model';
import { checkSchedule, orgCatalogueItem, publishByFor } from './disclosure-rules';
import { reviewPlanFor } from './disclosure-review-plan';
import {
  disclosureAuditNote,
  checkedFinance,
  ensureOn,
  latestVersion,
  orgFor,
  saveGuarded,
  transition,
  type Acting,
} from './disclosure-store';
import { appCalendar } from '../calendar/calendar.service';
import { appendAudit } from '../audit/audit.service';

// Drafting (清样): create, edit while a draft, submit for review (DOMAIN.md "Workflow").

function scheduleFields(org: OrgDoc, code: string, period: string | null, settledOn: string | null) {
  const item = orgCatalogueItem(org, code);
  checkSchedule(item, period, settledOn);
  const due = publishByFor(item, period, settledOn, appCalendar());
  return {
    item,
    fields: {
      period: item.cadence === 'onEvent' ? null : period,
      settledOn,
      publishBy: due?.dueDate ?? null,
      publishByAt: due?.dueAt ?? null,
    },
  };
}

/** `POST /orgs/:id/disclosures`: a cadre's draft for one catalogue item. */
export async function createDisclosure(
  acting: Acting,
  orgId: string,
  input: CreateDisclosure,
): Promise<DisclosureDoc> {
  const { org, role } = await orgFor(acting.actor, 'disclosure.draft', orgId);
  const { item, fields } = scheduleFields(
    org,
    input.catalogueCode,
    input.period ?? null,
    input.settledOn ?? null,
  );
  await checkAttachmentRefs(org._id, input.attachments);
  const content = normalizeContent({
    title: input.title,
    blocks: input.blocks,
    attachments: input.attachments ?? [],
    finance: checkedFinance(input.finance),
  });
  const version = {
    no: 1,
    kind: 'original',
    state: 'draft',
    content,
    createdBy: new Types.ObjectId(acting.actor.userId),
  };
  const _id = new Types.ObjectId();
  const owed = disclosureAuditNote(
    {
      acting,
      role,
      action: 'disclosure.create',
      summary: { after: { catalogueCode: item.code, period: fields.period, title: input.title } },
    },
    { _id, orgId: org._id },
  );
  const created = await Disclosure.create({
    _id,
    orgId: org._id,
    orgPath: org.path,
    catalogueCode: item.code,
    domain: item.domain,
    timing: item.timing,
    ...fields,
    publicNoticeDays: input.publicNoticeDays ?? (item.publicNotice ? 7 : null),
    createdBy: new Types.ObjectId(acting.actor.userId),
    state: 'draft',
    versions: [version],
    auditsOwed: [owed],
  });
  await appendAudit(owed.entry);
  return created.toObject() as unknown as DisclosureDoc;
}

/** A rejected draft goes back to draft before anything else happens to it. */
function redraftIfRejected(state: DisclosureState, role: TransitionActor): DisclosureState {
  return state === 'rejected' ? transition(state, 'redraft', role).state : state;
}

/**
 * `PATCH /disclosures/:id`: drafts only. Editing an approved but unpublished draft voids its
 * signatures (the state machine sends it back to draft; the next submit starts a new round).
 */
export async function patchDisclosure(
  acting: Acting,
  doc: DisclosureDoc,
  patch: PatchDisclosure,
): Promise<DisclosureDoc> {
  const role = ensureOn(acting.actor, 'disclosure.draft', doc);
  const index = doc.versions.length - 1;
  const version = latestVersion(doc);
  const state = transition(redraftIfRejected(version.state, role), 'edit', role).state;
  await checkAttachmentRefs(doc.orgId, patch.attachments);
  const set: Record<string, unknown> = { state, [`versions.${index}.state`]: state };
  if (version.no === 1 && (patch.period !== undefined || patch.settledOn !== undefined)) {
    const org = await Org.findById(doc.orgId).lean<OrgDoc>();
    const { fields } = scheduleFields(
      org!,
      doc.catalogueCode,
      patch.period ?? doc.period ?? null,
      patch.settledOn ?? doc.settledOn ?? null,
    );
    Object.assign(set, fields);
  }
  if (patch.publicNoticeDays !== undefined && !doc.public) set.publicNoticeDays = patch.publicNoticeDays;
  const content = {
    ...version.content,
    ...(patch.title !== undefined && { title: patch.title }),
    ...(patch.blocks !== undefined && { blocks: patch.blocks }),
    ...(patch.attachments !== undefined && { attachments: patch.attachments }),
    ...(patch.finance !== undefined && { finance: checkedFinance(patch.finance) }),
  };
  set[`versions.${index}.content`] = normalizeContent(content);
  const saved = await saveGuarded(
    doc,
    { $set: set },
    {
      acting,
      role,
      action: 'disclosure.edit',
      summary: {
        before: { state: version.state, title: version.content.title },
        after: { state, title: content.title, fields: Object.keys(patch) },
      },
    },
  );
  return saved;
}

/** `POST /disclosures/:id/submit`: starts a review round with the signatures the org requires. */
export async function submitDisclosure(acting: Acting, doc: DisclosureDoc): Promise<DisclosureDoc> {
  const role = ensureOn(acting.actor, 'disclosure.draft', doc);
  const index = doc.versions.length - 1;
  const version: VersionDoc = latestVersion(doc);
  const state = transition(redraftIfRejected(version.state, role), 'submit', role).state;
  const org = await Org.findById(doc.orgId).lean<OrgDoc>();
  const plan = reviewPlanFor(org!);
  const saved = await saveGuarded(
    doc,
    {
      $set: {
        state,
        [`versions.${index}.state`]: state,
        [`versions.${index}.round`]: version.round + 1,
        [`versions.${index}.requiredSignatures`]: plan.required,
        [`versions.${index}.submittedAt`]: acting.now,
      },
    },
    {
      acting,
      role,
      action: 'disclosure.submit',
      summary: {
        before: { state: version.state },
        after: { state, round: version.round + 1, requiredSignatures: plan.required },
      },
    },
  );
  return saved;
}
