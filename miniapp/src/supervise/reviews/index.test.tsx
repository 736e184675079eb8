import { fireEvent, render, screen } from '@testing-library/react';
import { mockApi } from '../../../test/api-mock';
import { disclosure } from '../../../test/disclosure-fixture';
import { me, page, summary, VILLAGE } from '../../../test/fixtures';
import { freshInstall } from '../../../test/reset';
import { saveTokens } from '../../services/session';
import SuperviseReviews from './index';

beforeEach(() => {
  freshInstall();
  saveTokens({ accessToken: 'a', refreshToken: 'r' }, me('supervisor', '李德明'));
});

describe('the review queue', () => {
  const item = summary({ state: 'in_review', title: '村道硬化工程招投标结果公开' });

  it('signs an item and says how many signatures are still needed', async () => {
    const signed = disclosure('in_review', { id: item.id });
    signed.current.approvals = 1;
    const calls = mockApi({
      [`GET /orgs/${VILLAGE.id}/disclosure-drafts`]: { body: page([item]) },
      [`POST /disclosures/${item.id}/reviews`]: { body: signed },
    });
    render(<SuperviseReviews />);
    fireEvent.click(await screen.findByText('同意并签章'));
    expect(await screen.findByText('已签章（1/3），等待其他成员审核')).toBeTruthy();
    expect(calls.at(-1)?.body).toEqual({ decision: 'approve' });
    expect(calls[0]?.url).toContain('state=in_review');
  });

  it('will not reject without a comment', async () => {
    const calls = mockApi({ [`GET /orgs/${VILLAGE.id}/disclosure-drafts`]: { body: page([item]) } });
    render(<SuperviseReviews />);
    fireEvent.click(await screen.findByText('退回'));
    expect(await screen.findByText('退回时请写明意见')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });
});
