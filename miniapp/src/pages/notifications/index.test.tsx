import { fireEvent, render, screen } from '@testing-library/react';
import { mockApi } from '../../../test/api-mock';
import { notification } from '../../../test/fixtures';
import { freshInstall } from '../../../test/reset';
import { navigateTo } from '../../../test/taro-shim';
import { saveTokens } from '../../services/session';
import Notifications from './index';

beforeEach(freshInstall);

const page = (items: ReturnType<typeof notification>[]) => ({
  body: { items, total: items.length, page: 1, pageSize: 20 },
});

describe('消息通知', () => {
  beforeEach(() => saveTokens({ accessToken: 'a', refreshToken: 'r' }));

  it('marks a notice read and opens the item it is about', async () => {
    const unread = notification({ title: '您的意见有了答复' });
    const about = notification({
      title: '公示期即将结束',
      feedbackId: null,
      disclosureId: 'd1'.padEnd(24, '0'),
    });
    const read = notification({ title: '已读的旧通知', readAt: '2026-03-06T02:00:00.000Z' });
    const calls = mockApi({
      'GET /notifications': page([unread, about, read]),
      [`POST /notifications/${unread.id}/read`]: { body: { ...unread, readAt: '2026-03-07T02:00:00.000Z' } },
    });
    render(<Notifications />);
    expect(await screen.findByText('2 条未读')).toBeTruthy();
    fireEvent.click(screen.getByText('您的意见有了答复'));
    expect(await screen.findByText('1 条未读')).toBeTruthy();
    expect(calls.map((c) => `${c.method} ${c.url}`)).toContain(
      `POST /api/v1/notifications/${unread.id}/read`,
    );
    expect(navigateTo).toHaveBeenLastCalledWith({ url: `/pages/feedback/index?id=${unread.feedbackId}` });
    // An already-read notice opens without another read mark.
    fireEvent.click(screen.getByText('已读的旧通知'));
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('marks everything read at once', async () => {
    const calls = mockApi({
      'GET /notifications': page([notification(), notification()]),
      'POST /notifications/read-all': { body: { updated: 2 } },
    });
    render(<Notifications />);
    fireEvent.click(await screen.findByText('全部标为已读'));
    expect(await screen.findByText('全部已读')).toBeTruthy();
    expect(screen.queryByText('未读')).toBeNull();
    expect(calls.at(-1)?.url).toBe('/api/v1/notifications/read-all');
  });

  it('still opens the item when the read mark fails, and says so', async () => {
    const n = notification();
    mockApi({
      'GET /notifications': page([n]),
      [`POST /notifications/${n.id}/read`]: {
        status: 503,
        body: { error: { code: 'UNAVAILABLE', message: '服务暂时不可用，请稍后重试' } },
      },
    });
    render(<Notifications />);
    fireEvent.click(await screen.findByText(n.title));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(navigateTo).toHaveBeenLastCalledWith({ url: `/pages/feedback/index?id=${n.feedbackId}` });
  });

  it('says when there is nothing yet', async () => {
    mockApi({ 'GET /notifications': page([]) });
    render(<Notifications />);
    expect(await screen.findByText(/暂无通知/)).toBeTruthy();
  });
});

it('asks a signed-out visitor to sign in', () => {
  mockApi({});
  render(<Notifications />);
  fireEvent.click(screen.getByText('登录'));
  expect(navigateTo).toHaveBeenLastCalledWith({ url: '/pages/login/index' });
});
