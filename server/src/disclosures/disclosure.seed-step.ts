import {
  addCalendarDays,
  addMonths,
  periodContaining,
  startOfShanghaiDay,
  shanghaiDate,
  type CreateDisclosure,
  type Review,
} from '@sanwu/shared';
import { createAttachmentService } from '../attachments/attachment.service';
import { LocalDiskStorage } from '../attachments/blob-storage';
import { demoBoardPhoto } from '../attachments/demo-photo';
import type { Config } from '../config';
import { demoFinanceSeries } from '../finance/finance-demo';
import { Org, type OrgDoc } from '../orgs/org.model';
import { loadActor } from '../policy/authorize';
import { Resident } from '../residents/resident.model';
import type { SeedStep } from '../seed/seed-steps';
import { approveGrant, proposeGrant } from '../users/grant.service';
import { User, type UserDoc } from '../users/user.model';
import { correctDisclosure } from './disclosure-change.service';
import * as demo from './disclosure-demo';
import { createDisclosure, submitDisclosure } from './disclosure-draft.service';
import { addPostingProof } from './disclosure-files.service';
import { Disclosure, type DisclosureDoc } from './disclosure.model';
import { publishDisclosure, reviewDisclosure } from './disclosure-review.service';
import type { Acting } from './disclosure-store';
import { recordWithheld } from './withheld.service';

// The disclosures part of the demo: 东山村 and 西河村 publish across 党务/村务/财务, through the
// real services (drafted, signed by the supervision group, published at plausible past times), so
// the audit log, hash chains, lateness and windows are what the app itself produces. Includes a
// 公示 with its window still open, one item in review, one corrected item (two versions), a late
// finance statement, a posting proof and a 不予公开 record.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const XIHE_SUPERVISORS = [
  { username: 'xh-sup1', name: '陈德厚' },
  { username: 'xh-sup2', name: '刘桂芳' },
  { username: 'xh-sup3', name: '陈志强' },
];

type Body = Omit<CreateDisclosure, 'blocks'> & { blocks: unknown[] };

async function staff(username: string): Promise<UserDoc> {
  const user = await User.findOne({ username }).lean<UserDoc>();
  if (!user) throw new Error(`demo account ${username} missing: run the identity step first`);
  return user;
}

/** 西河村 has no supervision group in the identity demo: add three members so it can publish. */
async function xiheGroup(xihe: OrgDoc, now: Date): Promise<UserDoc[]> {
  const template = await staff('xh-cadre');
  const [admin, admin2] = await Promise.all([
    loadActor(String((await staff('admin'))._id)),
    loadActor(String((await staff('admin2'))._id)),
  ]);
  const members: UserDoc[] = [];
  for (const s of XIHE_SUPERVISORS) {
    const user = await User.create({
      kind: 'staff',
      name: s.name,
      username: s.username,
      passwordHash: template.passwordHash,
    });
    const result = await proposeGrant(
      admin,
      { userId: String(user._id), role: 'supervisor', orgId: String(xihe._id) },
      {},
      now,
    );
    if (result.status === 'pending') await approveGrant(admin2, result.pendingGrantId);
    members.push(user.toObject() as UserDoc);
  }
  await Org.updateOne({ _id: xihe._id }, { $set: { supervisionGroup: members.map((m) => m._id) } });
  return members;
}

