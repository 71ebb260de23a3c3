// End-to-end tests of the explorer in real headless Chromium (Debian's package, driven by playwright-core).
// One browser and one main page for the whole file: CPython runtimes take seconds to load, so the tests share
// the runtime of the default version (3.14) and load 3.10 once for the version switch. They run in order.
//
// BYTESCOPE_SCREENSHOTS=/some/dir saves screenshots (light, dark, narrow) there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_PYTHON_VERSION, disassembleToText, getVersion, readPyc } from '@bytescope/core';
import {
  REPO_ROOT, dropFile, editorPoint, editorText, listingOps, listingRows, pasteSource, screenshot, startBrowser, updates, waitForUpdate,
} from './browser.js';
import { XSS_CONST, XSS_FILE, XSS_FUNC, XSS_NAME, realisticModule, xssPyc } from './fixtures.js';

/** The version the explorer starts with. */
const DEFAULT = DEFAULT_PYTHON_VERSION;
/** `CPython 3.14.2`, as the status line says it for the default version. */
const DEFAULT_STATUS = new RegExp(`^CPython ${DEFAULT.replace('.', '\\.')}\\.\\d+$`);
const CORPUS_PYC = path.resolve(REPO_ROOT, '../shared/corpora/xdis/bytecode_3.12/01_for_continue.pyc');

let env;
let context;
let page;
const pageErrors = [];
const dialogs = [];
const workers = [];
const requests = [];

const shot = (name) => screenshot(page, name);

before(async () => {
  env = await startBrowser();
  context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url.replace(/\/$/, '') });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  page.on('worker', (w) => workers.push(w.url()));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(env.server.url);
});

after(async () => {
  await env?.close();
});

test(`first load: CPython ${DEFAULT} compiles the default source into the listing`, { timeout: 90_000 }, async () => {
  await waitForUpdate(page, 0, 80_000);
  assert.match(await page.textContent('#runtime-status'), DEFAULT_STATUS);
  assert.equal(await page.getAttribute('#listing', 'data-version'), DEFAULT);
  const titles = await page.$$eval('#listing .co-title', (e) => e.map((x) => x.textContent));
  assert.deepEqual(titles, ['<module>', 'compute']);
  const rows = await listingRows(page);
  assert.ok(rows.includes('STORE_NAME (total)'), rows.join('\n'));
  assert.ok(rows.includes('BINARY_OP (+=)'), rows.join('\n'));
  assert.ok(rows.includes('STORE_FAST (total)'), rows.join('\n'));
  assert.equal(workers.length, 1, 'one runtime worker');
  assert.ok(requests.some((u) => u.includes(`/pyodide/${DEFAULT}/`)), 'the runtime is served locally');
  await shot('light-1280x800');
});

test('typing code shows its instructions', { timeout: 30_000 }, async () => {
  const n = await updates(page);
  await page.click('.cm-content');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('total = price * count');
  await page.waitForFunction(() => [...document.querySelectorAll('#listing .c-argrepr')].some((e) => e.textContent === '(count)'), null, { timeout: 20_000 });
  assert.ok(await updates(page) > n);
  assert.deepEqual(await listingRows(page), [
    'RESUME', 'LOAD_NAME (price)', 'LOAD_NAME (count)', 'BINARY_OP (*)', 'STORE_NAME (total)', 'LOAD_CONST (None)', 'RETURN_VALUE',
  ]);
});

test('typing in the editor keeps the focus there while a listing row is selected', { timeout: 30_000 }, async () => {
  let n = await updates(page);
  await pasteSource(page, 'a = 1\nb = a + 2\n');
  await waitForUpdate(page, n, 20_000);
  await page.locator('#listing .ins[data-offset]').nth(1).locator('.c-op').click();
  assert.equal(await page.evaluate(() => document.activeElement?.closest('#listing') !== null), true, 'the row has the focus');
  await page.click('.cm-content');
  await page.keyboard.press('ControlOrMeta+End');
  // Slowly enough that listing updates land between the keys (each would have taken the focus).
  await page.keyboard.type('\nc = b', { delay: 120 });
  await page.waitForFunction(() => [...document.querySelectorAll('#listing .c-argrepr')].some((e) => e.textContent === '(c)'), null, { timeout: 20_000 });
  assert.equal(await page.evaluate(() => document.activeElement?.closest('.cm-editor') !== null), true, 'the editor kept the focus');
  assert.match(await editorText(page), /c = b$/);
  assert.equal(await page.$$eval('#listing .ins.selected', (e) => e.length), 1, 'the selection is still shown');
});

