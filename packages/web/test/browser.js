// Shared helpers for driving the built explorer (packages/web/dist) in Debian's headless Chromium.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../scripts/serve.js';

export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = path.resolve(WEB_DIR, '../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];

/** Serves dist/ on a free port and launches Chromium; fails with a clear message when either is missing. */
export async function startBrowser() {
  if (!existsSync(path.join(WEB_DIR, 'dist/index.html'))) {
    throw new Error('packages/web/dist is missing: run `npm run build:web` first');
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM} (install Debian's chromium package, or set CHROMIUM_PATH)`);
  }
  const server = await serve(0);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    server, browser,
    async close() { await browser.close().catch(() => {}); server.close(); },
  };
}

/**
 * A browser (see {@link startBrowser}) with one page at 1280×800 (or `contextOptions`), collecting the page's uncaught
 * errors, the context's requests and the page's workers into the arrays given (tests keep them to assert on).
 */
export async function startPage({ contextOptions = {}, pageErrors = [], requests = [], workers = [] } = {}) {
  const env = await startBrowser();
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, ...contextOptions });
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('worker', (w) => workers.push(w.url()));
  return { env, context, page };
}

/** {@link startPage}, then the explorer opened in it and its first listing shown (the default runtime loaded). */
export async function startExplorer(options) {
  const started = await startPage(options);
  await started.page.goto(started.env.server.url);
  await waitForUpdate(started.page, 0, 90_000);
  return started;
}

/** The number of listing updates so far (`#listing[data-updates]`, 0 before the first). */
export function updates(page) {
  return page.evaluate(() => Number(document.getElementById('listing')?.dataset.updates ?? 0));
}

/**
 * Waits until the listing has been re-rendered more than `after` times and, for source, shows the editor's text as it
 * is now (`state.listedSource`): an earlier edit's compile, still under way, may land first.
 */
export async function waitForUpdate(page, after, timeout = 60_000) {
  await page.waitForFunction((n) => {
    const b = globalThis.__bytescope;
    if (Number(document.getElementById('listing')?.dataset.updates ?? 0) <= n) return false;
    return !b || b.state.mode !== 'source' || b.state.listedSource === b.editorSource();
  }, after, { timeout });
}

/** Saves a screenshot of `page` as `<name>.png` in the folder that BYTESCOPE_SCREENSHOTS names (none when unset). */
export async function screenshot(page, name) {
  const dir = process.env.BYTESCOPE_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/** Replaces the editor's source and waits for its listing (see {@link waitForUpdate}). */
export async function setSource(page, text, timeout = 60_000) {
  const n = await updates(page);
  await pasteSource(page, text);
  await waitForUpdate(page, n, timeout);
}

/** Replaces the editor's text as one paste-like input (select all, then insert). */
export async function pasteSource(page, text) {
  await page.click('.cm-content');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
}

/** The editor's text, line by line as CodeMirror shows it. */
export function editorText(page) {
  return page.$$eval('.cm-content .cm-line', (ls) => ls.map((l) => l.textContent).join('\n'));
}

/** Opnames of the listing's instruction rows (optionally of one code object, by title). */
export function listingOps(page, title) {
  return page.evaluate((title) => {
    const out = [];
    for (const s of document.querySelectorAll('#listing section.code-object')) {
      if (title !== undefined && s.querySelector('.co-title')?.textContent !== title) continue;
      for (const r of s.querySelectorAll('.ins[data-offset] .c-op')) out.push(r.textContent);
    }
    return out;
  }, title);
}

/** Rows of the listing as "OPNAME argrepr" strings. */
export function listingRows(page) {
  return page.$$eval('#listing .ins[data-offset]', (rs) => rs.map((r) => `${r.querySelector('.c-op').textContent} ${r.querySelector('.c-argrepr').textContent}`.trim()));
}

/** Page coordinates of the `nth` occurrence of `needle` in the editor, `at` characters into it. */
export async function editorPoint(page, needle, at = 0) {
  const p = await page.evaluate(({ needle, at }) => {
    for (const line of document.querySelectorAll('.cm-content .cm-line')) {
      const text = line.textContent ?? '';
      const i = text.indexOf(needle);
      if (i < 0) continue;
      let want = i + at;
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const len = n.textContent.length;
        if (want < len) {
          const r = document.createRange();
          r.setStart(n, want);
          r.setEnd(n, want + 1);
          const b = r.getBoundingClientRect();
          return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
        }
        want -= len;
      }
    }
    return null;
  }, { needle, at });
  if (!p) throw new Error(`"${needle}" is not in the editor`);
  return p;
}

/** Opens the Graph tab of the explorer on `page` on code object `co` and waits until it is drawn; returns what the view says of it. */
export async function showGraph(page, co) {
  const drawn = await page.evaluate(() => Number(document.getElementById('graph-view')?.dataset.drawn ?? 0));
  if (await page.getAttribute('#tab-graph', 'aria-selected') !== 'true') await page.click('#tab-graph');
  if (await page.inputValue('#graph-code') !== String(co)) await page.selectOption('#graph-code', String(co));
  await page.waitForFunction(([n, c]) => {
    const v = document.getElementById('graph-view');
    return Number(v?.dataset.drawn ?? 0) > n && document.getElementById('graph-canvas')?.dataset.co === String(c);
  }, [drawn, co], { timeout: 30_000 }).catch(async () => {
    // Already drawn for this code object (the tab opened on it).
    assert.equal(await page.getAttribute('#graph-canvas', 'data-co'), String(co));
  });
  return page.evaluate(() => ({
    blocks: document.querySelectorAll('svg.cfg g.cfg-block').length,
    edges: document.querySelectorAll('svg.cfg path.cfg-edge').length,
    exception: document.querySelectorAll('svg.cfg path.e-exception').length,
    back: document.querySelectorAll('svg.cfg path.back').length,
    unreachable: document.querySelectorAll('svg.cfg g.cfg-block.unreachable').length,
    layoutMs: Number(document.getElementById('graph-canvas')?.dataset.layoutMs),
    totalMs: Number(document.getElementById('graph-canvas')?.dataset.totalMs),
    analysisMs: Number(document.getElementById('graph-canvas')?.dataset.analysisMs),
    domMs: Number(document.getElementById('graph-canvas')?.dataset.domMs),
  }));
}

/** Drops `bytes` as a file named `name` on `page`, as a drag and drop would. */
export async function dropFile(page, bytes, name) {
  await page.evaluate(({ data, name }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(data)], name, { type: 'application/octet-stream' }));
    document.body.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, { data: [...bytes], name });
}
