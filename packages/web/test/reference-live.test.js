// The reference page's live example (reference/live.ts) in headless Chromium: nothing of Python is loaded until
// a button is pressed; then the entry's snippet is compiled (or warmed up) by real CPython of the entry's version
// in a worker, and its dis listing shows the illustrated instruction highlighted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { explain } from '@bytescope/core';
import { startPage } from './browser.js';

let env;
let page;
const pageErrors = [];
const requests = [];
const workers = [];

before(async () => {
  ({ env, page } = await startPage({ contextOptions: { colorScheme: 'light' }, pageErrors, requests, workers }));
});

after(async () => {
  await env?.close();
});

/** Waits until the live example has finished (listing shown or error) and returns its state. */
async function settled(timeout) {
  await page.waitForFunction(() => ['done', 'error'].includes(document.querySelector('.ex-live')?.dataset.state ?? ''), null, { timeout });
  return page.evaluate(() => ({
    state: document.querySelector('.ex-live').dataset.state,
    status: document.querySelector('.ex-live-status')?.textContent ?? '',
  }));
}

/** The listing shown: every line's text (gutter included), and the marked lines with their emphasised opname. */
function listing() {
  return page.evaluate(() => ({
    caption: document.querySelector('.ex-live-caption')?.textContent ?? '',
    lines: [...document.querySelectorAll('.ex-listing .ex-line')].map((l) => l.textContent.replace(/\n$/, '')),
    marked: [...document.querySelectorAll('.ex-listing .ex-line.marked')].map((l) => ({
      text: l.textContent.replace(/\n$/, ''), op: l.querySelector('mark.ex-op')?.textContent ?? null,
    })),
  }));
}

test('LOAD_FAST 3.14: no Python until the button; then the compiled listing with LOAD_FAST highlighted', { timeout: 60_000 }, async () => {
  await page.goto(`${env.server.url}reference.html#3.14/LOAD_FAST`);
  await page.waitForSelector('#ref-main > article');
  const button = page.locator('.sec-example button.ex-run', { hasText: 'Compile it with CPython 3.14' });
  assert.equal(await button.count(), 1);
  await page.waitForTimeout(300);
  assert.deepEqual(requests.filter((u) => u.includes('/pyodide/')), [], 'no runtime is fetched before the click');
  assert.deepEqual(workers, []);
  assert.equal(await page.getAttribute('.ex-live', 'data-state'), 'idle');

  await button.click();
  const s = await settled(45_000);
  assert.equal(s.state, 'done', s.status);
  assert.ok(requests.some((u) => u.includes('/pyodide/3.14/')), 'the 3.14 runtime was loaded');
  assert.equal(workers.length, 1);
  const l = await listing();
  assert.match(l.caption, /^CPython 3\.14\.\d+ compiled the snippet/);
  assert.ok(l.marked.length >= 1, l.lines.join('\n'));
  for (const m of l.marked) {
    assert.equal(m.op, 'LOAD_FAST', m.text);
    assert.ok(m.text.startsWith('▶'), m.text);
  }
  // Only LOAD_FAST lines are marked (not LOAD_FAST_BORROW…), and it is CPython's dis text of the snippet.
  const plain = l.lines.filter((t) => /(^|\s)LOAD_FAST(\s|$)/.test(t));
  assert.equal(plain.length, l.marked.length);
  assert.ok(l.lines.some((t) => t.includes('Disassembly of <code object f at 0x')), l.lines.join('\n'));
  assert.equal(await page.getAttribute('.ex-run[data-mode="compile"]', 'aria-pressed'), 'true');
});