test('an edit replaces only the rows that changed; the others stay the same elements', { timeout: 30_000 }, async () => {
  let n = await updates(page);
  await pasteSource(page, 'x = 1\ny = 2\nz = x + y\n\ndef g():\n    return z\n');
  await waitForUpdate(page, n, 20_000);
  await page.evaluate(() => { for (const r of document.querySelectorAll('#listing .ins[data-offset]')) r.dataset.before = '1'; });
  const before = await listingRows(page);
  n = await updates(page);
  const at = await editorPoint(page, 'y = 2', 4);
  await page.mouse.click(at.x, at.y);
  await page.keyboard.press('Delete');
  await page.keyboard.type('7');
  await page.waitForFunction(() => [...document.querySelectorAll('#listing .ins[data-offset] .c-arg')].some((e) => e.textContent === '7'), null, { timeout: 20_000 });
  const rows = await page.$$eval('#listing .ins[data-offset]', (rs) => rs.map((r) => ({ arg: r.querySelector('.c-arg').textContent, kept: r.dataset.before === '1' })));
  assert.equal(rows.length, before.length, 'as many rows as before');
  const changed = rows.filter((r) => !r.kept);
  assert.deepEqual(changed.map((r) => r.arg), ['7'], 'only the row of the edited constant is new');
});

const FUNC_SOURCE = `def f(a, b):
    return a * b

for n in range(3):
    print(f(n, 2))
`;

test('hovering source highlights the instructions covering it; hovering a row marks its span', { timeout: 30_000 }, async () => {
  const n = await updates(page);
  await pasteSource(page, FUNC_SOURCE);
  await waitForUpdate(page, n, 20_000);
  assert.deepEqual(await listingOps(page, 'f'), ['RESUME', 'LOAD_FAST_BORROW_LOAD_FAST_BORROW', 'BINARY_OP', 'RETURN_VALUE']);

  // Source → listing: the `*` of `a * b` is inside BINARY_OP's span (innermost: hl-primary) and RETURN_VALUE's.
  const star = await editorPoint(page, 'a * b', 2);
  await page.mouse.move(star.x, star.y);
  await page.waitForSelector('#listing .ins.hl-primary', { timeout: 5_000 });
  const primary = await page.$$eval('#listing .ins.hl-primary .c-op', (e) => e.map((x) => x.textContent));
  const secondary = await page.$$eval('#listing .ins.hl .c-op', (e) => e.map((x) => x.textContent));
  assert.deepEqual(primary, ['BINARY_OP']);
  assert.ok(secondary.includes('RETURN_VALUE'), `hl rows: ${secondary}`);
  assert.ok(!secondary.includes('CALL'), 'the module-level CALL does not cover line 2');

  // Another point: `range` on line 4 is innermost in LOAD_NAME (range) and its PUSH_NULL (same span, 4:9-4:14);
  // the call range(3) (4:9-4:17) covers it too.
  const range = await editorPoint(page, 'range', 1);
  await page.mouse.move(range.x, range.y);
  await page.waitForFunction(() => document.querySelector('#listing .ins.hl-primary .c-argrepr')?.textContent === '(range)', null, { timeout: 5_000 });
  assert.deepEqual(await page.$$eval('#listing .ins.hl-primary .c-op', (e) => e.map((x) => x.textContent)), ['LOAD_NAME', 'PUSH_NULL']);
  const covering = await page.$$eval('#listing .ins.hl', (e) => e.map((x) => `${x.querySelector('.c-op').textContent} ${x.dataset.span}`));
  for (const op of ['CALL', 'GET_ITER', 'FOR_ITER']) assert.ok(covering.includes(`${op} 4,4,9,17`), covering.join('; '));
  assert.ok(covering.every((c) => / 4,4,9,17$/.test(c)), `only range(3)'s span covers it: ${covering.join('; ')}`);

  // Moving off the editor clears the highlights.
  await page.mouse.move(1150, 760); // over the side pane
  await page.waitForFunction(() => !document.querySelector('#listing .ins.hl, #listing .ins.hl-primary'), null, { timeout: 5_000 });

  // Listing → source: hovering BINARY_OP marks `a * b` in the editor.
  const row = page.locator('#listing .ins[data-offset]', { has: page.locator('.c-op', { hasText: /^BINARY_OP$/ }) });
  await row.hover();
  await page.waitForSelector('.cm-content .cm-bs-span', { timeout: 5_000 });
  assert.equal((await page.$$eval('.cm-content .cm-bs-span', (e) => e.map((x) => x.textContent))).join(''), 'a * b');
  assert.match(await page.textContent('#help-panel h2'), /^BINARY_OP$/);
  // …and the module's CALLs mark range(3), then f(n, 2).
  const calls = page.locator('#listing section.code-object').first().locator('.ins[data-offset]', { has: page.locator('.c-op', { hasText: /^CALL$/ }) });
  await calls.nth(0).hover();
  await page.waitForFunction(() => [...document.querySelectorAll('.cm-content .cm-bs-span')].map((x) => x.textContent).join('') === 'range(3)', null, { timeout: 5_000 });
  await calls.nth(1).hover();
  await page.waitForFunction(() => [...document.querySelectorAll('.cm-content .cm-bs-span')].map((x) => x.textContent).join('') === 'f(n, 2)', null, { timeout: 5_000 });
});

