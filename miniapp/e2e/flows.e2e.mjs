// The end-to-end flows, in order, on one demo server: a resident reads a finance
// disclosure and asks about it, the cadre answers, the resident rates the answer; a cadre's
// draft is signed by the supervision group and published.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  demoSignIn,
  expectSent,
  inputByPlaceholder,
  launchBrowser,
  screenshot,
  startServer,
  visibleText,
  watchErrors,
} from './harness.mjs';

const FINANCE_TITLE = '东山村2026年10月财务收支情况公开';
const QUESTION = `请问10月慰问困难户的米、油发给了哪几户？（${Date.now().toString(36)}）`;
const ANSWER = '慰问了村东组张某、李某两户低保户，名单已在村务公开栏张贴。';
const DRAFT_TITLE = `东山村2026年下半年工作计划（${Date.now().toString(36)}）`;

let server;
const browsers = [];
async function browserFor() {
  const b = await launchBrowser();
  browsers.push(b);
  return b.context.newPage();
}
before(async () => {
  server = await startServer();
});
after(async () => {
  for (const b of browsers) await b.close();
  await server?.stop();
});

let resident;
let residentErrors;

test('a resident reads a finance disclosure: table, totals, chart, signatures and hash', async () => {
  resident = await browserFor();
  residentErrors = watchErrors(resident);
  await resident.goto(`${server.url}/#/pages/village/index`);
  await inputByPlaceholder(resident, '输入村（社区）名称，如：东山村').fill('东山');
  await visibleText(resident, '搜索').click();
  await visibleText(resident, '东山村').click();
  await visibleText(resident, '财务').click();
  await visibleText(resident, FINANCE_TITLE).click();
  for (const text of ['按科目收支', '收支明细', '合计']) await visibleText(resident, text).waitFor();
  await visibleText(resident, /^本期收入：[\d,]+\.\d\d 元$/, false).waitFor();
  await visibleText(resident, /^监督小组审核签章/, false).waitFor();
  await visibleText(resident, /^内容指纹（防篡改校验：通过）$/, false).waitFor();
  await screenshot(resident, '10-disclosure-finance');
});

let dueText;
test('the resident signs in, sees the answer deadline before sending an inquiry, and after', async () => {
  await visibleText(resident, '质询').click();
  await visibleText(resident, '提交意见需要先登录，以便村委会答复您。').waitFor();
  await visibleText(resident, '登录').click();
  await visibleText(resident, '王志刚 · 村民/居民').click();
  const preview = visibleText(resident, /^村委会应在 \d{4}年\d{1,2}月\d{1,2}日 前答复$/, false);
  await preview.waitFor();
  dueText = await preview.innerText();
  await inputByPlaceholder(resident, '请写明您的疑问').fill(QUESTION);
  await screenshot(resident, '11-ask-inquiry');
  await visibleText(resident, '提交').click();
  await expectSent(resident, '已提交');
  const after = await visibleText(
    resident,
    /^村委会应在 .* 前答复，届时未答复将自动提醒上级。$/,
    false,
  ).innerText();
  assert.ok(
    after.startsWith(dueText),
    `the server's deadline (${after}) is the one shown before sending (${dueText})`,
  );
  await screenshot(resident, '12-ask-sent');
  await visibleText(resident, '查看办理进度').click();
  await visibleText(resident, '尚未答复').waitFor();
});

test('the cadre finds the inquiry in the inbox and answers it publicly', async () => {
  const cadre = await browserFor();
  await demoSignIn(cadre, server.url, '王建国 · 干部');
  await visibleText(cadre, QUESTION).waitFor();
  await screenshot(cadre, '20-cadre-inbox');
  await visibleText(cadre, QUESTION).click();
  await inputByPlaceholder(cadre, '答复内容').fill(ANSWER);
  await cadre.locator('.btn-primary').filter({ visible: true, hasText: '答复' }).click();
  await expectSent(cadre, /^质询 · 已答复$/, false);
  await screenshot(cadre, '21-cadre-answered');
});

