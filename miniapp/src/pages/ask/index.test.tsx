import { act, fireEvent, render, screen } from '@testing-library/react';
import { mockApi } from '../../../test/api-mock';
import { feedback, VILLAGE } from '../../../test/fixtures';
import { freshInstall } from '../../../test/reset';
import { router } from '../../../test/taro-shim';
import { saveTokens } from '../../services/session';
import Ask from './index';

const ORG = {
  ...VILLAGE,
  level: 'village',
  kind: 'village',
  parentId: null,
  path: [VILLAGE.id],
  code: null,
  active: true,
  policy: { reviewQuorum: 'majority', financeCadence: 'monthly' },
};

beforeEach(() => {
  freshInstall();
  jest.useFakeTimers({
    now: new Date('2026-03-02T02:00:00Z'),
    doNotFake: ['setTimeout', 'setInterval', 'nextTick', 'setImmediate', 'queueMicrotask'],
  });
  router.params = { orgId: VILLAGE.id, type: 'inquiry' };
});
afterEach(() => jest.useRealTimers());

const consoleError = console.error.bind(console);
beforeAll(() => {
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    if (String(args[0]).includes("reading 'value'")) return;
    consoleError(...args);
  });
});
afterAll(() => jest.restoreAllMocks());

/**
 * Taro's Textarea is a web component: it reports typing as an `input` event with `detail.value`.
 * NOTE: in jsdom the component has no native textarea behind it and logs a TypeError when its
 * value changes; that one message is silenced below, anything else still shows.
 */
function typeContent(text: string) {
  const box = document.querySelector('taro-textarea-core');
  if (!box) throw new Error('no textarea');
  act(() => void box.dispatchEvent(new CustomEvent('input', { detail: { value: text } })));
}

describe('asking the village committee', () => {
  it('asks a signed-out resident to sign in first', async () => {
    mockApi({ [`GET /orgs/${VILLAGE.id}`]: { body: ORG } });
    render(<Ask />);
    expect(await screen.findByText('提交意见需要先登录，以便村委会答复您。')).toBeTruthy();
  });

  it('shows the answer deadline before sending', async () => {
    saveTokens({ accessToken: 'a', refreshToken: 'r' });
    mockApi({ [`GET /orgs/${VILLAGE.id}`]: { body: ORG } });
    render(<Ask />);
    expect(await screen.findByText('村委会应在 2026年3月17日 前答复')).toBeTruthy();
    expect(await screen.findByText('向东山村提出')).toBeTruthy();
  });

  it('says what is wrong without sending when the text is empty', async () => {
    saveTokens({ accessToken: 'a', refreshToken: 'r' });
    const calls = mockApi({ [`GET /orgs/${VILLAGE.id}`]: { body: ORG } });
    render(<Ask />);
    fireEvent.click(await screen.findByText('提交'));
    expect(await screen.findByText('请填写内容')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('retries with the same idempotency key so a weak network never files twice', async () => {
    saveTokens({ accessToken: 'a', refreshToken: 'r' });
    let attempts = 0;
    const calls = mockApi({
      [`GET /orgs/${VILLAGE.id}`]: { body: ORG },
      'POST /feedback': () =>
        ++attempts === 1
          ? { status: 503, body: { error: { code: 'UNAVAILABLE', message: '服务暂时不可用，请稍后再试' } } }
          : { status: 201, body: feedback() },
    });
    render(<Ask />);
    await screen.findByText('向东山村提出');
    typeContent('二月份的修路款是多少？');
    fireEvent.click(screen.getByText('提交'));
    expect(await screen.findByText('服务暂时不可用，请稍后再试')).toBeTruthy();
    fireEvent.click(screen.getByText('重新提交'));
    expect(
      await screen.findByText('村委会应在 2026年3月17日 前答复，届时未答复将自动提醒上级。'),
    ).toBeTruthy();
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[0]?.header['idempotency-key']).toBeTruthy();
    expect(posts[1]?.header['idempotency-key']).toBe(posts[0]?.header['idempotency-key']);
    expect(posts[0]?.body).toMatchObject({
      orgId: VILLAGE.id,
      type: 'inquiry',
      content: '二月份的修路款是多少？',
    });
  });

  it.each([
    ['without an item: no objection', {}, ['意见建议', '质询', '反映举报', '联名申请']],
    [
      'about a published item: no joint request',
      { disclosureId: 'd'.repeat(24) },
      ['意见建议', '质询', '异议', '反映举报'],
    ],
  ])('offers the kinds that fit (%s)', async (_name, extra, labels) => {
    saveTokens({ accessToken: 'a', refreshToken: 'r' });
    router.params = { orgId: VILLAGE.id, ...extra };
    mockApi({ [`GET /orgs/${VILLAGE.id}`]: { body: ORG } });
    render(<Ask />);
    await screen.findByText('向东山村提出');
    const shown = [...document.querySelectorAll('[role="radio"]')].map((r) => r.textContent);
    expect(shown).toEqual(labels);
  });

  it('starts a joint request and says to gather co-signers', async () => {
    saveTokens({ accessToken: 'a', refreshToken: 'r' });
    router.params = { orgId: VILLAGE.id, type: 'joint_request' };
    const calls = mockApi({
      [`GET /orgs/${VILLAGE.id}`]: { body: ORG },
      'POST /feedback': {
        status: 201,
        body: feedback({ type: 'joint_request', dueAt: null, dueDate: null }),
      },
    });
    render(<Ask />);
    expect(await screen.findByText(/联名后，村委会须在 5 个工作日内公开$/)).toBeTruthy();
    typeContent('请公开村集体土地流转合同');
    fireEvent.click(screen.getByText('提交'));
    expect(await screen.findByText('联名申请已发起：请把办理进度页分享给本村村民联名。')).toBeTruthy();
    expect(calls.at(-1)?.body).toMatchObject({ type: 'joint_request' });
  });
});