test('toggles: caches add CACHE rows (3.11+), offsets and positions add aligned columns, line bands match the editor', { timeout: 30_000 }, async () => {
  const rowsBefore = await page.$$eval('#listing .ins[data-offset]', (e) => e.length);
  assert.equal(await page.$$eval('#listing .ins.cache', (e) => e.length), 0);
  await page.check('#toggle-caches');
  const expected = await page.evaluate(() => {
    let n = 0;
    for (const co of window.__bytescope.state.model.code_objects) {
      for (const ins of co.instructions) for (const f of ins.cache?.fields ?? []) n += f.size;
    }
    return n;
  });
  assert.ok(expected > 0);
  assert.equal(await page.$$eval('#listing .ins.cache', (e) => e.length), expected);
  assert.deepEqual(new Set(await page.$$eval('#listing .ins.cache .c-op', (e) => e.map((x) => x.textContent))), new Set(['CACHE']));
  await page.uncheck('#toggle-caches');
  assert.equal(await page.$$eval('#listing .ins.cache', (e) => e.length), 0);

  assert.equal(await page.$$eval('#listing .c-offset', (e) => e.length), 0);
  await page.check('#toggle-offsets');
  const offsets = await page.$$eval('#listing .ins[data-offset]', (rs) => rs.map((r) => [r.dataset.offset, r.querySelector('.c-offset')?.textContent]));
  assert.equal(offsets.length, rowsBefore);
  for (const [o, shown] of offsets) assert.equal(shown, o);
  // Every row is its own grid: the columns must still line up (offsets 0–9 and 10+ alike).
  const opLefts = () => page.$$eval('#listing .ins .c-op', (e) => [...new Set(e.map((x) => Math.round(x.getBoundingClientRect().left)))]);
  assert.equal((await opLefts()).length, 1, 'opnames start at the same x with offsets shown');
  await page.uncheck('#toggle-offsets');
  assert.equal(await page.$$eval('#listing .c-offset', (e) => e.length), 0);

  await page.check('#toggle-positions');
  const pos = await page.$$eval('#listing .ins[data-offset] .c-pos', (e) => e.map((x) => x.textContent));
  assert.equal(pos.length, rowsBefore);
  assert.ok(pos.includes('2:11-2:16'), `positions of BINARY_OP (line 2, columns 11–16): ${pos}`);
  await page.check('#toggle-offsets');
  await page.check('#toggle-caches');
  assert.equal((await opLefts()).length, 1, 'opnames start at the same x with positions, offsets and caches shown');
  await page.uncheck('#toggle-caches');
  await page.uncheck('#toggle-offsets');
  await page.uncheck('#toggle-positions');

  // Line bands: a source line has the same colour band in the listing and in the editor.
  await page.check('#toggle-bands');
  const bands = await page.evaluate(() => {
    const lines = [...document.querySelectorAll('.cm-content .cm-line')];
    const band = (e, re) => { for (const c of e?.classList ?? []) { const m = re.exec(c); if (m) return Number(m[1]); } return null; };
    return [...document.querySelectorAll('#listing .ins[data-span]')].map((r) => {
      const line = Number(r.dataset.span.split(',')[0]);
      return { line, listing: band(r, /^band-(\d)$/), editor: band(lines[line - 1], /^cm-band-(\d)-line$/) };
    });
  });
  assert.ok(bands.length > 0);
  for (const b of bands) {
    if (b.line < 1) { assert.equal(b.listing, null, 'no band for line 0 (RESUME)'); continue; }
    assert.notEqual(b.listing, null, `line ${b.line} has a band in the listing`);
    assert.equal(b.listing, b.editor, `line ${b.line}: band ${b.listing} in the listing, ${b.editor} in the editor`);
  }
  const byLine = new Map(bands.map((b) => [b.line, b.listing]));
  assert.notEqual(byLine.get(1), byLine.get(2), 'neighbouring lines differ');
  await page.uncheck('#toggle-bands');
  assert.equal(await page.$$eval('#listing .ins[class*="band-"], .cm-line[class*="cm-band-"]', (e) => e.length), 0);
});

