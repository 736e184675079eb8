// A resident without an account: chooses a village, reads its bulletin board, turns on large text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  inputByPlaceholder,
  launchBrowser,
  screenshot,
  serverAndBrowser,
  visibleText,
  watchErrors,
} from './harness.mjs';

const env = serverAndBrowser();

async function chooseDongshan(page) {
  await page.goto(`${env.server.url}/#/pages/village/index`);
  await visibleText(page, '选择您所在的村（社区）').waitFor();
  await inputByPlaceholder(page, '输入村（社区）名称，如：东山村').fill('东山');
  await visibleText(page, '搜索').click();
  await visibleText(page, '东山村').click();
  await visibleText(page, '切换村（社区）').waitFor();
}

test('a first visit asks for the village, finds it by name and opens its bulletin board', async () => {
  const page = await env.browser.context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}/`);
  await visibleText(page, '选择您所在的村（社区）').waitFor();
  await screenshot(page, '01-choose-village');
  await chooseDongshan(page);
  assert.match(page.url(), /pages\/home\/index/);
  for (const tab of ['党务', '村务', '财务']) await visibleText(page, tab).waitFor();
  await screenshot(page, '02-home');
  await visibleText(page, '财务').click();
  // The demo seed publishes monthly finance statements for 东山村.
  await visibleText(page, '东山村2026年10月财务收支情况公开').waitFor();
  await screenshot(page, '03-home-finance');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the village is remembered: the next visit opens its board and lists it under recent villages', async () => {
  const page = await env.browser.context.newPage();
  await chooseDongshan(page);
  await page.goto(`${env.server.url}/`);
  await visibleText(page, '切换村（社区）').click();
  await visibleText(page, '最近查看').waitFor();
  await visibleText(page, '东山村').waitFor();
  await page.close();
});

test('large-text mode makes type bigger and survives a reload', async () => {
  const page = await env.browser.context.newPage();
  await chooseDongshan(page);
  await visibleText(page, '我的').click();
  const label = visibleText(page, '大字模式（适老化）');
  await label.waitFor();
  const before = await label.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  await screenshot(page, '04-mine');
  await page.locator('.setting').filter({ visible: true }).locator('input, taro-switch-core').first().click();
  await page.locator('.page.elder').filter({ visible: true }).waitFor();
  const after = await label.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(after > before * 1.2, `font size ${before} → ${after}`);
  await page.reload();
  await visibleText(page, '大字模式（适老化）').waitFor();
  assert.ok(
    await page.locator('.page.elder').filter({ visible: true }).count(),
    'large text still on after reload',
  );
  await screenshot(page, '05-mine-large-text');
  await page.close();
});

test("the print sheet's QR link opens the item directly, even on a first visit", async () => {
  const orgs = await (await fetch(`${env.server.url}/api/v1/orgs?q=${encodeURIComponent('东山村')}`)).json();
  const list = await (
    await fetch(`${env.server.url}/api/v1/orgs/${orgs.items[0].id}/disclosures?domain=finance`)
  ).json();
  const item = list.items[0];
  const fresh = await launchBrowser();
  try {
    const page = await fresh.context.newPage();
    await page.goto(`${env.server.url}/#/pages/disclosure/index?id=${item.id}`);
    await visibleText(page, item.title).waitFor();
    await visibleText(page, '质询').waitFor();
  } finally {
    await fresh.close();
  }
});
