import { fireEvent, render, screen } from '@testing-library/react';
import type { DisclosureState } from '@sanwu/shared';
import { mockApi } from '../../../test/api-mock';
import { disclosure } from '../../../test/disclosure-fixture';
import { me } from '../../../test/fixtures';
import { freshInstall } from '../../../test/reset';
import { router } from '../../../test/taro-shim';
import { saveTokens } from '../../services/session';
import CadreManage from './index';

beforeEach(() => {
  freshInstall();
  saveTokens({ accessToken: 'a', refreshToken: 'r' }, me('cadre'));
});

describe('a cadre managing one disclosure', () => {
  it.each<[DisclosureState, string[], string[]]>([
    ['draft', ['修改', '提交审核'], ['发布', '更正', '撤回']],
    ['in_review', [], ['修改', '提交审核', '发布', '更正']],
    ['approved', ['修改', '发布'], ['提交审核', '更正']],
    ['published', ['更正', '撤回', '公开栏打印页'], ['修改', '提交审核', '发布']],
    ['revoked', [], ['修改', '发布', '更正', '撤回']],
  ])('in state %s offers %j and not %j (the shared state machine)', async (state, shown, hidden) => {
    const d = disclosure(state);
    router.params = { id: d.id };
    mockApi({ [`GET /disclosures/${d.id}`]: { body: d } });
    render(<CadreManage />);
    await screen.findByText(/第 1 版/);
    for (const label of shown) expect(screen.getByText(label)).toBeTruthy();
    for (const label of hidden) expect(screen.queryByText(label)).toBeNull();
  });

  it('publishes an approved draft and shows its new state', async () => {
    const d = disclosure('approved');
    router.params = { id: d.id };
    const calls = mockApi({
      [`GET /disclosures/${d.id}`]: { body: d },
      [`POST /disclosures/${d.id}/publish`]: { body: disclosure('published', { id: d.id }) },
    });
    render(<CadreManage />);
    fireEvent.click(await screen.findByText('发布'));
    expect(await screen.findByText(/· 已公开$/)).toBeTruthy();
    expect(calls.map((c) => c.method)).toEqual(['GET', 'POST']);
  });

  it('shows a refusal in plain Chinese and keeps the page usable', async () => {
    const d = disclosure('approved');
    router.params = { id: d.id };
    mockApi({
      [`GET /disclosures/${d.id}`]: { body: d },
      [`POST /disclosures/${d.id}/publish`]: {
        status: 409,
        body: { error: { code: 'INVALID_STATE', message: '签章人数不足，不能发布' } },
      },
    });
    render(<CadreManage />);
    fireEvent.click(await screen.findByText('发布'));
    expect(await screen.findByText('签章人数不足，不能发布')).toBeTruthy();
    expect(screen.getByText('发布')).toBeTruthy();
  });
});