test('keyboard: arrows move the selection, Enter follows a jump, Backspace comes back', { timeout: 30_000 }, async () => {
  const module = page.locator('#listing section.code-object').first();
  const first = module.locator('.ins[data-offset]').first();
  await first.locator('.c-op').click();
  const selected = () => page.$$eval('#listing .ins.selected', (rs) => rs.map((r) => `${r.dataset.co}:${r.dataset.offset}:${r.querySelector('.c-op').textContent}`));
  const order = await module.locator('.ins[data-offset]').evaluateAll((rs) => rs.map((r) => `${r.dataset.co}:${r.dataset.offset}:${r.querySelector('.c-op').textContent}`));
  assert.deepEqual(await selected(), [order[0]]);
  assert.equal(await page.evaluate(() => document.activeElement?.closest('#listing') !== null), true, 'the row has focus');
  await page.keyboard.press('ArrowDown');
  assert.deepEqual(await selected(), [order[1]]);
  await page.keyboard.press('ArrowDown');
  assert.deepEqual(await selected(), [order[2]]);
  await page.keyboard.press('ArrowUp');
  assert.deepEqual(await selected(), [order[1]]);
  assert.match(await page.textContent('#help-panel h2'), new RegExp(`^${order[1].split(':')[2]}$`));

  // FOR_ITER jumps forward to the END_FOR after the loop.
  const forIter = module.locator('.ins[data-offset]', { has: page.locator('.c-op', { hasText: /^FOR_ITER$/ }) });
  const target = await forIter.locator('.jump-link').getAttribute('data-target');
  await forIter.locator('.c-op').click();
  const from = (await selected())[0];
  assert.match(from, /:FOR_ITER$/);
  await page.keyboard.press('Enter');
  const landed = (await selected())[0];
  assert.equal(landed.split(':')[1], target, 'Enter selects the jump target');
  assert.match(landed, /:END_FOR$/);
  await page.keyboard.press('Backspace');
  assert.deepEqual(await selected(), [from], 'Backspace returns to the jump');

  // JUMP_BACKWARD goes to the FOR_ITER row; clicking its "(to L1)" link does the same.
  const back = module.locator('.ins[data-offset]', { has: page.locator('.c-op', { hasText: /^JUMP_BACKWARD$/ }) });
  await back.locator('.jump-link').click();
  assert.deepEqual(await selected(), [from]);
});

