// The county-scale dataset of the benchmark: orgs, accounts, published disclosures with finance
// statements and feedback items in every state. Two real items are made through the HTTP API first
// (a finance disclosure published through review, a submitted feedback item); the bulk is cloned
// from them and written with insertMany through the mongoose models, so the stored shapes and the
// indexes are exactly those of the application.
import { FEEDBACK_STATES, shanghaiDate, type FeedbackState } from '@sanwu/shared';
import { Types } from 'mongoose';
import supertest from 'supertest';
import type { App } from '@sanwu/server/dist/app';
import { Disclosure } from '@sanwu/server/dist/disclosures/disclosure.model';
import { FINANCE_BODY, makeWorld, publishedItem } from '@sanwu/server/dist/disclosures/testing';
import { Feedback } from '@sanwu/server/dist/feedback/feedback.model';
import { Org, type OrgDoc } from '@sanwu/server/dist/orgs/org.model';
import type { AppServices } from '@sanwu/server/dist/services';
import type { TestApp } from '@sanwu/server/dist/test/harness';
import { User } from '@sanwu/server/dist/users/user.model';

export interface Scale {
  name: 'small' | 'full';
  townships: number;
  villagesPerTownship: number;
  disclosures: number;
  feedback: number;
  residents: number;
  /** Share of open feedback items whose next deadline check is already due. */
  dueShare: number;
  /** Seconds each load scenario runs. */
  seconds: number;
}

export const SCALES: Record<Scale['name'], Scale> = {
  full: {
    name: 'full',
    townships: 20,
    villagesPerTownship: 20,
    disclosures: 100_000,
    feedback: 200_000,
    residents: 1000,
    dueShare: 0.001,
    seconds: 10,
  },
  small: {
    name: 'small',
    townships: 2,
    villagesPerTownship: 5,
    disclosures: 2_000,
    feedback: 4_000,
    // As many as at full scale: 100 residents' 20 filings an hour ran out within one round of the
    // submission scenarios, and the rest of it measured 429s.
    residents: 1000,
    dueShare: 0.05,
    seconds: 3,
  },
};

export interface County {
  county: OrgDoc;
  villages: OrgDoc[];
  /** One signed-in cadre per village (same order as `villages`). */
  cadreTokens: string[];
  residentTokens: string[];
  disclosureIds: string[];
  openFeedback: number;
  dueFeedback: number;
}

// devdb applies one insert on its single thread: 5,000 feedback items with their indexes blocked it
// for longer than the driver's 5 s monitor time-out on the slower machine, and the driver dropped
// the connection mid-seed. 1,000 keep each command well under a second.
const BATCH = 1_000;
const DAY = 86_400_000;
const OPEN: readonly FeedbackState[] = ['submitted', 'accepted', 'transferred', 'escalated'];

type Raw = Record<string, unknown>;

async function insertInBatches(
  model: { insertMany(docs: Raw[], o: object): Promise<unknown> },
  docs: Raw[],
  lean = true,
) {
  for (let i = 0; i < docs.length; i += BATCH) {
    // NOTE: `lean` skips mongoose's per-document validation; the shapes are the application's
    // all the same, cloned from documents the routes made (templates below).
    await model.insertMany(docs.slice(i, i + BATCH), { ordered: false, lean });
  }
}

/** The templates, made the way users make them: through the routes of an in-process app. */
async function templates(app: App, services: AppServices): Promise<{ disclosure: Raw; feedback: Raw }> {
  const t = {
    request: supertest(app.callback()),
    bearer: async (userId: string) => `Bearer ${(await services.auth.loginAsDemo(userId)).accessToken}`,
  } as unknown as TestApp;
  const w = await makeWorld(t);
  const id = await publishedItem(t, w, FINANCE_BODY);
  const res = await t.request
    .post('/api/v1/feedback')
    .set('Authorization', await t.bearer(String(w.users.resident._id)))
    .set('Idempotency-Key', 'bench-template-0001')
    .send({
      orgId: String(w.village._id),
      type: 'inquiry',
      content: '村里的路灯什么时候修？',
      disclosureId: id,
    });
  if (res.status !== 201) throw new Error(`template feedback: ${res.status} ${JSON.stringify(res.body)}`);
  const disclosure = await Disclosure.findById(id).lean();
  const feedback = await Feedback.findById(res.body.id).lean();
  return { disclosure: disclosure as Raw, feedback: feedback as Raw };
}

function orgDoc(name: string, level: string, parent?: OrgDoc): OrgDoc {
  const _id = new Types.ObjectId();
  const kind = level === 'village' ? 'village' : 'government';
  return {
    _id,
    name,
    level,
    kind,
    parentId: parent?._id ?? null,
    path: [...(parent?.path ?? []), _id],
  } as never;
}

