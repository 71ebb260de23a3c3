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