test('dis text tab shows what dis prints, with a copy button', { timeout: 30_000 }, async () => {
  assert.equal(await page.isVisible('#text-view'), false);
  await page.click('#tab-text');
  assert.equal(await page.isVisible('#text-view'), true);
  assert.equal(await page.isVisible('#listing'), false);
  assert.equal(await page.getAttribute('#tab-text', 'aria-selected'), 'true');
  const text = await page.textContent('#text-output');
  const lines = text.split('\n').map((l) => l.trim().replace(/\s+/g, ' '));
  for (const want of [
    '1 LOAD_CONST 0 (<code object f at 0x10000000, file "<editor>", line 1>)',
    'L1: FOR_ITER 18 (to L2)',
    'JUMP_BACKWARD 20 (to L1)',
    'Disassembly of <code object f at 0x10000000, file "<editor>", line 1>:',
    '2 LOAD_FAST_BORROW_LOAD_FAST_BORROW 1 (a, b)',
    'BINARY_OP 5 (*)',
  ]) assert.ok(lines.includes(want), `dis text lacks "${want}":\n${text}`);
  assert.match(await page.textContent('#text-note'), /CPython 3\.14\.\d+'s dis\.dis\(\)/);
  assert.equal(await page.isVisible('#copy-text'), true);
  await page.click('#copy-text');
  const clip = await page.evaluate(() => navigator.clipboard.readText().catch(() => null));
  if (clip !== null) assert.equal(clip, text);
  await page.click('#tab-listing');
  assert.equal(await page.isVisible('#listing'), true);
  assert.equal(await page.isVisible('#text-view'), false);
});

test('a syntax error: lint diagnostic on its line, CPython\'s message, stale listing kept', { timeout: 30_000 }, async () => {
  const good = await listingRows(page);
  await pasteSource(page, 'x = 1\ny = 2\nprint(1 2)\nz = 3\n');
  await page.waitForSelector('#error-banner:not([hidden])', { timeout: 20_000 });
  const banner = await page.textContent('#error-banner');
  assert.match(banner, /^SyntaxError: invalid syntax\. Perhaps you forgot a comma\? \(line 3, column 7\)/);
  assert.match(banner, /showing the last good listing/);
  assert.equal(await page.evaluate(() => document.getElementById('listing').classList.contains('stale')), true);
  assert.deepEqual(await listingRows(page), good, 'the last good listing stays');
  // The diagnostic underlines line 3, and the gutter marks line 3.
  await page.waitForSelector('.cm-lintRange-error', { timeout: 5_000 });
  const lintLines = await page.$$eval('.cm-lintRange-error', (e) => e.map((x) => {
    const line = x.closest('.cm-line');
    return [[...line.parentElement.children].filter((c) => c.classList.contains('cm-line')).indexOf(line) + 1, x.textContent];
  }));
  assert.deepEqual(lintLines.map(([l]) => l), lintLines.map(() => 3));
  assert.equal(lintLines.map(([, t]) => t).join(''), '1 2');
  assert.equal(await page.$$eval('.cm-gutter-lint .cm-lint-marker-error', (e) => e.length), 1);

  // Fixing it clears the error and the staleness.
  const n = await updates(page);
  await pasteSource(page, 'x = 1\ny = 2\nprint(1, 2)\nz = 3\n');
  await waitForUpdate(page, n, 20_000);
  assert.equal(await page.isVisible('#error-banner'), false);
  assert.equal(await page.evaluate(() => document.getElementById('listing').classList.contains('stale')), false);
  assert.equal(await page.$$eval('.cm-lintRange-error', (e) => e.length), 0);
  assert.ok((await listingRows(page)).includes('LOAD_NAME (print)'));
});

test('a long module renders as it scrolls, and an edit re-renders only what it changes', { timeout: 40_000 }, async () => {
  const source = realisticModule(300);
  let n = await updates(page);
  await pasteSource(page, source);
  await waitForUpdate(page, n, 20_000);
  const total = await page.evaluate(() => window.__bytescope.state.model.code_objects.reduce((a, co) => a + co.instructions.length, 0));
  const shown = () => page.$$eval('#listing .ins[data-offset]', (e) => e.length);
  const first = await shown();
  assert.ok(total > 2000, `${total} instructions`);
  assert.ok(first > 0 && first < total / 4, `only the first screens are rendered at once (${first} of ${total})`);
  assert.ok(await page.$$eval('#listing .co-chunk.pending', (e) => e.length) > 0);
  assert.equal(await page.$$eval('#listing section.code-object', (e) => e.length), await page.evaluate(() => window.__bytescope.state.model.code_objects.length), 'every code object has its section');

  // Hovering source far down (in main()) renders and highlights its instructions.
  const point = await editorPoint(page, 'report = {}', 1);
  await page.mouse.move(point.x, point.y);
  await page.waitForSelector('#listing .ins.hl-primary', { timeout: 5_000 });
  const hit = await page.$$eval('#listing .ins.hl-primary', (e) => e.map((r) => r.closest('section').querySelector('.co-title').textContent));
  assert.deepEqual([...new Set(hit)], ['main']);
  await page.mouse.move(1150, 760); // over the side pane

  // ArrowDown from the last row rendered at first goes to the next instruction, rendering it.
  const order = await page.evaluate(() => window.__bytescope.state.model.code_objects.flatMap((co) => co.instructions.map((i) => `${co.index}:${i.offset}`)));
  await page.locator('#listing .ins[data-offset]').nth(first - 1).locator('.c-op').click();
  const sel = () => page.$eval('#listing .ins.selected', (r) => `${r.dataset.co}:${r.dataset.offset}`);
  const from = await sel();
  await page.keyboard.press('ArrowDown');
  assert.equal(await sel(), order[order.indexOf(from) + 1]);

  // Scrolling to the end renders the last code object.
  await page.$eval('#listing', (l) => { l.scrollTop = l.scrollHeight; });
  assert.ok(await page.$$eval('#listing section.code-object.pending', (e) => e.length) > 0, 'code objects far down wait as placeholders');
  await page.waitForFunction(() => {
    const last = document.querySelector('#listing section.code-object:last-child');
    return last && !last.classList.contains('pending') && last.querySelector('.ins[data-offset]') && !last.querySelector('.co-chunk.pending');
  }, null, { timeout: 5_000 });
  const lastTitle = await page.evaluate(() => { const co = window.__bytescope.state.model.code_objects.at(-1); return co.co_qualname ?? co.co_name; });
  assert.equal(await page.$eval('#listing section.code-object:last-child .co-title', (e) => e.textContent), lastTitle);
  await page.$eval('#listing', (l) => { l.scrollTop = 0; });

  // Editing a module-level constant changes the module's code object only: the other sections stay as they were.
  await page.$$eval('#listing section.code-object', (e) => e.forEach((x, i) => { x.__mark = i; }));
  await page.$$eval('#listing section.code-object:first-child .ins[data-offset]', (e) => { window.__rowsBefore = new Set(e.map((r) => r.dataset.offset)); e.forEach((r) => { r.__row = true; }); });
  n = await updates(page);
  await pasteSource(page, source.replace('TAX_RATE = 0.2', 'TAX_RATE = 0.25'));
  await waitForUpdate(page, n, 20_000);
  assert.ok((await listingRows(page)).includes('LOAD_CONST (0.25)'));
  const kept = await page.$$eval('#listing section.code-object', (e) => e.map((x) => x.__mark ?? null));
  assert.deepEqual(kept, kept.map((_, i) => i), 'every section was kept (the module\'s was patched)');
  // In the module's section only the rows that changed are new elements: the one loading 0.25 (rows built since,
  // as they came into view, are new too, and left out).
  const fresh = await page.$$eval('#listing section.code-object:first-child .ins[data-offset]', (rs) => rs.filter((r) => !r.__row && window.__rowsBefore.has(r.dataset.offset)).map((r) => `${r.querySelector('.c-op').textContent} ${r.querySelector('.c-argrepr').textContent}`));
  assert.deepEqual(fresh, ['LOAD_CONST (0.25)']);
  // …and a reused section still links: hovering one of its rows marks its span (main() is in view in the editor).
  const reused = page.locator('#listing section.code-object', { has: page.locator('.co-title', { hasText: /^main$/ }) })
    .locator('.ins[data-offset]', { has: page.locator('.c-argrepr', { hasText: /^\(report\)$/ }) }).first();
  await reused.hover();
  await page.waitForFunction(() => [...document.querySelectorAll('.cm-content .cm-bs-span')].map((x) => x.textContent).join('') === 'report', null, { timeout: 5_000 });
});

const ADD_SOURCE = `total = 0
for i in range(3):
    total += i
y = total + 1
`;

test('switching version re-renders with that version\'s instructions and names the exact CPython', { timeout: 60_000 }, async () => {
  let n = await updates(page);
  await pasteSource(page, ADD_SOURCE);
  await waitForUpdate(page, n, 20_000);
  let ops = await listingOps(page);
  assert.ok(ops.includes('BINARY_OP') && !ops.includes('INPLACE_ADD'), ops.join(' '));

  n = await updates(page);
  const workersBefore = workers.length;
  await page.selectOption('#version', '3.10');
  await page.waitForFunction(() => document.getElementById('listing')?.dataset.version === '3.10', null, { timeout: 50_000 });
  assert.ok(await updates(page) > n);
  ops = await listingOps(page);
  assert.ok(ops.includes('INPLACE_ADD'), ops.join(' '));
  assert.ok(ops.includes('BINARY_ADD'), ops.join(' '));
  assert.ok(ops.includes('JUMP_ABSOLUTE'), ops.join(' '));
  assert.ok(!ops.includes('BINARY_OP') && !ops.includes('RESUME'), ops.join(' '));
  assert.equal(await page.textContent('#runtime-status'), `CPython ${getVersion('3.10').table.data.fullVersion}`);
  assert.match(await page.textContent('#runtime-status'), /^CPython 3\.10\.\d+$/);
  assert.equal(workers.length, workersBefore + 1, 'a worker for 3.10');
  assert.ok(requests.some((u) => u.includes('/pyodide/3.10/')));

  // Back to the default version: its runtime is still alive, so no new worker and a quick update.
  n = await updates(page);
  await page.selectOption('#version', DEFAULT);
  await page.waitForFunction((v) => document.getElementById('listing')?.dataset.version === v, DEFAULT, { timeout: 10_000 });
  ops = await listingOps(page);
  assert.ok(ops.includes('BINARY_OP') && !ops.includes('BINARY_ADD'), ops.join(' '));
  assert.match(await page.textContent('#runtime-status'), DEFAULT_STATUS);
  assert.equal(workers.length, workersBefore + 1, `the ${DEFAULT} runtime was reused`);
});

test('share link round trip: source, version and toggles restored in a new page', { timeout: 60_000 }, async () => {
  const source = 'def greet(name):\n    return f"hello {name}"\n\nprint(greet("web"))\n';
  let n = await updates(page);
  await pasteSource(page, source);
  await waitForUpdate(page, n, 20_000);
  n = await updates(page);
  await page.selectOption('#version', '3.10');
  await waitForUpdate(page, n, 20_000);
  await page.check('#toggle-caches');
  await page.check('#toggle-offsets');
  await page.click('#share');
  await page.waitForFunction(() => location.hash.startsWith('#s='), null, { timeout: 5_000 });
  const url = await page.evaluate(() => location.href);
  assert.match(url, /#s=[A-Za-z0-9_-]+$/);
  const clip = await page.evaluate(() => navigator.clipboard.readText().catch(() => null));
  if (clip !== null) assert.equal(clip, url, 'the link is on the clipboard');
  assert.match(await page.textContent('#share'), /^(Link copied|Link in address bar)$/);

  const other = await context.newPage();
  const errors = [];
  other.on('pageerror', (e) => errors.push(e.message));
  try {
    await other.goto(url);
    await other.waitForFunction(() => document.getElementById('listing')?.dataset.version === '3.10', null, { timeout: 50_000 });
    assert.equal(await editorText(other), source.replace(/\n$/, '\n'));
    assert.equal(await other.inputValue('#version'), '3.10');
    assert.equal(await other.isChecked('#toggle-caches'), true);
    assert.equal(await other.isChecked('#toggle-offsets'), true);
    assert.equal(await other.isChecked('#toggle-positions'), false);
    assert.ok(await other.$$eval('#listing .c-offset', (e) => e.length) > 0, 'offsets shown');
    assert.match(await other.textContent('#runtime-status'), /^CPython 3\.10\.\d+$/);
    assert.deepEqual(await listingRows(other), await listingRows(page));
    assert.deepEqual(errors, []);
  } finally {
    await other.close();
  }
  // Back to the defaults for the next tests.
  await page.uncheck('#toggle-caches');
  await page.uncheck('#toggle-offsets');
  n = await updates(page);
  await page.selectOption('#version', DEFAULT);
  await waitForUpdate(page, n, 20_000);
});

test('dropping a 3.12 .pyc lists it with no 3.12 runtime', { timeout: 30_000 }, async () => {
  const bytes = existsSync(CORPUS_PYC) ? readFileSync(CORPUS_PYC) : xssPyc();
  const name = path.basename(CORPUS_PYC);
  const workersBefore = workers.length;
  const n = await updates(page);
  await dropFile(page, bytes, name);
  await waitForUpdate(page, n, 10_000);
  assert.equal(await page.isVisible('#pyc-header'), true);
  const header = await page.$$eval('#pyc-header .hdr-item', (e) => Object.fromEntries(e.map((x) => [x.querySelector('.hdr-key').textContent, x.querySelector('.hdr-val').textContent])));
  assert.equal(header.Magic, '3531');
  assert.equal(header.Python, '3.12');
  assert.equal(header.File, name);
  assert.equal(await page.isVisible('#editor'), false);
  assert.equal(await page.isDisabled('#version'), true);
  assert.equal(await page.getAttribute('#listing', 'data-version'), '3.12');
  assert.match(await page.textContent('#runtime-status'), /no runtime needed/);
  assert.equal(await page.isVisible('#drop-overlay'), false);

  // The listing and the dis text match the core's reading of the same bytes.
  const pyc = readPyc(new Uint8Array(bytes));
  const expected = disassembleToText(pyc.code, getVersion('3.12'));
  const ops = await listingOps(page);
  assert.ok(ops.length > 0);
  assert.deepEqual(ops, expected.split('\n').map((l) => /^\s*(?:\d+)?\s+(?:>>)?\s*\d+ ([A-Z_0-9]+)/.exec(l)?.[1]).filter(Boolean));
  await page.click('#tab-text');
  assert.equal(await page.textContent('#text-output'), expected);
  await page.click('#tab-listing');

  // No runtime for 3.12: no worker started, nothing of pyodide/3.12 fetched.
  assert.equal(workers.length, workersBefore, 'no worker created');
  assert.deepEqual(requests.filter((u) => u.includes('/pyodide/3.12/')), []);
});

test('a .pyc whose constants and names are HTML renders them as text', { timeout: 30_000 }, async () => {
  const n = await updates(page);
  // Through the file input this time.
  await page.setInputFiles('#file-input', { name: 'evil.cpython-312.pyc', mimeType: 'application/octet-stream', buffer: Buffer.from(xssPyc()) });
  await waitForUpdate(page, n, 10_000);
  assert.equal(await page.$$eval('#pyc-header .hdr-val', (e) => e[0].textContent), 'evil.cpython-312.pyc');
  const rows = await listingRows(page);
  assert.ok(rows.includes(`LOAD_CONST ('${XSS_CONST}')`), rows.join('\n'));
  assert.ok(rows.includes(`STORE_NAME (${XSS_NAME})`), rows.join('\n'));
  assert.ok(rows.includes(`STORE_NAME (${XSS_FUNC})`), rows.join('\n'));
  assert.deepEqual(await page.$$eval('#listing .co-title', (e) => e.map((x) => x.textContent)), ['<module>', XSS_FUNC]);
  // Inspector: constants and names, verbatim.
  await page.locator('#listing .ins[data-offset]').nth(1).locator('.c-op').click();
  const inspector = await page.textContent('#inspector');
  for (const s of [XSS_CONST, XSS_NAME, XSS_FUNC, XSS_FILE]) assert.ok(inspector.includes(s), `inspector shows ${s}`);
  await page.click('#tab-text');
  const text = await page.textContent('#text-output');
  for (const s of [XSS_CONST, XSS_NAME, XSS_FUNC, XSS_FILE]) assert.ok(text.includes(s), `dis text shows ${s}`);
  await page.click('#tab-listing');
  // Clicking the constant's link highlights it in the inspector, still as text.
  await page.locator('#listing .arg-link[data-table="co_consts"]').first().click();
  assert.equal(await page.textContent('#inspector li.hl'), `'${XSS_CONST}'`);

  const injected = await page.evaluate(() => document.querySelectorAll('img, svg, script:not([src]), iframe, #listing *[onerror], #inspector *[onload]').length);
  assert.equal(injected, 0, 'no element was created from the file');
  for (const id of ['listing', 'inspector', 'text-output', 'pyc-header', 'help-panel']) {
    assert.equal(await page.$$eval(`#${id} img, #${id} svg, #${id} script`, (e) => e.length), 0, `#${id} has no img/svg/script`);
  }
  await page.waitForTimeout(200);
  assert.deepEqual(dialogs, [], 'no alert fired');

  // Back to the editor: source mode again.
  const m = await updates(page);
  await page.click('#close-pyc');
  await waitForUpdate(page, m, 20_000);
  assert.equal(await page.isVisible('#pyc-header'), false);
  assert.equal(await page.isVisible('#editor'), true);
  assert.equal(await page.getAttribute('#listing', 'data-version'), DEFAULT);
});

test('HTML in compiled source constants is text too', { timeout: 30_000 }, async () => {
  const n = await updates(page);
  await pasteSource(page, `x = "${XSS_CONST}"\n`);
  await waitForUpdate(page, n, 20_000);
  assert.ok((await listingRows(page)).includes(`LOAD_CONST ('${XSS_CONST}')`));
  assert.equal(await page.$$eval('#listing img, #inspector img, #text-output img', (e) => e.length), 0);
  assert.deepEqual(dialogs, []);
});

test('? opens the shortcuts dialog; the theme toggle flips html[data-theme]', { timeout: 30_000 }, async () => {
  await page.locator('#listing .ins[data-offset]').first().locator('.c-op').click();
  assert.equal(await page.evaluate(() => document.getElementById('shortcuts').open), false);
  await page.keyboard.press('?');
  assert.equal(await page.evaluate(() => document.getElementById('shortcuts').open), true);
  assert.equal(await page.isVisible('#shortcuts'), true);
  assert.match(await page.textContent('#shortcuts'), /follow a jump/);
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.getElementById('shortcuts').open), false);
  // In the editor, ? is just a character.
  await page.click('.cm-content');
  // The click's focus can land a moment later on a loaded machine: type only once the editor has it.
  await page.waitForFunction(() => document.activeElement?.closest('.cm-editor') !== null && document.activeElement !== null);
  await page.keyboard.press('End');
  await page.keyboard.type('#?');
  assert.equal(await page.evaluate(() => document.getElementById('shortcuts').open), false);
  assert.match(await editorText(page), /#\?/);
  await page.click('#shortcuts-button');
  assert.equal(await page.evaluate(() => document.getElementById('shortcuts').open), true);
  await page.click('#shortcuts-close');
  assert.equal(await page.evaluate(() => document.getElementById('shortcuts').open), false);

  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const before = await theme();
  const bgBefore = await bg();
  assert.ok(before === 'light' || before === 'dark');
  await page.click('#theme-toggle');
  const afterTheme = await theme();
  assert.equal(afterTheme, before === 'light' ? 'dark' : 'light');
  assert.notEqual(await bg(), bgBefore);
  assert.equal(await page.evaluate(() => localStorage.getItem('bytescope-theme')), afterTheme);
  const n = await updates(page);
  await pasteSource(page, FUNC_SOURCE);
  await waitForUpdate(page, n, 20_000);
  const row = page.locator('#listing .ins[data-offset]', { has: page.locator('.c-op', { hasText: /^BINARY_OP$/ }) });
  await row.hover();
  await shot(`${afterTheme}-1280x800`);
  await page.click('#theme-toggle');
  assert.equal(await theme(), before);
});

test('a narrow viewport (420×900) has no horizontal page overflow', { timeout: 30_000 }, async () => {
  await page.setViewportSize({ width: 420, height: 900 });
  await page.waitForTimeout(100);
  const m = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, body: document.body.scrollWidth,
    wide: [...document.querySelectorAll('body *')].filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > innerWidth + 1 && !e.closest('#listing, #text-output, .cm-scroller, dialog'); }).map((e) => e.id || e.className || e.tagName).slice(0, 5),
  }));
  assert.ok(m.scroll <= m.client, `page scrolls sideways: ${m.scroll} > ${m.client}`);
  assert.ok(m.body <= m.client, `body overflows: ${m.body} > ${m.client}`);
  assert.deepEqual(m.wide, [], 'elements sticking out of the viewport');
  for (const id of ['version', 'open-pyc', 'share', 'theme-toggle', 'shortcuts-button', 'listing']) {
    assert.equal(await page.isVisible(`#${id}`), true, `#${id} visible`);
  }
  await shot('narrow-420x900');
  await page.setViewportSize({ width: 1280, height: 800 });
});

test('no uncaught errors in the page', () => {
  assert.deepEqual(pageErrors, []);
});
