import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { mockApi } from '../../../test/api-mock';
import { page, summary, VILLAGE } from '../../../test/fixtures';
import { freshInstall } from '../../../test/reset';
import { redirectTo, shim } from '../../../test/taro-shim';
import { chooseVillage } from '../../services/village';
import Home from './index';

beforeEach(freshInstall);

describe('the home page (bulletin board)', () => {
  it('sends a first-time visitor to choose a village', async () => {
    mockApi({});
    render(<Home />);
    await waitFor(() => expect(redirectTo).toHaveBeenCalledWith({ url: '/pages/village/index' }));
  });

  it('lists the chosen tab newest first and shows open 公示 with their countdown', async () => {
    chooseVillage(VILLAGE);
    const windowEnd = new Date(Date.now() + 3 * 86400000).toISOString();
    const notice = summary({
      title: '党员发展对象公示',
      domain: 'party',
      publicNotice: { days: 7, windowEnd, open: true },
    });
    const calls = mockApi({
      [`GET /orgs/${VILLAGE.id}/disclosures`]: (call) =>
        call.url.includes('domain=finance')
          ? { body: page([summary()]) }
          : { body: page(call.url.includes('domain=') ? [] : [notice]) },
    });
    render(<Home />);
    expect(await screen.findByText('正在公示（可提出异议）')).toBeTruthy();
    expect(screen.getByText('党员发展对象公示')).toBeTruthy();
    expect(screen.getByText(/^剩 [23] 天$/)).toBeTruthy();
    fireEvent.click(screen.getByText('财务'));
    expect(await screen.findByText('2026年2月财务收支公开')).toBeTruthy();
    expect(calls.some((c) => c.url.includes('domain=finance') && c.url.includes('page=1'))).toBe(true);
  });

  it('offers a retry after a failed load, and the retry recovers', async () => {
    chooseVillage(VILLAGE);
    let fail = true;
    mockApi({
      [`GET /orgs/${VILLAGE.id}/disclosures`]: () =>
        fail
          ? { status: 503, body: { error: { code: 'UNAVAILABLE', message: '服务暂时不可用，请稍后再试' } } }
          : { body: page([summary({ domain: 'village', title: '村委会工作计划' })]) },
    });
    render(<Home />);
    expect(await screen.findByText('服务暂时不可用，请稍后再试')).toBeTruthy();
    fail = false;
    fireEvent.click(screen.getByText('重新加载'));
    expect(await screen.findByText('村委会工作计划')).toBeTruthy();
  });

  it('loads the next page when the resident scrolls to the bottom', async () => {
    chooseVillage(VILLAGE);
    const first = Array.from({ length: 20 }, (_, i) => summary({ domain: 'village', title: `事项${i + 1}` }));
    mockApi({
      [`GET /orgs/${VILLAGE.id}/disclosures`]: (call) => {
        if (!call.url.includes('domain=village')) return { body: page([]) };
        const items = call.url.includes('page=2') ? [summary({ domain: 'village', title: '事项21' })] : first;
        return { body: { items, total: 21, page: 1, pageSize: 20 } };
      },
    });
    render(<Home />);
    expect(await screen.findByText('事项20')).toBeTruthy();
    act(() => shim.fireReachBottom());
    expect(await screen.findByText('事项21')).toBeTruthy();
    expect(await screen.findByText('没有更多了')).toBeTruthy();
  });
});
