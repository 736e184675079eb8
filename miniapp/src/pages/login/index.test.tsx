import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { mockApi } from '../../../test/api-mock';
import { me, VILLAGE } from '../../../test/fixtures';
import { freshInstall } from '../../../test/reset';
import { reLaunch } from '../../../test/taro-shim';
import { sessionStore } from '../../services/session';
import Login from './index';

const SESSION = { accessToken: 'a1', accessExpiresAt: 'x', refreshToken: 'r1', refreshExpiresAt: 'y' };

beforeEach(freshInstall);

describe('signing in', () => {
  it('lists the demo accounts in demo mode and signs in as the one tapped', async () => {
    const calls = mockApi({
      'GET /auth/demo/users': {
        body: {
          items: [
            {
              id: '6b0000000000000000000001',
              name: '王建国',
              role: 'cadre',
              org: '东山村',
              orgId: VILLAGE.id,
            },
          ],
        },
      },
      'POST /auth/demo': { body: SESSION },
      'GET /me': { body: me('cadre') },
    });
    render(<Login />);
    fireEvent.click(await screen.findByText('王建国 · 干部'));
    await waitFor(() => expect(reLaunch).toHaveBeenCalledWith({ url: '/cadre/inbox/index' }));
    expect(sessionStore.get()).toMatchObject({ accessToken: 'a1', me: { user: { name: '王建国' } } });
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ userId: '6b0000000000000000000001' });
  });

  it('shows no demo list outside demo mode', async () => {
    mockApi({});
    render(<Login />);
    await waitFor(() => expect(screen.queryByText('演示账号（点击即登录）')).toBeNull());
    expect(screen.getByText('干部、监督人员账号登录')).toBeTruthy();
  });

  it('shows the server’s reason when the password is wrong', async () => {
    mockApi({
      'POST /auth/login': {
        status: 401,
        body: { error: { code: 'UNAUTHENTICATED', message: '用户名或密码错误' } },
      },
    });
    render(<Login />);
    const [user, pass] = Array.from(document.querySelectorAll('input'));
    fireEvent.input(user!, { target: { value: 'ds-cadre' } });
    fireEvent.input(pass!, { target: { value: 'wrong' } });
    fireEvent.click(screen.getAllByText('登录').at(-1)!);
    expect(await screen.findByText('用户名或密码错误')).toBeTruthy();
    expect(sessionStore.get()).toBeNull();
  });
});
