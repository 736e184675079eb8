import { fireEvent, render, screen } from '@testing-library/react';
import { mockApi } from '../../../test/api-mock';
import { feedback } from '../../../test/fixtures';
import { freshInstall } from '../../../test/reset';
import { router } from '../../../test/taro-shim';
import { saveTokens } from '../../services/session';
import FeedbackDetail from './index';

const reply = {
  kind: 'replied' as const,
  at: '2026-03-05T02:00:00.000Z',
  actorName: '王建国',
  orgId: null,
  orgName: '东山村',
  toOrgId: null,
  toOrgName: null,
  text: '修路款 12 万元，明细见三月财务公开。',
  public: true,
};

beforeEach(() => {
  freshInstall();
  saveTokens({ accessToken: 'a', refreshToken: 'r' });
});

describe('my item', () => {
  it('shows the reply and its deadline, and takes a rating', async () => {
    const item = feedback({ state: 'answered', timeline: [reply] });
    router.params = { id: item.id };
    const calls = mockApi({
      [`GET /feedback/${item.id}`]: { body: item },
      [`POST /feedback/${item.id}/rating`]: {
        body: { ...item, state: 'rated', rating: { score: 4, comment: null } },
      },
    });
    render(<FeedbackDetail />);
    expect(await screen.findByText('东山村：修路款 12 万元，明细见三月财务公开。')).toBeTruthy();
    expect(screen.getByText(/2026年3月17日 前答复/)).toBeTruthy();
    fireEvent.click(screen.getAllByText('☆')[3]!);
    fireEvent.click(screen.getByText('提交评价'));
    expect(await screen.findByText('您的评价：★★★★')).toBeTruthy();
    expect(calls.at(-1)?.body).toEqual({ score: 4 });
  });

  it('will not escalate without a reason (shared schema), and says so', async () => {
    const item = feedback({ state: 'answered', timeline: [reply] });
    router.params = { id: item.id };
    const calls = mockApi({ [`GET /feedback/${item.id}`]: { body: item } });
    render(<FeedbackDetail />);
    fireEvent.click(await screen.findByText('不满意，提请上级'));
    expect(await screen.findByText('请填写理由')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });
});

describe('a joint request', () => {
  const status = (over: Record<string, unknown> = {}) => ({
    id: 'x',
    content: '请公开村集体土地流转合同',
    villagerSignatures: 12,
    representativeSignatures: 1,
    villagers: 300,
    representatives: 30,
    villagerSignaturesNeeded: 30,
    representativeSignaturesNeeded: 10,
    reached: false,
    reachedAt: null,
    disclosureDueAt: null,
    signedByMe: false,
    ...over,
  });

  it('shows the signatures against the thresholds and lets a villager sign', async () => {
    const item = feedback({ type: 'joint_request', dueAt: null, dueDate: null });
    router.params = { id: item.id };
    const calls = mockApi({
      [`GET /feedback/${item.id}`]: { body: item },
      [`GET /orgs/${item.orgId}/joint-requests/${item.id}`]: { body: status() },
      [`POST /feedback/${item.id}/cosign`]: { body: status({ villagerSignatures: 13, signedByMe: true }) },
    });
    render(<FeedbackDetail />);
    expect(
      await screen.findByText(
        '已联名：12 / 30 位村民（登记村民的十分之一），或 1 / 10 位村民代表（三分之一）',
      ),
    ).toBeTruthy();
    fireEvent.click(screen.getByText('我也联名'));
    expect(await screen.findByText('您已联名。')).toBeTruthy();
    expect(screen.getByText(/^已联名：13 \/ 30 位村民/)).toBeTruthy();
    expect(screen.queryByText('我也联名')).toBeNull();
    expect(calls.at(-1)?.url).toBe(`/api/v1/feedback/${item.id}/cosign`);
  });

  it('says why a signature was refused', async () => {
    const item = feedback({ type: 'joint_request', dueAt: null, dueDate: null });
    router.params = { id: item.id };
    mockApi({
      [`GET /feedback/${item.id}`]: { body: item },
      [`GET /orgs/${item.orgId}/joint-requests/${item.id}`]: { body: status() },
      [`POST /feedback/${item.id}/cosign`]: {
        status: 409,
        body: { error: { code: 'CONFLICT', message: '您已在该联名申请上签名' } },
      },
    });
    render(<FeedbackDetail />);
    fireEvent.click(await screen.findByText('我也联名'));
    expect(await screen.findByText('您已在该联名申请上签名')).toBeTruthy();
  });

  it('once reached, shows the date the disclosure is owed by and takes no more signatures', async () => {
    const item = feedback({ type: 'joint_request', dueAt: null, dueDate: null });
    router.params = { id: item.id };
    mockApi({
      [`GET /feedback/${item.id}`]: { body: item },
      [`GET /orgs/${item.orgId}/joint-requests/${item.id}`]: {
        body: status({ villagerSignatures: 30, reached: true, disclosureDueAt: '2026-03-09T15:59:59.999Z' }),
      },
    });
    render(<FeedbackDetail />);
    expect(await screen.findByText('已达到联名人数，村委会须在 2026年3月9日 前公开。')).toBeTruthy();
    expect(screen.queryByText('我也联名')).toBeNull();
  });

  it('tells the initiator (or anyone who signed) so, with no button', async () => {
    const item = feedback({ type: 'joint_request', dueAt: null, dueDate: null });
    router.params = { id: item.id };
    mockApi({
      [`GET /feedback/${item.id}`]: { body: item },
      [`GET /orgs/${item.orgId}/joint-requests/${item.id}`]: { body: status({ signedByMe: true }) },
    });
    render(<FeedbackDetail />);
    expect(await screen.findByText('您已联名。')).toBeTruthy();
    expect(screen.queryByText('我也联名')).toBeNull();
  });
});
