// The explorer recovers from a runtime that dies: a 5,000-term expression compiled at 3.14 overflows the browser
// worker's JavaScript stack before CPython's own recursion check (Pyodide cannot run again after that). The page
// shows it as a compile error (RecursionError, listing marked stale, the status saying the runtime restarted), and
// the next edit compiles in a fresh runtime.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { listingRows, pasteSource, startExplorer, updates, waitForUpdate } from './browser.js';

let started;
const pageErrors = [];

before(async () => {
  started = await startExplorer({ pageErrors });
});

after(async () => {
  await started?.env.close();
});

test('a 5,000-term expression at 3.14: an honest RecursionError, a stale listing, then a working runtime again', { timeout: 180_000 }, async () => {
  const { page } = started;
  const terms = Array.from({ length: 5000 }, (_, i) => i).join('+');
  await pasteSource(page, `x = ${terms}\n`);
  await page.waitForSelector('#error-banner:not([hidden])', { timeout: 60_000 });
  const banner = await page.textContent('#error-banner');
  // Chromium's worker stack (about 1 MB) overflows before 3.14's check (which measures the C stack in linear
  // memory): the runtime died, and the page says so in one line.
  assert.match(banner, /^RecursionError: the source nests too deeply for the browser: .*\(the runtime was restarted\)/, banner);
  assert.doesNotMatch(banner, /fatally failed|Maximum call stack size exceeded/, banner);
  assert.ok(await page.$eval('#listing', (e) => e.classList.contains('stale')), 'the old listing is marked stale');
  assert.match(await page.textContent('#runtime-status'), /^CPython 3\.14\.\d+: runtime restarted after a stack overflow$/);
  // The next edit compiles (in the replaced runtime when it died).
  const n = await updates(page);
  await pasteSource(page, 'y = 40 + 2\n');
  await waitForUpdate(page, n, 90_000);
  assert.ok((await listingRows(page)).includes('STORE_NAME (y)'));
  assert.ok(!(await page.$eval('#listing', (e) => e.classList.contains('stale'))), 'the listing is current again');
  assert.match(await page.textContent('#runtime-status'), /^CPython 3\.14\.\d+$/);
  assert.deepEqual(pageErrors, []);
});

test('runtime files that do not download: an error with Retry, which loads them once they do; .pyc files still open', { timeout: 240_000 }, async () => {
  const { startPage } = await import('./browser.js');
  const { env, context, page } = await startPage();
  try {
    let blocked = 0;
    await context.route(/\/pyodide\//, (r) => { blocked++; return r.abort(); });
    await page.goto(env.server.url);
    await page.waitForSelector('#runtime-retry', { timeout: 60_000 });
    assert.match(await page.textContent('#runtime-status'), /^CPython 3\.14 failed to load$/);
    assert.match(await page.textContent('#error-banner'), /\.pyc files still open without it/);
    // A .pyc opens without the runtime.
    const { assemblePyc, makeCode } = await import('@bytescope/core/testkit');
    const n = await updates(page);
    await page.setInputFiles('#file-input', { name: 'm.cpython-312.pyc', mimeType: 'application/octet-stream', buffer: Buffer.from(assemblePyc('3.12', makeCode('3.12'))) });
    await waitForUpdate(page, n, 30_000);
    assert.ok((await listingRows(page)).some((r) => r.startsWith('RETURN_VALUE') || r.startsWith('LOAD_CONST')));
    // Retry fetches again.
    const page2 = await context.newPage();
    await page2.goto(env.server.url);
    await page2.waitForSelector('#runtime-retry', { timeout: 60_000 });
    const before = blocked;
    await page2.click('#runtime-retry');
    await page2.waitForSelector('#runtime-retry', { timeout: 60_000 });
    assert.ok(blocked > before, 'Retry asked for the runtime again');
    await context.unroute(/\/pyodide\//);
    const m = await updates(page2);
    await page2.click('#runtime-retry');
    await waitForUpdate(page2, m, 120_000);
    assert.match(await page2.textContent('#runtime-status'), /^CPython 3\.14\.\d+$/);
    assert.ok(await page2.$eval('#error-banner', (e) => e.hidden));
  } finally {
    await env.close();
  }
});

test('the lab at 3.14: exec() of a very long expression is an honest RecursionError, then the next run works', { timeout: 240_000 }, async () => {
  const { page } = started;
  const { setSource } = await import('./browser.js');
  await page.click('#tab-listing');
  await setSource(page, 'exec("x = " + "+".join(map(str, range(10000))))\n', 60_000);
  await page.click('#tab-lab');
  await page.click('#lab-tab-run');
  await page.waitForFunction(() => /^Lab runtime: CPython 3\.14\.\d+/.test(document.getElementById('lab-status')?.textContent ?? ''), null, { timeout: 120_000 });
  await page.click('#lab-run-go');
  await page.waitForSelector('#lab-run-message .lab-error', { timeout: 60_000 });
  const text = await page.textContent('#lab-run-message');
  assert.match(text, /RecursionError: the program recursed too deeply for the WebAssembly runtime: .*\(the Python 3\.14 runtime was restarted\)/, text);
  assert.doesNotMatch(text, /lab driver failed|Maximum call stack/);
  // The next run gets the fresh runtime.
  await page.click('#tab-listing');
  await setSource(page, 'print(6 * 7)\n', 60_000);
  await page.click('#tab-lab');
  await page.click('#lab-tab-run');
  await page.click('#lab-run-go');
  await page.waitForFunction(() => document.querySelector('#lab-run-result pre[data-stream="stdout"]')?.textContent === '42\n', null, { timeout: 120_000 });
  assert.match(await page.textContent('#lab-status'), /^Lab runtime: CPython 3\.14\.\d+/);
});
