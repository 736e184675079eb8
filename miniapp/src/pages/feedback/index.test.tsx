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
