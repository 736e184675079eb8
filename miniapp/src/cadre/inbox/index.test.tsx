import { render, screen } from '@testing-library/react';
import { mockApi } from '../../../test/api-mock';
import { feedback, me, page, VILLAGE } from '../../../test/fixtures';
import { freshInstall } from '../../../test/reset';
import { saveTokens } from '../../services/session';
import CadreInbox from './index';

beforeEach(freshInstall);

describe('the cadre inbox', () => {
  it('asks for sign-in when nobody is signed in', () => {
    mockApi({});
    render(<CadreInbox />);
    expect(screen.getByText('请先登录。')).toBeTruthy();
  });

  it('sorts open items by time left: overdue first in red, due soon in amber', async () => {
    saveTokens({ accessToken: 'a', refreshToken: 'r' }, me('cadre'));
    const later = feedback({ content: '路灯坏了', dueAt: '2026-03-20T15:59:59.999Z', dueDate: '2026-03-20' });
    const overdue = feedback({
      content: '低保名单',
      dueAt: '2026-02-20T15:59:59.999Z',
      dueDate: '2026-02-20',
      overdue: true,
      workdaysLeft: 0,
    });
    const soon = feedback({
      content: '水渠修缮',
      state: 'accepted',
      dueAt: '2026-03-04T15:59:59.999Z',
      dueDate: '2026-03-04',
      dueSoon: true,
      workdaysLeft: 2,
    });
    mockApi({
      [`GET /orgs/${VILLAGE.id}/feedback`]: (call) =>
        call.url.includes('status=submitted')
          ? { body: page([later, overdue]) }
          : call.url.includes('status=accepted')
            ? { body: page([soon]) }
            : { body: page([]) },
    });
    render(<CadreInbox />);
    await screen.findByText('路灯坏了');
    const texts = Array.from(document.querySelectorAll('.feedback-card .card-text')).map(
      (e) => e.textContent,
    );
    expect(texts).toEqual(['低保名单', '水渠修缮', '路灯坏了']);
    expect(screen.getByText('低保名单').closest('.feedback-card')?.className).toContain('tone-overdue');
    expect(screen.getByText('水渠修缮').closest('.feedback-card')?.className).toContain('tone-soon');
    expect(screen.getByText(/已超期（应于 2026年2月20日 前答复）/)).toBeTruthy();
  });
});
