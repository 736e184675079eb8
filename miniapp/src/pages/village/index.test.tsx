import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { mockApi } from '../../../test/api-mock';
import { VILLAGE } from '../../../test/fixtures';
import { freshInstall } from '../../../test/reset';
import { reLaunch, router } from '../../../test/taro-shim';
import { recentStore, villageStore } from '../../services/village';
import ChooseVillage from './index';

const org = (id: string, name: string, level = 'village') => ({
  id,
  name,
  level,
  kind: 'village',
  parentId: null,
  path: [id],
  code: null,
  active: true,
  policy: { reviewQuorum: 'majority', financeCadence: 'monthly' },
});

beforeEach(freshInstall);

describe('choosing a village', () => {
  it('finds villages by name (not townships) and opens the one tapped', async () => {
    const calls = mockApi({
      'GET /orgs': {
        body: {
          items: [org(VILLAGE.id, '东山村'), org('6b0000000000000000000009', '东山镇', 'township')],
          total: 2,
          page: 1,
          pageSize: 20,
        },
      },
    });
    render(<ChooseVillage />);
    const input = document.querySelector('input');
    fireEvent.input(input!, { target: { value: '东山' } });
    fireEvent.click(screen.getByText('搜索'));
    fireEvent.click(await screen.findByText('东山村'));
    expect(screen.queryByText('东山镇')).toBeNull();
    expect(villageStore.get()).toEqual(VILLAGE);
    expect(recentStore.get()).toEqual([VILLAGE]);
    await waitFor(() => expect(reLaunch).toHaveBeenCalledWith({ url: '/pages/home/index' }));
    expect(calls[0]?.url).toBe(`/api/v1/orgs?q=${encodeURIComponent('东山')}`);
  });

  it('opens the village a bulletin-board code names, without searching', async () => {
    router.params = { scene: `o=${VILLAGE.id}` };
    mockApi({ [`GET /orgs/${VILLAGE.id}`]: { body: org(VILLAGE.id, '东山村') } });
    render(<ChooseVillage />);
    await waitFor(() => expect(villageStore.get()).toEqual(VILLAGE));
    expect(reLaunch).toHaveBeenCalledWith({ url: '/pages/home/index' });
  });

  it('says so in plain Chinese when nothing matches', async () => {
    mockApi({ 'GET /orgs': { body: { items: [], total: 0, page: 1, pageSize: 20 } } });
    render(<ChooseVillage />);
    fireEvent.input(document.querySelector('input')!, { target: { value: '不存在村' } });
    fireEvent.click(screen.getByText('搜索'));
    expect(await screen.findByText('没有找到，请换个名称试试')).toBeTruthy();
  });
});