test('the resident is notified of the answer, opens it from 消息通知 and rates it', async () => {
  await resident.goto(`${server.url}/#/pages/mine/index`);
  await visibleText(resident, QUESTION).waitFor();
  await visibleText(resident, /^消息通知（\d+ 条未读）$/, false).click();
  await visibleText(resident, '您的意见已答复').click();
  await visibleText(resident, new RegExp(ANSWER), false).waitFor();
  await resident.locator('.star').filter({ visible: true }).nth(3).click();
  await visibleText(resident, '提交评价').click();
  await expectSent(resident, '您的评价：★★★★');
  await screenshot(resident, '13-rated');
  assert.deepEqual(residentErrors, []);
});

let draftUrl;
test('a cadre drafts a disclosure and submits it for review', async () => {
  const cadre = await browserFor();
  await demoSignIn(cadre, server.url, '王建国 · 干部');
  await visibleText(cadre, '公开事项').click();
  await visibleText(cadre, '起草公开事项').click();
  await inputByPlaceholder(cadre, '公开期间，如 2026-03、2026-Q1、2026-H1').fill('2026-H2');
  await inputByPlaceholder(cadre, '标题').fill(DRAFT_TITLE);
  await inputByPlaceholder(cadre, '正文（每段一行）').fill(
    '一、修缮村东片灌溉水渠。\n二、完成村民代表会议换届准备。',
  );
  await screenshot(cadre, '22-cadre-draft');
  await visibleText(cadre, '保存草稿').click();
  await visibleText(cadre, '提交审核').click();
  await expectSent(cadre, /· 审核中$/, false);
  draftUrl = cadre.url();
  await screenshot(cadre, '23-cadre-in-review');
});

test('the supervision group signs it and the cadre publishes it', async () => {
  for (const name of ['李德明', '王秀英', '张福生']) {
    const supervisor = await browserFor();
    await demoSignIn(supervisor, server.url, `${name} · 监督小组成员`);
    const card = supervisor.locator('.review-item').filter({ visible: true, hasText: DRAFT_TITLE });
    await card.waitFor();
    if (name === '李德明') await screenshot(supervisor, '30-supervisor-reviews');
    await card.getByText('同意并签章', { exact: true }).click();
    await card.getByText(/^已签章/).waitFor();
  }
  const cadre = await browserFor();
  await demoSignIn(cadre, server.url, '王建国 · 干部');
  await visibleText(cadre, '待办意见（按剩余时间排序）').waitFor();
  await cadre.goto(draftUrl);
  await visibleText(cadre, '发布').click();
  await visibleText(cadre, /· 已公开$/, false).waitFor();
  await screenshot(cadre, '24-cadre-published');
  await resident.goto(`${server.url}/#/pages/home/index`);
  await resident.reload(); // a fresh visit, not the board loaded before the publication
  await visibleText(resident, DRAFT_TITLE).waitFor();
});

test('an inspector sees the overview, complaint log, overdue board and compliance of the township', async () => {
  const inspector = await browserFor();
  const errors = watchErrors(inspector);
  await demoSignIn(inspector, server.url, '刘振华 · 上级监督');
  await visibleText(inspector, '待审核的公开事项').waitFor();
  await visibleText(inspector, '概况').click();
  await visibleText(inspector, /^按时答复率/, false).waitFor();
  await visibleText(inspector, '通报并责令整改').waitFor();
  await screenshot(inspector, '40-inspector-overview');
  await visibleText(inspector, '意见台账').click();
  await visibleText(inspector, /^共 [1-9]\d* 件$/, false).waitFor();
  await screenshot(inspector, '41-inspector-complaints');
  await visibleText(inspector, '超期').click();
  await visibleText(inspector, /^(超期未答复 \d+ 件|逾期未公开 \d+ 项|没有超期事项)$/, false).waitFor();
  await screenshot(inspector, '42-inspector-overdue');
  await visibleText(inspector, '合规').click();
  await visibleText(inspector, /^应公开 \d+ 项/, false).waitFor();
  await screenshot(inspector, '43-inspector-compliance');
  assert.deepEqual(errors, []);
});
