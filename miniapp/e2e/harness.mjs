// Browser tests of the H5 build against the real server: the embedded database with the demo
// seed on a free port, Debian's Chromium driven through playwright-core (no browser download).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
export const outputDir = path.join(repoRoot, 'e2e-output');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForReady(url, child, log) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${log()}`);
    try {
      const res = await fetch(`${url}/api/v1/orgs?q=x`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`server did not become ready:\n${log()}`);
}

/** Starts `server/dist/index.js` in demo mode on the embedded database; resolves when it answers. */
export async function startServer() {
  const port = await freePort();
  // Uploads of the run go to a temporary folder, removed on stop (nothing lands in the checkout).
  const uploads = mkdtempSync(path.join(tmpdir(), 'sanwu-e2e-uploads-'));
  const env = {
    ...process.env,
    PORT: String(port),
    DEMO: 'true',
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    UPLOAD_DIR: uploads,
  };
  delete env.MONGODB_URI;
  const child = spawn(process.execPath, [path.join(repoRoot, 'server/dist/index.js')], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (d) => {
    output += d;
    // The server logs (JSON lines, warn and above here) go to the run's output at once, so a
    // failure in CI comes with what the server said about it; the start-up banner does not.
    for (const line of String(d).split('\n')) if (line.startsWith('{')) console.log(`server: ${line}`);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const url = `http://127.0.0.1:${port}`;
  await waitForReady(url, child, () => output);
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return rmSync(uploads, { recursive: true, force: true });
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(uploads, { recursive: true, force: true });
    },
  };
}

/** A fresh Chromium profile per call (nothing remembered between tests). */
export async function launchBrowser() {
  const profile = mkdtempSync(path.join(tmpdir(), 'sanwu-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 375, height: 740 }, // a small Android phone
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(15_000);
  watchApi(context);
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Prints every API call that did not succeed (4xx, 5xx, no answer) as a TAP comment, with the start
 * of its body: a failed step then shows the answer that made it fail.
 */
function watchApi(context) {
  const isApi = (url) => url.includes('/api/v1/');
  context.on('response', async (res) => {
    if (!isApi(res.url()) || res.status() < 400) return;
    const body = await res.text().catch(() => '');
    console.log(`api: ${res.request().method()} ${res.url()} → ${res.status()} ${body.slice(0, 300)}`);
  });
  context.on('requestfailed', (req) => {
    // A read the page dropped by moving on (net::ERR_ABORTED) is no failure.
    if (isApi(req.url()) && req.failure()?.errorText !== 'net::ERR_ABORTED')
      console.log(`api: ${req.method()} ${req.url()} failed: ${req.failure()?.errorText}`);
  });
}

/**
 * Waits for `text` after a form is sent; if the page shows its error line instead, fails at once
 * with that error (the test's message then says why, not only that `text` never came).
 */
export async function expectSent(page, text, exact = true) {
  const error = page.locator('.error').filter({ visible: true }).first();
  const sent = visibleText(page, text, exact)
    .waitFor()
    .then(() => 'sent');
  sent.catch(() => {}); // when the error wins, the text's own time-out is not a second failure
  const shown = error.waitFor().then(
    () => 'error',
    () => sent,
  );
  if ((await Promise.race([sent, shown])) === 'error') {
    throw new Error(`expected "${text}", the page says: ${await error.innerText()}`);
  }
}

/**
 * Saves the whole visible page as e2e-output/<name>.png. Taro's H5 page scrolls inside its own
 * container, so the viewport is stretched to the page's height for the shot.
 */
export async function screenshot(page, name) {
  mkdirSync(outputDir, { recursive: true });
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => {
    const pages = [...document.querySelectorAll('.taro_page')].filter((el) => el.offsetParent !== null);
    return Math.max(document.documentElement.scrollHeight, ...pages.map((el) => el.scrollHeight));
  });
  if (viewport && height > viewport.height) {
    await page.setViewportSize({ width: viewport.width, height: Math.min(height, 6000) });
    // Let the page lay itself out again at the new size before the shot.
    await page.waitForTimeout(300);
  }
  await page.screenshot({ path: path.join(outputDir, `${name}.png`) });
  if (viewport) await page.setViewportSize(viewport);
}

/** Signs in on the login page by tapping a demo account (demo mode lists the seeded accounts). */
export async function demoSignIn(page, baseUrl, label) {
  await page.goto(`${baseUrl}/#/pages/login/index`);
  await visibleText(page, label).click();
}

/** Collects uncaught page errors so a test can assert there were none. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/**
 * The visible element with `text`. NOTE: Taro's H5 router keeps earlier pages of the stack in
 * the DOM (hidden), so a plain text or tag query can find a copy on a page underneath.
 */
export function visibleText(page, text, exact = true) {
  return page.getByText(text, { exact }).filter({ visible: true }).first();
}

/** The visible input (Taro renders <taro-input-core><input/></taro-input-core>) with `placeholder`. */
export function inputByPlaceholder(page, placeholder) {
  return page
    .locator(`input[placeholder="${placeholder}"], textarea[placeholder="${placeholder}"]`)
    .filter({ visible: true })
    .first();
}

/**
 * Starts the demo server and a browser before the file's tests and closes both after them (node:test
 * hooks); the returned object holds them (`env.server`, `env.browser`) once started.
 */
export function serverAndBrowser() {
  const env = { server: undefined, browser: undefined };
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}
