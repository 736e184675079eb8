import mongoose from 'mongoose';
import type { Config } from '../config';
import { Org, type OrgDoc } from '../orgs/org.model';
import { loadActor, type LoadedActor } from '../policy/authorize';
import { createScheduler } from '../scheduler/scheduler';
import type { SeedStep } from '../seed/seed-steps';
import { User } from '../users/user.model';
import { disclosureGateway } from './disclosure-gateway';
import type { FeedbackDoc } from './feedback.model';
import { createTemplate } from './feedback-query.service';
import { submitAssisted, submitFeedback, type FeedbackServiceDeps } from './feedback-submit.service';
import { afterSignature, sign } from './joint-request.service';
import {
  acceptFeedback,
  closeFeedback,
  escalateFeedback,
  rateFeedback,
  replyFeedback,
  transferFeedback,
} from './feedback-workflow.service';

const DAY = 86_400_000;

/**
 * Demo feedback for 东山村 and 西河村 in every state, made through the same services the API
 * uses (so timelines, deadlines, audit entries and notifications are real), each step dated in
 * the past; then one sweep marks what is overdue. Runs after identity (and disclosures, when
 * that step exists: the objection needs a published 东山村 disclosure).
 */
export function feedbackSeedStep(config: Config): SeedStep {
  return {
    name: 'feedback',
    async run(ctx) {
      let at = ctx.now;
      const deps: FeedbackServiceDeps = {
        clock: () => at,
        reminders: config.reminders,
        gateway: disclosureGateway,
      };
      const daysAgo = (d: number, hour = 10) => {
        at = new Date(ctx.now.getTime() - d * DAY + (hour - 10) * 3_600_000);
      };
      const org = async (name: string) => (await Org.findOne({ name }).lean<OrgDoc>())!;
      const actor = async (query: Record<string, unknown>) =>
        loadActor(String((await User.findOne(query).lean())!._id));
      const [ds, xh] = [await org('东山村'), await org('西河村')];
      const cadre = await actor({ username: 'ds-cadre' });
      const xhCadre = await actor({ username: 'xh-cadre' });
      const [r1, r2, r3] = [
        await actor({ 'wechat.openid': 'demo-openid-dongshan-1' }),
        await actor({ 'wechat.openid': 'demo-openid-dongshan-2' }),
        await actor({ 'wechat.openid': 'demo-openid-xihe-1' }),
      ];
      const file = async (
        who: LoadedActor,
        o: OrgDoc,
        type: 'opinion' | 'inquiry' | 'joint_request',
        content: string,
        extra: { public?: boolean; disclosureId?: string } = {},
      ) =>
        (
          await submitFeedback(deps, who, {
            orgId: String(o._id),
            type,
            content,
            images: [],
            showNamePublicly: false,
            public: extra.public ?? false,
            disclosureId: extra.disclosureId,
          })
        ).item;
      const step = async <I>(
        fn: (
          c: { deps: FeedbackServiceDeps; actor: LoadedActor; item: FeedbackDoc },
          input: I,
        ) => Promise<FeedbackDoc>,
        who: LoadedActor,
        item: FeedbackDoc,
        input: I,
      ) => fn({ deps, actor: who, item }, input);

      daysAgo(1);
      await file(r1, ds, 'opinion', '村口三盏路灯坏了，晚上老人孩子出行不便，建议尽快维修。', {
        public: true,
      });

      daysAgo(9);
      let item = await file(
        r2,
        ds,
        'inquiry',
        '2026年第三季度财务公开中“道路维修费 38,600 元”具体修了哪几段路？',
      );
      daysAgo(8);
      await step(acceptFeedback, cadre, item, { note: '已受理，正在核对凭证' });

      daysAgo(20);
      await file(r1, ds, 'opinion', '文化广场的健身器材有两台松动，存在安全隐患。', { public: true }); // left unanswered: overdue

      daysAgo(14);
      item = await file(r2, ds, 'opinion', '建议在村委会公开栏旁增设意见箱，方便不会用手机的老人。', {
        public: true,
      });
      daysAgo(11);
      item = await step(replyFeedback, cadre, item, {
        content: '已采纳，意见箱已于本周安装在公开栏右侧，每周一开箱。',
        public: true,
      });
      daysAgo(10);
      await step(rateFeedback, r2, item, { score: 5, comment: '办得快，满意' });

      daysAgo(16);
      item = await file(r1, ds, 'inquiry', '低保名单里为什么有已经外出务工多年的人？');
      daysAgo(12);
      item = await step(replyFeedback, cadre, item, {
        content: '名单按镇民政办审核结果公示，如有异议可向镇民政办反映。',
      });
      daysAgo(11);
      item = await step(rateFeedback, r1, item, { score: 2, comment: '没有回答具体问题' });
      daysAgo(10);
      await step(escalateFeedback, r1, item, { reason: '答复没有说明名单核查情况，申请镇里督办' });

      daysAgo(6);
      item = await file(r2, ds, 'opinion', '通往西河村的机耕路被大车压坏，雨天无法通行。');
      daysAgo(5);
      await step(transferFeedback, cadre, item, {
        toOrgId: String(xh._id),
        reason: '该路段位于西河村地界，由西河村负责养护',
      });

      daysAgo(5);
      item = await file(r2, ds, 'opinion', '村卫生室周末能否安排一名医生值班？');
      daysAgo(2);
      await step(replyFeedback, cadre, item, {
        content: '已与镇卫生院协调，自下月起周六上午有医生坐诊。',
        public: true,
      });

      daysAgo(25);
      item = await file(r1, ds, 'opinion', '建议村里组织一次防诈骗宣传。');
      daysAgo(24);
      item = await step(replyFeedback, cadre, item, {
        content: '已联系镇派出所，于下周六在村委会开展宣传。',
        public: true,
      });
      daysAgo(16);
      await step(closeFeedback, cadre, item, { note: '宣传活动已开展，办结' });

      daysAgo(3);
      const assisted = await submitAssisted(deps, cadre, String(ds._id), {
        type: 'opinion',
        content: '周老汉电话反映：自家门前排水沟堵塞，下雨积水进屋。',
        villagerName: '周老汉',
        channel: 'phone',
        public: false,
      });
      ctx.logger.info(
        { feedbackId: String(assisted.item._id), confirmCode: assisted.confirmCode },
        'demo assisted feedback',
      );

      daysAgo(4);
      const joint = await file(
        r1,
        ds,
        'joint_request',
        '请公开村集体鱼塘 2024—2026 年承包合同及承包费收缴情况。',
        { public: true },
      );
      daysAgo(3);
      await sign(joint, r2.userId, at);
      await afterSignature(joint, r2.userId, at, deps.reminders);

      const published = await mongoose.connection
        .collection('disclosures')
        .findOne({ orgId: ds._id, public: true });
      if (published) {
        daysAgo(2);
        await submitFeedback(deps, r2, {
          orgId: String(ds._id),
          type: 'objection',
          disclosureId: String(published._id),
          content: '公示中的补助发放名单与实际不符。',
          images: [],
          showNamePublicly: false,
          public: false,
        });
      } else {
        ctx.logger.warn('no published 东山村 disclosure: the demo objection was skipped');
      }

      daysAgo(18);
      await file(r3, xh, 'inquiry', '西河村今年的土地流转费什么时候发放？'); // left unanswered: overdue
      daysAgo(7);
      item = await file(r3, xh, 'opinion', '建议把村务公开栏移到小卖部门口，看的人多。', { public: true });
      daysAgo(6);
      item = await step(replyFeedback, xhCadre, item, {
        content: '感谢建议，下月起在小卖部门口增设一块公开栏。',
        public: true,
      });
      daysAgo(5);
      await step(rateFeedback, r3, item, { score: 4 });

      at = ctx.now;
      for (const [o, list] of [
        [
          ds,
          [
            [
              '财务',
              '收支明细说明',
              '您好，相关收支明细已在村务公开栏和小程序公布，可凭身份证到村委会查阅原始凭证。',
            ],
            ['环境卫生', '已安排处理', '您好，已安排保洁员在三个工作日内处理，处理后将在此回复。'],
          ],
        ],
        [xh, [['土地', '流转费发放', '您好，土地流转费按合同于每年 12 月发放，发放名单届时公示。']]],
      ] as const) {
        for (const [category, title, content] of list)
          await createTemplate(o === ds ? cadre : xhCadre, String(o._id), { category, title, content }, at);
      }
      // The first sweep: overdue items are marked and their notices queued, as the running server would.
      await createScheduler({
        clock: () => ctx.now,
        logger: ctx.logger,
        reminders: config.reminders,
        instanceId: 'seed',
      }).sweep();
    },
  };
}