test('BINARY_OP_ADD_INT 3.14: the warm-up shows the adaptive bytecode; compiling shows BINARY_OP', { timeout: 60_000 }, async () => {
  // (Same page, another entry: the 3.14 runtime started for LOAD_FAST is reused.)
  await page.goto(`${env.server.url}reference.html#3.14/BINARY_OP_ADD_INT`);
  await page.waitForSelector('#ref-main > article[data-opname="BINARY_OP_ADD_INT"]');
  const e = explain('BINARY_OP_ADD_INT', '3.14');
  await page.click('.sec-example button.ex-run:has-text("Warm it up and show the adaptive bytecode")');
  const s = await settled(45_000);
  assert.equal(s.state, 'done', s.status);
  const l = await listing();
  assert.match(l.caption, new RegExp(`then ${e.example.run.replace(/[()]/g, '\\$&')} ${e.example.warm} times`));
  assert.ok(l.marked.length >= 1);
  for (const m of l.marked) assert.equal(m.op, 'BINARY_OP_ADD_INT', m.text);
  assert.ok(!l.lines.some((t) => /(^|\s)BINARY_OP(\s|$)/.test(t)), 'the base instruction was rewritten');

  await page.click('.sec-example button.ex-run[data-mode="compile"]');
  await page.waitForFunction(() => document.querySelector('.ex-live-out')?.dataset.mode === 'compile', null, { timeout: 30_000 });
  const c = await listing();
  assert.ok(c.marked.length >= 1);
  for (const m of c.marked) assert.equal(m.op, 'BINARY_OP', m.text);
  assert.match(c.caption, /before any warm-up it has BINARY_OP/);

  // Shown again at once when the entry comes back (no second run).
  await page.goto(`${env.server.url}reference.html#3.14/LOAD_FAST`);
  await page.waitForSelector('#ref-main > article[data-opname="LOAD_FAST"]');
  await page.evaluate(() => { location.hash = '#3.14/BINARY_OP_ADD_INT'; });
  await page.waitForSelector('#ref-main > article[data-opname="BINARY_OP_ADD_INT"] .ex-live-out');
});

test('BINARY_ADD 3.10: another version replaces the runtime (3.10 starts without a snapshot)', { timeout: 90_000 }, async () => {
  await page.goto(`${env.server.url}reference.html#3.10/BINARY_ADD`);
  await page.waitForSelector('#ref-main > article[data-opname="BINARY_ADD"]');
  await page.click('.sec-example button.ex-run:has-text("Compile it with CPython 3.10")');
  const s = await settled(80_000);
  assert.equal(s.state, 'done', s.status);
  const l = await listing();
  assert.match(l.caption, /^CPython 3\.10\.\d+ compiled the snippet/);
  assert.equal(l.marked.length, 1, l.lines.join('\n'));
  assert.equal(l.marked[0].op, 'BINARY_ADD');
  assert.match(l.marked[0].text, /^▶\s+\d+ BINARY_ADD$/, '3.10 dis text: the offset before the opname');
  assert.ok(requests.some((u) => u.includes('/pyodide/3.10/')));
});

test('a runtime that cannot load: one clear line, the buttons work again', { timeout: 60_000 }, async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.route('**/pyodide/3.13/**', (r) => r.abort());
    const p = await context.newPage();
    const errors = [];
    p.on('pageerror', (e) => errors.push(e.message));
    await p.goto(`${env.server.url}reference.html#3.13/LOAD_FAST`);
    await p.waitForSelector('#ref-main > article[data-opname="LOAD_FAST"]');
    await p.click('.sec-example button.ex-run[data-mode="compile"]');
    await p.waitForFunction(() => document.querySelector('.ex-live')?.dataset.state === 'error', null, { timeout: 45_000 });
    const msg = await p.textContent('.ex-live-status');
    assert.match(msg, /^Could not run the example in CPython 3\.13: \S/);
    assert.ok(!msg.includes('\n'), msg);
    assert.equal(await p.locator('.ex-listing').count(), 0);
    assert.equal(await p.isEnabled('.sec-example button.ex-run[data-mode="compile"]'), true);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('an unproducible instruction has no button', { timeout: 30_000 }, async () => {
  await page.goto(`${env.server.url}reference.html#3.14/ENTER_EXECUTOR`);
  await page.waitForSelector('#ref-main > article[data-opname="ENTER_EXECUTOR"]');
  assert.equal(await page.locator('.sec-example button.ex-run').count(), 0);
});

test('no uncaught errors', () => {
  assert.deepEqual(pageErrors, []);
});