function cloneDisclosure(tpl: Raw, village: OrgDoc, i: number, now: Date): Raw {
  const at = new Date(now.getTime() - (i % 1000) * DAY - (i % 97) * 60_000);
  const month = `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
  const title = `${village.name}${month}财务收支公开（第${i}号）`;
  const versions = (tpl.versions as Raw[]).map((v) => ({
    ...v,
    content: { ...(v.content as Raw), title },
    publishedAt: at,
  }));
  // The sweep settles a change's audit note minutes after it: no item this old still carries one.
  const { auditsOwed: _settled, ...published } = tpl;
  return {
    ...published,
    _id: new Types.ObjectId(),
    orgId: village._id,
    orgPath: village.path,
    period: month,
    versions,
    publicTitle: title,
    searchText: `${title} ${String(tpl.searchText ?? '')}`,
    firstPublishedAt: at,
    lastPublishedAt: at,
    createdAt: at,
    updatedAt: at,
  };
}

function cloneFeedback(tpl: Raw, village: OrgDoc, i: number, now: Date, due: boolean): Raw {
  const state = FEEDBACK_STATES[i % FEEDBACK_STATES.length]!;
  const open = OPEN.includes(state);
  const createdAt = new Date(now.getTime() - (i % 60) * DAY - (i % 89) * 60_000);
  const dueAt = new Date(createdAt.getTime() + 15 * DAY);
  // Open items wait for a check: most in the future, `due` ones already now.
  const nextCheckAt = open
    ? due
      ? new Date(now.getTime() - (i % 50) * 60_000)
      : new Date(now.getTime() + (1 + (i % 30)) * DAY)
    : null;
  const authorId = new Types.ObjectId();
  // The sweep checks a filing minutes after it was made: no item this old still carries its receipt
  // (nor an audit note, see cloneDisclosure).
  const { receipt: _checked, auditsOwed: _settled, ...filed } = tpl;
  return {
    ...filed,
    _id: new Types.ObjectId(),
    orgId: village._id,
    orgPath: village.path,
    handlingOrgId: village._id,
    handlingOrgPath: village.path,
    disclosureId: null,
    authorId,
    // Each filed from a phone with a key of its own, as the template was.
    idempotency: { ...(tpl.idempotency as object), userId: authorId, key: `bench-${i}` },
    content: `第${i}条：${String(tpl.content)}`,
    state,
    dueAt,
    dueDate: shanghaiDate(dueAt), // the day the inbox counts working days to
    sortDue: dueAt,
    nextCheckAt,
    createdAt,
  };
}

/** Seeds the dataset; returns what the load scenarios need. */
export async function seedCounty(
  scale: Scale,
  app: App,
  services: AppServices,
  now: Date,
  log: (line: string) => void,
): Promise<County> {
  const tpl = await templates(app, services);
  const county = orgDoc('示范县', 'county');
  const townships = Array.from({ length: scale.townships }, (_, i) =>
    orgDoc(`第${i + 1}镇`, 'township', county),
  );
  const villages = townships.flatMap((t, ti) =>
    Array.from({ length: scale.villagesPerTownship }, (_, vi) =>
      orgDoc(`${ti + 1}镇${vi + 1}村`, 'village', t),
    ),
  );
  await Org.insertMany([county, ...townships, ...villages]);
  log(`orgs: 1 county, ${townships.length} townships, ${villages.length} villages`);

  const cadres = villages.map((v, i) => ({
    _id: new Types.ObjectId(),
    kind: 'staff',
    name: `村干部${i}`,
    username: `bench-cadre-${i}`,
    grants: [{ role: 'cadre', orgId: v._id, orgPath: v.path }],
  }));
  const residents = Array.from({ length: scale.residents }, (_, i) => ({
    _id: new Types.ObjectId(),
    kind: 'resident',
    name: `村民${i}`,
    wechat: { openid: `bench-openid-${i}` },
  }));
  // Accounts go through validation: their defaults (grants, flags) are filled in by the model.
  await insertInBatches(User, [...cadres, ...residents], false);

  const disclosures: Raw[] = [];
  for (let i = 0; i < scale.disclosures; i++) {
    disclosures.push(cloneDisclosure(tpl.disclosure, villages[i % villages.length]!, i, now));
  }
  await insertInBatches(Disclosure, disclosures);
  log(`disclosures: ${disclosures.length} published finance statements`);

  const feedback: Raw[] = [];
  let openFeedback = 0;
  let dueFeedback = 0;
  const dueEvery = Math.round(1 / scale.dueShare);
  for (let i = 0; i < scale.feedback; i++) {
    const state = FEEDBACK_STATES[i % FEEDBACK_STATES.length]!;
    const open = OPEN.includes(state);
    const due = open && openFeedback % dueEvery === 0;
    if (open) openFeedback++;
    if (due) dueFeedback++;
    feedback.push(cloneFeedback(tpl.feedback, villages[i % villages.length]!, i, now, due));
  }
  await insertInBatches(Feedback, feedback);
  log(`feedback: ${feedback.length} items, ${openFeedback} open, ${dueFeedback} due now`);

  const token = async (id: Types.ObjectId) => (await services.auth.loginAsDemo(String(id))).accessToken;
  const cadreTokens: string[] = [];
  for (const c of cadres) cadreTokens.push(await token(c._id));
  const residentTokens: string[] = [];
  for (const r of residents) residentTokens.push(await token(r._id));
  return {
    county,
    villages,
    cadreTokens,
    residentTokens,
    disclosureIds: disclosures.map((d) => String(d._id)),
    openFeedback,
    dueFeedback,
  };
}
