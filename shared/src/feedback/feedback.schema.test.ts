import {
  ZAssistedFeedback,
  ZConfirmAssisted,
  ZEscalate,
  ZFeedbackQuery,
  ZRating,
  ZReply,
  ZSubmitFeedback,
  ZTransfer,
} from '@sanwu/shared';

const org = '65f0c0ffee0000000000abcd';

describe('ZSubmitFeedback', () => {
  it('fills the defaults', () => {
    expect(ZSubmitFeedback.parse({ orgId: org, type: 'opinion', content: ' 路灯坏了 ' })).toEqual({
      orgId: org,
      type: 'opinion',
      content: '路灯坏了',
      images: [],
      showNamePublicly: false,
      public: false,
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['blank content', { content: '  ' }, '请填写内容'],
    ['too long content', { content: '字'.repeat(2001) }, '内容不能超过 2000 字'],
    [
      'ten photos',
      { images: Array.from({ length: 10 }, (_, i) => org.slice(0, 22) + String(i).padStart(2, '0')) },
      '最多上传 9 张照片',
    ],
    ['a photo twice', { images: [org, org] }, '照片重复'],
    ['an objection without a disclosure', { type: 'objection' }, '异议须针对一项公开事项'],
    ['an unknown type', { type: 'complaint' }, '意见类型不正确'],
    ['a bad org id', { orgId: 'x' }, '编号格式不正确'],
  ])('refuses %s with a Chinese message', (_name, patch, message) => {
    const result = ZSubmitFeedback.safeParse({ orgId: org, type: 'opinion', content: '内容', ...patch });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message)).toContain(message);
  });
});

describe('the workflow schemas', () => {
  it.each<[string, { safeParse(v: unknown): { success: boolean } }, unknown, boolean]>([
    ['a reply', ZReply, { content: '已处理' }, true],
    ['a private reply', ZReply, { content: '已处理', public: false }, true],
    ['an empty reply', ZReply, { content: '' }, false],
    ['a transfer with a reason', ZTransfer, { toOrgId: org, reason: '属地管理' }, true],
    ['a transfer without a reason', ZTransfer, { toOrgId: org, reason: '' }, false],
    ['a rating of 1', ZRating, { score: 1 }, true],
    ['a rating of 5 with a comment', ZRating, { score: 5, comment: '满意' }, true],
    ['a rating of 0', ZRating, { score: 0 }, false],
    ['a rating of 3.5', ZRating, { score: 3.5 }, false],
    ['an escalation with a reason', ZEscalate, { reason: '不满意' }, true],
    ['an escalation without one', ZEscalate, {}, false],
    [
      'an assisted filing by phone',
      ZAssistedFeedback,
      { type: 'opinion', content: '内容', villagerName: '周老汉', channel: 'phone' },
      true,
    ],
    [
      'an assisted objection',
      ZAssistedFeedback,
      { type: 'objection', content: '内容', villagerName: '周老汉', channel: 'desk' },
      false,
    ],
    ['a 6-digit code', ZConfirmAssisted, { code: '012345' }, true],
    ['a 5-digit code', ZConfirmAssisted, { code: '12345' }, false],
  ])('%s → %p', (_name, schema, value, ok) => {
    expect(schema.safeParse(value).success).toBe(ok);
  });
});

describe('ZFeedbackQuery', () => {
  it('reads query strings, treating empty values as absent', () => {
    expect(ZFeedbackQuery.parse({ status: '', overdue: 'true', page: '2' })).toMatchObject({
      status: undefined,
      overdue: true,
      page: 2,
      pageSize: 20,
    });
  });

  it.each([{ overdue: 'yes' }, { status: 'lost' }, { dueBefore: '2026-10-01' }, { pageSize: '500' }])(
    'refuses %p',
    (q) => {
      expect(ZFeedbackQuery.safeParse(q).success).toBe(false);
    },
  );
});
