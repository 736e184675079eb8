import {
  addWorkdays,
  InvalidStateError,
  shanghaiDate,
  type CreateDisclosure,
  type CreateNotice,
  type Review,
} from '@sanwu/shared';
import { closeYear } from '../archive/archive.service';
import { requestModification } from '../archive/modification.service';
import type { Config } from '../config';
import * as demo from '../disclosures/disclosure-demo';
import { createDisclosure, submitDisclosure } from '../disclosures/disclosure-draft.service';
import { Disclosure } from '../disclosures/disclosure.model';
import { publishDisclosure, reviewDisclosure } from '../disclosures/disclosure-review.service';
import { disclosureGateway } from '../feedback/disclosure-gateway';
import { submitFeedback, type FeedbackServiceDeps } from '../feedback/feedback-submit.service';
import {
  closeFeedback,
  rateFeedback,
  replyFeedback,
  type WorkflowContext,
} from '../feedback/feedback-workflow.service';
import type { FeedbackDoc } from '../feedback/feedback.model';
import { Org, type OrgDoc } from '../orgs/org.model';
import { loadActor, type LoadedActor } from '../policy/authorize';
import { Resident } from '../residents/resident.model';
import type { SeedStep } from '../seed/seed-steps';
import { User } from '../users/user.model';
import { complianceEntries } from './compliance.service';
import { Archive } from '../archive/archive.model';
import { createNotice, respondToNotice } from './notice.service';
import { yearRange } from './subtree';
import { appCalendar } from '../calendar/calendar.service';

// The supervision part of the demo, through the real services: last year of 东山村 (a work plan,
// party dues, two answered complaints) closed into an archive by the township inspector, with one
// data-modification request waiting for approval; and this year a 通报 from 城关镇 naming the
// villages' late or missing finance disclosures, with a rectification deadline — 东山村 has
// reported, 西河村 not yet.

const HOUR = 3_600_000;
const REVIEW: Review = { decision: 'approve', comment: '经核对，内容属实' };

export function supervisionSeedStep(config: Config): SeedStep {
  return {
    name: 'supervision',
    async run(ctx) {
      const now = ctx.now;
      const [ds, xh] = await Promise.all([
        Org.findOne({ name: '东山村' }).lean<OrgDoc>(),
        Org.findOne({ name: '西河村' }).lean<OrgDoc>(),
      ]);
      if (!ds || !xh) throw new Error('demo villages missing: run the identity step first');
      if (await Archive.exists({ orgId: ds._id })) return;
      const who = async (query: Record<string, unknown>) =>
        loadActor(String((await User.findOne(query).lean())!._id));
      const cadre = await who({ username: 'ds-cadre' });
      const inspector = await who({ username: 'town-inspector' });
      const sups = await Promise.all(['ds-sup1', 'ds-sup2', 'ds-sup3'].map((u) => who({ username: u })));
      const resident = await who({ 'wechat.openid': 'demo-openid-dongshan-1' });
      /** A Shanghai wall-clock time, never later than an hour ago. */
      const at = (s: string) => new Date(Math.min(new Date(`${s}+08:00`).getTime(), now.getTime() - HOUR));
      const acting = (actor: LoadedActor, when: string) => ({ actor, meta: {}, now: at(when) });

      const year = Number(shanghaiDate(now).slice(0, 4)) - 1;
      const publish = async (
        body: ReturnType<typeof demo.workPlanBody>,
        draft: string,
        published: string,
      ) => {
        if (
          await Disclosure.exists({ orgId: ds._id, catalogueCode: body.catalogueCode, period: body.period })
        )
          return;
        let doc = await createDisclosure(acting(cadre, draft), String(ds._id), body as CreateDisclosure);
        doc = await submitDisclosure(acting(cadre, draft), doc);
        for (const sup of sups) doc = await reviewDisclosure(acting(sup, draft), doc, REVIEW);
        await publishDisclosure(acting(cadre, published), doc);
      };
      const members = (await Resident.find({ orgId: ds._id }).sort({ _id: 1 }).limit(6).lean()).map(
        (r) => r.name,
      );
      await publish(
        demo.workPlanBody('东山村', `${year}-H2`),
        `${year}-07-02T09:00:00`,
        `${year}-07-03T10:00:00`,
      );
      await publish(
        demo.partyDuesBody('东山村', `${year}-Q4`, members),
        `${year + 1}-01-05T09:00:00`,
        `${year + 1}-01-06T10:00:00`,
      );

      let clock = now;
      const deps: FeedbackServiceDeps = {
        clock: () => clock,
        reminders: config.reminders,
        gateway: disclosureGateway,
      };
      const step = <I>(
        fn: (c: WorkflowContext, input: I) => Promise<FeedbackDoc>,
        actor: LoadedActor,
        item: FeedbackDoc,
        when: string,
        input: I,
      ) => {
        clock = at(when);
        return fn({ deps, actor, item }, input);
      };
      clock = at(`${year}-11-12T10:00:00`);
      let item = (
        await submitFeedback(deps, resident, {
          orgId: String(ds._id),
          type: 'opinion',
          content: '今年秋收后村道两侧堆放秸秆，影响通行，也有火灾隐患，建议统一清运。',
          images: [],
          showNamePublicly: false,
          public: true,
        })
      ).item;
      item = await step(replyFeedback, cadre, item, `${year}-11-18T15:00:00`, {
        content: '已组织保洁员于11月17日统一清运，并在村广播提醒村民不要在路边堆放秸秆。',
        public: true,
      });
      const opinion = await step(rateFeedback, resident, item, `${year}-11-19T09:00:00`, {
        score: 4,
        comment: '清得挺干净',
      });
      clock = at(`${year}-12-02T10:00:00`);
      item = (
        await submitFeedback(deps, resident, {
          orgId: String(ds._id),
          type: 'inquiry',
          content: `${year}年第三季度财务公开中“村部维修费 12,800 元”是哪家施工的？有没有招标？`,
          images: [],
          showNamePublicly: false,
          public: false,
        })
      ).item;
      item = await step(replyFeedback, cadre, item, `${year}-12-15T16:00:00`, {
        content: '由本村施工队承建，金额未达招标标准，经村民代表会议议定，会议记录可到村委会查阅。',
        public: false,
      });
      await step(closeFeedback, cadre, item, `${year}-12-31T10:00:00`, { note: '已答复，村民未再提出意见' });

      // Early in a year the disclosures step may still have last year's items in review: the
      // archive then waits, as it would in real life (closeYear refuses with 409).
      const archive = await closeYear(acting(inspector, `${year + 1}-01-15T10:00:00`), ds, year).catch(
        (err: unknown) => {
          if (!(err instanceof InvalidStateError)) throw err;
          ctx.logger.warn({ reason: err.message }, 'demo: last year not archived');
          return null;
        },
      );
      if (archive) {
        await requestModification(acting(cadre, `${year + 1}-02-03T09:30:00`), archive, {
          target: { type: 'feedback', id: String(opinion._id) },
          change: { field: 'type', value: 'inquiry' },
          reason: '村民当时是对秸秆清运经费提出质询，登记时误选为“意见建议”，申请更正类型。',
        });
      }

      await issueNotice(ds, xh, inspector, cadre, now);
    },
  };
}

