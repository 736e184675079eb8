import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { auditsOwedField, auditsOwedPlugin } from '../audit/audits-owed-field';
import {
  DISCLOSURE_DOMAINS,
  DISCLOSURE_STATES,
  type DisclosureContent,
  type DisclosureState,
  type RedactionTarget,
} from '@sanwu/shared';

// A disclosure (公开事项) is one document: the item (catalogue code, period, org), its versions
// (清样 → review → published; corrections add versions), the public hash chain and the redaction
// requests. Keeping them together lets every state change be one conditional update guarded by
// `revision`, so two reviewers signing at once cannot lose a signature.
//
// NOTE: published versions are never rewritten: the services only ever push versions and chain
// links, or change a version's `state`; the one exception is an approved redaction, which is
// itself recorded as a chain link (see disclosure-chain.ts).

const signatureSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    name: { type: String, required: true },
    stage: { type: String, enum: ['group', 'office', 'leader'], required: true },
    decision: { type: String, enum: ['approve', 'reject'], required: true },
    comment: { type: String, default: null },
    round: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { _id: false },
);

const versionSchema = new Schema(
  {
    no: { type: Number, required: true },
    kind: { type: String, enum: ['original', 'correction'], required: true },
    state: { type: String, enum: DISCLOSURE_STATES, required: true },
    reason: { type: String, default: null },
    content: {
      title: { type: String, required: true },
      // Validated by the shared zod schemas before it gets here; stored as given.
      blocks: { type: [Schema.Types.Mixed], required: true },
      attachments: { type: [{ id: Schema.Types.ObjectId, name: String, _id: false }], default: [] },
      finance: { type: Schema.Types.Mixed, default: null },
    },
    signatures: { type: [signatureSchema], default: [] },
    /** Review round: a rejection ends a round; resubmitting starts the next with no signatures. */
    round: { type: Number, default: 0 },
    requiredSignatures: { type: Number, default: 0 },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    submittedAt: { type: Date, default: null },
    approvedAt: { type: Date, default: null },
    publishedAt: { type: Date, default: null },
    publishedBy: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    contentHash: { type: String, default: null },
    previousHash: { type: String, default: null },
    revokedAt: { type: Date, default: null },
    revokeReason: { type: String, default: null },
  },
  { _id: false },
);

const chainLinkSchema = new Schema(
  {
    seq: { type: Number, required: true },
    kind: { type: String, enum: ['publish', 'revoke', 'redact'], required: true },
    versionNo: { type: Number, required: true },
    reason: { type: String, default: null },
    at: { type: Date, required: true },
    actorId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    /** sha256 of the version's canonical content (publish: as published; redact: after the redaction). */
    contentDigest: { type: String, default: null },
    /** Who signed the published version (publish links only). */
    signers: { type: [{ userId: String, name: String, at: String, _id: false }], default: [] },
    /** Redactions: what was removed (never the removed value itself). */
    target: { type: Schema.Types.Mixed, default: null },
    hash: { type: String, required: true },
    previousHash: { type: String, default: null },
  },
  { _id: false },
);

const redactionSchema = new Schema({
  versionNo: { type: Number, required: true },
  target: { type: Schema.Types.Mixed, required: true },
  reason: { type: String, required: true },
  status: { type: String, enum: ['pending', 'approved', 'rejected'], required: true },
  requestedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  requestedByName: { type: String, required: true },
  requestedAt: { type: Date, required: true },
  decidedBy: { type: Schema.Types.ObjectId, ref: 'User', default: null },
  decidedByName: { type: String, default: null },
  decidedAt: { type: Date, default: null },
});

const disclosureSchema = new Schema(
  {
    orgId: { type: Schema.Types.ObjectId, ref: 'Org', required: true },
    orgPath: { type: [Schema.Types.ObjectId], required: true },
    catalogueCode: { type: String, required: true },
    domain: { type: String, enum: DISCLOSURE_DOMAINS, required: true },
    timing: { type: String, enum: ['longTerm', 'periodic', 'immediate'], required: true },
    period: { type: String, default: null },
    settledOn: { type: String, default: null },
    /** Set for a 公示: its objection window in calendar days. */
    publicNoticeDays: { type: Number, default: null },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    /** State of the latest version (what the workspace shows). */
    state: { type: String, enum: DISCLOSURE_STATES, required: true },
    versions: { type: [versionSchema], required: true },
    chain: { type: [chainLinkSchema], default: [] },
    redactions: { type: [redactionSchema], default: [] },
    postingProofs: {
      type: [{ attachmentId: Schema.Types.ObjectId, postedAt: Date, uploadedBy: String, _id: false }],
      default: [],
    },
    /** The audit entries its last changes owe, until the sweep has seen them written (audit/audits-owed.ts). */
    auditsOwed: auditsOwedField,
    /** Ever published: from then on the item and all its versions are public. */
    public: { type: Boolean, default: false },
    /** The publicly shown version's title and masked text, for the list and keyword search. */
    publicTitle: { type: String, default: null },
    searchText: { type: String, default: null },
    publishBy: { type: String, default: null },
    publishByAt: { type: Date, default: null },
    firstPublishedAt: { type: Date, default: null },
    lastPublishedAt: { type: Date, default: null },
    late: { type: Boolean, default: null },
    lateWorkdays: { type: Number, default: null },
    displayUntil: { type: String, default: null },
    noticeWindowEnd: { type: Date, default: null },
    /**
     * Written by the feedback feature when 半数以上 of the villagers objected: the item must be
     * corrected and republished by `dueAt` (never an edit of the published text).
     */
    correctionRequired: { reason: String, dueAt: Date, flaggedAt: Date },
    /** Bumped by every write: the optimistic-concurrency guard and part of the public ETag. */
    revision: { type: Number, default: 0 },
  },
  { strict: true, timestamps: true },
);

