import { freshInstall } from '../../test/reset';
import { chooseVillage, parseScene, recentStore, RECENT_MAX, villageStore } from './village';

const A = '6b042b3713b033cea568ec65';
const B = '6b042b3713b033cea568ec66';

beforeEach(freshInstall);

describe('bulletin-board QR scenes', () => {
  it.each([
    [`o=${A}`, { orgId: A, disclosureId: undefined }],
    [`d=${B}`, { orgId: undefined, disclosureId: B }],
    [encodeURIComponent(`d=${B}`), { orgId: undefined, disclosureId: B }],
    [A, { orgId: A, disclosureId: undefined }],
    ['o=not-an-id', { orgId: undefined, disclosureId: undefined }],
    [`https://sanwu.example/#/pages/disclosure/index?id=${B}`, { orgId: undefined, disclosureId: B }],
    [`/pages/home/index?orgId=${A}`, { orgId: A, disclosureId: undefined }],
    ['', {}],
    [undefined, {}],
  ])('%s opens %o', (scene, expected) => {
    expect(parseScene(scene)).toEqual(expected);
  });
});

describe('choosing a village', () => {
  it('makes it current, puts it first among the recent ones and keeps at most five', () => {
    for (let i = 0; i < 7; i++) chooseVillage({ id: String(i), name: `村${i}` });
    chooseVillage({ id: '3', name: '村3' });
    expect(villageStore.get()).toEqual({ id: '3', name: '村3' });
    expect(recentStore.get().map((v) => v.id)).toEqual(['3', '6', '5', '4', '2']);
    expect(recentStore.get()).toHaveLength(RECENT_MAX);
  });

  it('is remembered on the device', () => {
    chooseVillage({ id: A, name: '东山村' });
    expect(JSON.parse(localStorage.getItem('sanwu.village') ?? 'null')).toEqual({ id: A, name: '东山村' });
  });
});