export function disclosureSeedStep(config: Config): SeedStep {
  return {
    name: 'disclosures',
    async run(ctx) {
      const [ds, xh] = await Promise.all([
        Org.findOne({ name: '东山村' }).lean<OrgDoc>(),
        Org.findOne({ name: '西河村' }).lean<OrgDoc>(),
      ]);
      if (!ds || !xh) throw new Error('demo villages missing: run the identity step first');
      if (await Disclosure.exists({ orgId: ds._id })) return;
      const now = ctx.now;
      const past = (days: number, hours = 0) =>
        new Date(Math.min(now.getTime() - HOUR, now.getTime() - days * DAY + hours * HOUR));
      const actors = new Map<string, Awaited<ReturnType<typeof loadActor>>>();
      const acting = async (user: UserDoc, at: Date): Promise<Acting> => {
        const key = String(user._id);
        if (!actors.has(key)) actors.set(key, await loadActor(key));
        return { actor: actors.get(key)!, meta: {}, now: at };
      };

      const dsCadre = await staff('ds-cadre');
      const dsSups = await Promise.all(['ds-sup1', 'ds-sup2', 'ds-sup3', 'ds-sup4', 'ds-sup5'].map(staff));
      const xhCadre = await staff('xh-cadre');
      const xhSups = await xiheGroup(xh, now);
      ctx.demoAccounts.push(
        ...XIHE_SUPERVISORS.map((s) => ({
          name: s.name,
          role: '监督小组成员',
          org: '西河村',
          username: s.username,
          password: 'sanwu-demo',
        })),
      );

      /** Draft → submit → `signers` approve → (optionally) publish, at the given past times. */
      const flow = async (
        org: OrgDoc,
        cadre: UserDoc,
        sups: UserDoc[],
        body: Body,
        t: { draft: Date; publish?: Date },
        signers = sups.length >= 5 ? 3 : 2,
      ): Promise<DisclosureDoc> => {
        let doc = await createDisclosure(
          await acting(cadre, t.draft),
          String(org._id),
          body as CreateDisclosure,
        );
        doc = await submitDisclosure(await acting(cadre, new Date(t.draft.getTime() + HOUR)), doc);
        const review: Review = { decision: 'approve', comment: '经核对，内容属实' };
        for (const [i, sup] of sups.slice(0, signers).entries()) {
          doc = await reviewDisclosure(
            await acting(sup, new Date(t.draft.getTime() + (i + 2) * HOUR)),
            doc,
            review,
          );
        }
        if (t.publish) doc = await publishDisclosure(await acting(cadre, t.publish), doc);
        return doc;
      };

      const today = shanghaiDate(now);
      const lastMonth = addMonths(today, -1).slice(0, 7);
      // Items published on event within a month are filed under the month they went up in (on time).
      const monthOf = (at: Date) => periodContaining('monthly', shanghaiDate(at)).key;
      const monthEnd = (offset: number) =>
        new Date(`${addMonths(`${today.slice(0, 7)}-01`, offset)}T00:00:00+08:00`);
      /** A plausible publication time `days` after a period's last day, never in the future. */
      const afterPeriod = (end: string, days: number) =>
        new Date(
          Math.min(
            startOfShanghaiDay(addCalendarDays(end, days)).getTime() + 10 * HOUR,
            now.getTime() - HOUR,
          ),
        );
      const previous = (cadence: 'quarterly' | 'halfYearly') =>
        periodContaining(cadence, addCalendarDays(periodContaining(cadence, today).start, -1));
      const registry = await Resident.find({ orgId: ds._id, active: true })
        .sort({ household: 1 })
        .limit(12)
        .lean();

      // 1. The open 公示 first: the feedback demo objects to the first published 东山村 item.
      await flow(
        ds,
        dsCadre,
        dsSups,
        demo.reliefNoticeBody('东山村', monthOf(past(2)), registry.slice(0, 4)),
        {
          draft: past(4),
          publish: past(2, 1),
        },
      );
      // 2. Three months of accounts: two on time, the oldest late.
      const series = demoFinanceSeries(lastMonth, 3);
      let latestFinance: DisclosureDoc | undefined;
      for (const [i, statement] of series.entries()) {
        const period = addMonths(`${lastMonth}-01`, i - 2).slice(0, 7);
        const end = monthEnd(i - 2);
        const delay = (i === 0 ? 16 * DAY : 2 * DAY) + 10 * HOUR;
        const publish = new Date(Math.min(end.getTime() + delay, now.getTime() - 2 * HOUR));
        latestFinance = await flow(ds, dsCadre, dsSups, demo.financeBody('东山村', period, statement), {
          draft: new Date(publish.getTime() - 6 * HOUR),
          publish,
        });
      }
      // 3. Party dues of the last finished quarter, the half-year plan.
      const quarter = previous('quarterly');
      const members = registry.slice(4, 10).map((r) => r.name);
      const duesAt = afterPeriod(quarter.end, 3);
      await flow(ds, dsCadre, dsSups, demo.partyDuesBody('东山村', quarter.key, members), {
        draft: new Date(duesAt.getTime() - DAY),
        publish: duesAt,
      });
      const half = previous('halfYearly');
      const planAt = afterPeriod(half.end, 4);
      await flow(ds, dsCadre, dsSups, demo.workPlanBody('东山村', half.key), {
        draft: new Date(planAt.getTime() - DAY),
        publish: planAt,
      });
      // 4. A tender result corrected after publication: two versions, both reviewed.
      let tender = await flow(
        ds,
        dsCadre,
        dsSups,
        demo.tenderBody('东山村', monthOf(past(11)), '368,500.00'),
        {
          draft: past(12),
          publish: past(11),
        },
      );
      const fixed = demo.tenderBody('东山村', monthOf(past(11)), '386,500.00');
      tender = await correctDisclosure(await acting(dsCadre, past(9)), tender, {
        reason: '中标金额录入错误（误将 386,500.00 元录为 368,500.00 元），依据中标通知书更正',
        title: `${fixed.title}（更正）`,
        blocks: fixed.blocks as CreateDisclosure['blocks'],
      });
      for (const [i, sup] of dsSups.slice(1, 4).entries()) {
        tender = await reviewDisclosure(await acting(sup, past(9, i + 1)), tender, { decision: 'approve' });
      }
      await publishDisclosure(await acting(dsCadre, past(8)), tender);
      // 5. One in review (2 of 3 signatures) and one draft, both of the current half year (a closed
      // year holds nothing pending, so the archive demo can close last year).
      const currentHalf = periodContaining('halfYearly', today).key;
      await flow(
        ds,
        dsCadre,
        dsSups,
        demo.homesteadBody(
          '东山村',
          currentHalf,
          registry.slice(10, 12).map((r) => r.name),
        ),
        { draft: past(1) },
        2,
      );
      await createDisclosure(
        await acting(dsCadre, past(0, -2)),
        String(ds._id),
        demo.workPlanBody('东山村', currentHalf) as CreateDisclosure,
      );
      // 6. The sheet on the physical board, photographed the day after publication.
      const attachments = createAttachmentService(new LocalDiskStorage(config.uploadDir), () => past(1));
      if (latestFinance) {
        const photo = await demoBoardPhoto(1);
        await addPostingProof(
          await acting(
            dsCadre,
            new Date(Math.min(latestFinance.lastPublishedAt!.getTime() + DAY, now.getTime())),
          ),
          latestFinance,
          [{ field: 'file', filename: '公开栏.jpg', bytes: photo }],
          attachments,
        );
      }
      await recordWithheld(await acting(dsCadre, past(15)), String(ds._id), {
        category: 'village-collective-assets',
        subject: '村集体鱼塘承包合同中承包人的身份证号、银行账户',
        reason: '属于个人信息，公开会侵害承包人合法权益；合同其余内容已按目录公开',
      });

      // 西河村: the month's accounts, a party-member 公示, a draft.
      const xhSeries = demoFinanceSeries(lastMonth, 1);
      await flow(xh, xhCadre, xhSups, demo.financeBody('西河村', lastMonth, xhSeries[0]!), {
        draft: past(6),
        publish: past(5),
      });
      await flow(xh, xhCadre, xhSups, demo.partyDevelopmentBody('西河村', shanghaiDate(past(3)), '陈晓东'), {
        draft: past(3),
        publish: past(3, 2),
      });
      await createDisclosure(
        await acting(xhCadre, past(0, -1)),
        String(xh._id),
        demo.workPlanBody('西河村', currentHalf) as CreateDisclosure,
      );
    },
  };
}