// Public list per org, newest first, optionally by domain or category (GET /orgs/:id/disclosures).
// NOTE: `_id` ends each key because the lists sort by it after the date: without it the database
// sorts every item of the org in memory for each page (docs/performance.md, ninth pass).
disclosureSchema.index({ orgId: 1, public: 1, lastPublishedAt: -1, _id: -1 });
disclosureSchema.index({ orgId: 1, public: 1, domain: 1, lastPublishedAt: -1, _id: -1 });
disclosureSchema.index({ orgId: 1, public: 1, catalogueCode: 1, lastPublishedAt: -1, _id: -1 });
// The workspace (GET /orgs/:id/disclosure-drafts) by state, and compliance by item and period.
disclosureSchema.index({ orgId: 1, state: 1, updatedAt: -1, _id: -1 });
disclosureSchema.index({ orgId: 1, updatedAt: -1, _id: -1 });
// The scheduler's sweep for ended display windows (disclosure-expiry.service.ts).
disclosureSchema.index({ state: 1, displayUntil: 1 });
disclosureSchema.index({ orgId: 1, catalogueCode: 1, period: 1 });
// "Does anything public refer to this attachment?" (the attachment service's public check).
disclosureSchema.index({ 'versions.content.attachments.id': 1 });
disclosureSchema.index({ 'postingProofs.attachmentId': 1 });

/** A signature or rejection as stored. */
export interface SignatureDoc {
  userId: Types.ObjectId;
  name: string;
  stage: 'group' | 'office' | 'leader';
  decision: 'approve' | 'reject';
  comment: string | null;
  round: number;
  at: Date;
}

/** One version as stored (lean). */
export interface VersionDoc {
  no: number;
  kind: 'original' | 'correction';
  state: DisclosureState;
  reason: string | null;
  content: DisclosureContent;
  signatures: SignatureDoc[];
  round: number;
  requiredSignatures: number;
  createdBy: Types.ObjectId;
  submittedAt: Date | null;
  approvedAt: Date | null;
  publishedAt: Date | null;
  publishedBy: Types.ObjectId | null;
  contentHash: string | null;
  previousHash: string | null;
  revokedAt: Date | null;
  revokeReason: string | null;
}

/** One link of the public hash chain as stored. */
export interface ChainLinkDoc {
  seq: number;
  kind: 'publish' | 'revoke' | 'redact';
  versionNo: number;
  reason: string | null;
  at: Date;
  actorId: Types.ObjectId;
  contentDigest: string | null;
  signers: { userId: string; name: string; at: string }[];
  target: unknown;
  hash: string;
  previousHash: string | null;
}

/** A redaction request as stored. */
export interface RedactionDoc {
  _id: Types.ObjectId;
  versionNo: number;
  target: RedactionTarget;
  reason: string;
  status: 'pending' | 'approved' | 'rejected';
  requestedBy: Types.ObjectId;
  requestedByName: string;
  requestedAt: Date;
  decidedBy: Types.ObjectId | null;
  decidedByName: string | null;
  decidedAt: Date | null;
}

export type DisclosureDoc = Omit<
  InferSchemaType<typeof disclosureSchema>,
  'versions' | 'chain' | 'redactions' | 'postingProofs' | 'state'
> & {
  _id: Types.ObjectId;
  state: DisclosureState;
  versions: VersionDoc[];
  chain: ChainLinkDoc[];
  redactions: RedactionDoc[];
  postingProofs: { attachmentId: Types.ObjectId; postedAt: Date; uploadedBy: string }[];
  createdAt: Date;
  updatedAt: Date;
};
disclosureSchema.plugin(auditsOwedPlugin);
export const Disclosure = model('Disclosure', disclosureSchema);

const withheldSchema = new Schema(
  {
    orgId: { type: Schema.Types.ObjectId, ref: 'Org', required: true },
    orgPath: { type: [Schema.Types.ObjectId], required: true },
    category: { type: String, required: true },
    subject: { type: String, required: true },
    period: { type: String, default: null },
    reason: { type: String, required: true },
    decidedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    decidedByName: { type: String, required: true },
    decidedAt: { type: Date, required: true },
    /** Bookkeeping beside the decision, which itself is never edited (audit/audits-owed.ts). */
    auditsOwed: auditsOwedField,
  },
  { strict: true, versionKey: false },
);
// GET /orgs/:id/withheld, newest first.
withheldSchema.index({ orgId: 1, decidedAt: -1 });
withheldSchema.plugin(auditsOwedPlugin);

export type WithheldDoc = InferSchemaType<typeof withheldSchema> & { _id: Types.ObjectId };
export const WithheldDecision = model('WithheldDecision', withheldSchema);