/** This year's 通报: the villages' finance periods that are missing or were late, to rectify in 7 working days. */
async function issueNotice(ds: OrgDoc, xh: OrgDoc, inspector: LoadedActor, cadre: LoadedActor, now: Date) {
  const issuedAt = new Date(now.getTime() - 3 * 24 * HOUR);
  const today = shanghaiDate(issuedAt);
  const entries = await complianceEntries([ds, xh], yearRange(Number(today.slice(0, 4)), issuedAt), issuedAt);
  const items: CreateNotice['items'] = [];
  for (const org of [ds, xh]) {
    const bad = (entries.get(String(org._id)) ?? []).filter(
      (e) => e.catalogueCode === 'village-finances' && (e.status === 'missing' || e.status === 'late'),
    );
    for (const e of bad.slice(-2)) {
      items.push({
        orgId: String(org._id),
        kind: 'compliance',
        catalogueCode: e.catalogueCode,
        periodKey: e.periodKey,
        note:
          e.status === 'late'
            ? `${e.periodKey} 财务收支逾期 ${e.lateWorkdays} 个工作日才公开`
            : `${e.periodKey} 财务收支应于 ${e.publishBy} 前公开，至今未公开`,
      });
    }
  }
  if (items.length === 0) {
    items.push({
      orgId: String(xh._id),
      kind: 'other',
      note: '公开栏纸质公开与线上公开不一致，部分事项未张贴',
    });
  }
  const rectifyBy = addWorkdays(appCalendar(), today, 7).date;
  const notice = await createNotice(
    { actor: inspector, meta: {}, now: issuedAt },
    {
      title: '关于部分村财务公开不及时的通报',
      content:
        '经城关镇三务公开办检查，下列村未按公开目录按期公开财务收支情况。请各村对照问题清单逐项整改，于整改期限前在本系统报告整改情况。',
      items,
      rectifyBy,
    },
    { workdaysBefore: 3, onDueDay: true },
  );
  if (notice.orgs.some((o) => String(o.orgId) === String(ds._id))) {
    await respondToNotice({ actor: cadre, meta: {}, now: new Date(now.getTime() - 24 * HOUR) }, notice, {
      orgId: String(ds._id),
      content: '已补充公开所列月份财务收支，并指定会计每月5日前提交报表、监督小组3个工作日内审核。',
    });
  }
}
