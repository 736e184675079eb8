import { ConflictError, FEEDBACK_TYPE_LABELS, ForbiddenError, type FeedbackType } from '@sanwu/shared';
import { appendAudit, type AuditInput, type RequestMeta } from '../audit/audit.service';
import { audited, OWED_CHECK_AFTER_MS } from '../audit/audits-owed';
import type { Logger } from '../logger';
import { notify, usersWithRoleAt } from '../notifications/notification.service';
import type { DisclosureGateway } from './disclosure-gateway';
import type { ReminderSettings } from './feedback-deadlines';
import { Feedback, type FeedbackDoc, type RECEIPT_ACTIONS } from './feedback.model';
import { afterSignature, sign } from './joint-request.service';
import { afterObjection } from './objections.service';

// What a filing owes once its item is stored: the audit entry, the handlers' notice, an
// objection's tally, a joint request's first signature. The request does it at once. Every new
// item also carries a `receipt` in its insert, and the sweep looks at it once the request is surely
// over: if the process stopped in between (a crash, a lost database), it completes what is
// missing. Each step finds out whether it was done, or is idempotent, so the sweep never repeats
// one. The request pays no extra command for this (docs/performance.md, Hardening).

export type ReceiptAction = (typeof RECEIPT_ACTIONS)[number];

/** When the sweep looks at a new item's receipt: long after any request waiting on the database has given up. */
export const RECEIPT_CHECK_AFTER_MS = OWED_CHECK_AFTER_MS;

export interface ReceiptDeps {
  gateway: DisclosureGateway;
  reminders: ReminderSettings;
  logger?: Logger;
}

type Receipt = NonNullable<FeedbackDoc['receipt']>;

/** The `receipt` a new item is stored with. */
export function receiptOf(action: ReceiptAction, actorRole: string, meta: RequestMeta, now: Date): Receipt {
  return {
    checkAt: new Date(now.getTime() + RECEIPT_CHECK_AFTER_MS),
    action,
    actorRole,
    ...(meta.requestId && { requestId: meta.requestId }),
    ...(meta.ip && { ip: meta.ip }),
  };
}

/** The filing's audit entry, built from the stored item alone: the same whether the request or the sweep writes it. */
function auditOf(item: FeedbackDoc, receipt: Receipt): AuditInput {
  const assisted = receipt.action === 'feedback.assist';
  return {
    orgId: item.orgId,
    actorId: assisted ? item.assisted?.byId : item.authorId,
    actorRole: receipt.actorRole,
    action: receipt.action!,
    target: { type: 'feedback', id: String(item._id) },
    summary: {
      after: assisted
        ? { type: item.type, channel: item.assisted?.channel, dueDate: item.dueDate }
        : { type: item.type, dueDate: item.dueDate, policy: item.policy },
    },
    meta: { requestId: receipt.requestId ?? undefined, ip: receipt.ip ?? undefined },
    at: item.createdAt,
  };
}

function tellHandlers(item: FeedbackDoc): Promise<number> {
  const type = item.type as FeedbackType;
  return usersWithRoleAt(type === 'report' ? 'inspector' : 'cadre', item.handlingOrgId).then((userIds) =>
    notify({
      key: `fb:${String(item._id)}:received`,
      userIds,
      kind: 'feedback.received',
      title: `新的${FEEDBACK_TYPE_LABELS[type]}`,
      body: item.content.slice(0, 60),
      feedbackId: item._id,
      at: item.createdAt,
    }),
  );
}

/** The author's own signature; on a second look, one already there, or an author no longer on the registry, leaves nothing to do. */
async function signAsAuthor(item: FeedbackDoc, meta: RequestMeta, again: boolean): Promise<void> {
  try {
    await sign(item, String(item.authorId), item.createdAt, meta);
  } catch (err) {
    if (!again || !(err instanceof ConflictError || err instanceof ForbiddenError)) throw err;
  }
}

/**
 * Does what the filing of `item` owes. `again`: the sweep's second look, which first checks what
 * was done. Answers the item as it is afterwards (a joint request may have reached its threshold).
 */
export async function fileReceipt(deps: ReceiptDeps, item: FeedbackDoc, again = false): Promise<FeedbackDoc> {
  const receipt = item.receipt;
  if (!receipt?.action) return item;
  const audit = auditOf(item, receipt);
  const meta = audit.meta!;
  // The audit entry and the handlers' notice need only the stored item, not each other: together
  // they cost the resident one wait instead of two (both must succeed).
  await Promise.all([
    again ? audited(audit).then((done) => (done ? undefined : appendAudit(audit))) : appendAudit(audit),
    receipt.action === 'feedback.submit' ? tellHandlers(item) : undefined,
  ]);
  if (item.type === 'objection') {
    const counting = afterObjection(deps.gateway, item, item.createdAt);
    // The objection is stored and its receipt stays: if telling people fails now, the sweep
    // completes it, so the resident does not see an error for it.
    if (again) await counting;
    else
      await counting.catch((err: unknown) =>
        deps.logger?.warn({ err, feedbackId: String(item._id) }, 'objection tally deferred to the sweep'),
      );
  }
  if (item.type === 'joint_request' && item.authorId) {
    await signAsAuthor(item, meta, again);
    return afterSignature(item, String(item.authorId), item.createdAt, deps.reminders, meta);
  }
  return item;
}

/** The sweep's look at one item whose receipt check has come: completes the filing, then drops the receipt. */
export async function checkReceipt(deps: ReceiptDeps, item: FeedbackDoc): Promise<boolean> {
  await fileReceipt(deps, item, true);
  await Feedback.updateOne({ _id: item._id }, { $unset: { receipt: 1 } });
  return true;
}
