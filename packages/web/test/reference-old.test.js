// The reference page for 2.7 and 3.0–3.9 in headless Chromium: entries, the timeline that joins them to the newer
// versions, "What changed" across the eras, and no live example (no runtime of those versions in the page). The
// expected data comes from the core's reference.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { explain, versionDiff } from '@bytescope/core';
import { startPage } from './browser.js';

let env;
let page;
const pageErrors = [];
const workers = [];
const shown = (s) => s.replace(/`/g, '');

async function open(hash) {
  await page.goto('about:blank');
  await page.goto(`${env.server.url}reference.html#${hash}`);
  await page.waitForSelector('#ref-main > article');
}

before(async () => {
  ({ env, page } = await startPage({ pageErrors, workers }));
});
after(async () => { await env?.close(); });

test('#2.7/PRINT_ITEM: the 2.7 entry, its history up to its replacement in 3.0, no live example', { timeout: 30_000 }, async () => {
  await open('2.7/PRINT_ITEM');
  const e = explain('PRINT_ITEM', '2.7');
  assert.equal(await page.$eval('#ref-main > article', (a) => `${a.dataset.opname} ${a.dataset.version}`), 'PRINT_ITEM 2.7');
  assert.equal(await page.textContent('.entry-desc'), shown(e.description));
  assert.equal(await page.inputValue('#ref-version'), '2.7');
  assert.equal(await page.$$eval('.sec-history .events li', (x) => x.length), e.history.events.length);
  assert.match(await page.textContent('.sec-history'), /3\.0/);
  assert.equal(await page.textContent('.sec-example .ex-code'), e.example.code.replace(/\n$/, ''));
  assert.equal(await page.locator('.sec-example .ex-run').count(), 0, 'no button to compile with a 2.7 runtime');
  assert.match(await page.textContent('.sec-example .ex-live-none'), /No CPython 2\.7 runs in this page/);
  assert.deepEqual(workers, []);
});

test('#3.9/SETUP_FINALLY and #3.6/SETUP_LOOP: entries of the block-stack era', { timeout: 30_000 }, async () => {
  for (const [v, n] of [['3.9', 'SETUP_FINALLY'], ['3.6', 'SETUP_LOOP'], ['3.3', 'STORE_LOCALS']]) {
    await open(`${v}/${n}`);
    const e = explain(n, v);
    assert.equal(await page.$eval('#ref-main > article', (a) => `${a.dataset.opname} ${a.dataset.version}`), `${n} ${v}`);
    assert.equal(await page.textContent('.entry-desc'), shown(e.description));
  }
});

test('"What changed" from 2.7 to 3.14 and from 3.9 to 3.10', { timeout: 30_000 }, async () => {
  for (const [a, b] of [['2.7', '3.14'], ['3.9', '3.10']]) {
    await open(`diff/${a}/${b}`);
    const d = versionDiff(a, b);
    const groups = await page.$$eval('.diff-group summary', (x) => Object.fromEntries(x.map((s) => [s.firstChild.textContent, Number(s.querySelector('.count').textContent)])));
    assert.equal(groups.Added, d.added.length, `${a}→${b}`);
    if (d.removed.length) assert.equal(groups.Removed, d.removed.length, `${a}→${b}`);
  }
  assert.deepEqual(pageErrors, []);
});
