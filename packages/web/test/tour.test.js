// The tour (tour/tour.ts, tour/chapters.ts) in headless Chromium: every chapter in every version 3.10–3.15 loads its
// example, and every instruction its text names (the chips, and the buttons that name one) is in that version's
// listing of it, with the argument it shows; the chips highlight and select their rows; each chapter's tool opens;
// closing the tour brings the user's source back. Screenshots at 1280 and 420 px wide when BYTESCOPE_SCREENSHOTS is
// set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PYTHON_VERSIONS } from '@bytescope/core';
import { screenshot, setSource, startBrowser, updates, waitForUpdate } from './browser.js';

let env;
let page;
const pageErrors = [];
/** The chapter count, from the menu. */
let chapters = 0;

before(async () => {
  env = await startBrowser();
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(env.server.url);
  await waitForUpdate(page, 0, 90_000);
});
after(async () => { await env?.close(); });

const USER_SOURCE = 'mine = [1, 2, 3]\n';

/** The main editor's text (the Lab's Compare panel has editors of its own). */
function editorText(p) {
  return p.$$eval('#editor .cm-content .cm-line', (ls) => ls.map((l) => l.textContent).join('\n'));
}

/** The instructions the open chapter names: chips and buttons with data-op. */
function namedOps() {
  return page.$$eval('#tour [data-op]', (e) => e.map((x) => ({ op: x.dataset.op, arg: x.dataset.arg, text: x.textContent })));
}

/** The listing's rows as { op, argrepr }. */
function rows() {
  return page.$$eval('#listing .ins[data-offset]', (rs) => rs.map((r) => ({ op: r.querySelector('.c-op').textContent, argrepr: r.querySelector('.c-argrepr').textContent })));
}

/** Opens chapter `i` (0-based) from the menu and waits for its example's listing. */
async function openChapter(i) {
  const n = await updates(page);
  await page.selectOption('#tour .tour-menu', String(i));
  await waitForUpdate(page, n, 30_000);
}

test('the tour opens on its first chapter with the example, keeping the user\'s source', { timeout: 60_000 }, async () => {
  await setSource(page, USER_SOURCE);
  const n = await updates(page);
  await page.click('#tour-button');
  await waitForUpdate(page, n);
  assert.equal(await page.isVisible('#tour'), true);
  assert.equal(await page.textContent('#tour .tour-question'), 'What is bytecode?');
  assert.match(await editorText(page), /^def greet\(name\):/);
  chapters = await page.$$eval('#tour .tour-menu option', (o) => o.length);
  assert.equal(chapters, 6);
});

for (const version of PYTHON_VERSIONS) {
  test(`every chapter in ${version}: each instruction its text names is in the listing`, { timeout: 180_000 }, async () => {
    if (await page.inputValue('#version') !== version) {
      const n = await updates(page);
      await page.selectOption('#version', version);
      await waitForUpdate(page, n, 150_000);
    }
    assert.equal(await page.getAttribute('#listing', 'data-version'), version);
    const report = [];
    for (let i = 0; i < chapters; i++) {
      await openChapter(i);
      assert.equal(await page.getAttribute('#tour', 'data-version'), version);
      const chapter = await page.getAttribute('#tour', 'data-chapter');
      const named = await namedOps();
      assert.ok(named.length >= 3, `${chapter}: names ${named.length} instructions`);
      const listed = await rows();
      const missing = named.filter((n) => !listed.some((r) => r.op === n.op && (n.arg === undefined || r.argrepr === `(${n.arg})`)));
      assert.deepEqual(missing, [], `${version} ${chapter}: named but not in the listing (${listed.map((r) => r.op + r.argrepr).join(' ')})`);
      report.push(`${chapter}: ${new Set(named.map((n) => n.text)).size}`);
      // Nothing in the text names a version other than this one's instructions: the opnames of the text are chips.
      const text = await page.textContent('#tour .tour-text');
      for (const word of text.match(/\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b/g) ?? []) {
        assert.ok(listed.some((r) => r.op === word), `${version} ${chapter}: ${word} is named but not in the listing`);
      }
    }
    console.log(`${version}: ${report.join(', ')} instructions named, all in the listing`);
  });
}

test('chips highlight and select their rows; each chapter\'s tool opens', { timeout: 180_000 }, async () => {
  const n0 = await updates(page);
  await page.selectOption('#version', '3.14');
  await waitForUpdate(page, n0, 60_000);
  await openChapter(0);
  // A chip: hovering lights its rows, a click selects the first.
  const chip = page.locator('#tour .tour-op[data-op="STORE_FAST"]').first();
  await chip.hover();
  assert.equal(await page.$$eval('#listing .ins.hl', (r) => r.map((x) => x.querySelector('.c-op').textContent).join()), 'STORE_FAST');
  await chip.click();
  assert.equal(await page.$eval('#listing .ins.selected .c-op', (e) => e.textContent), 'STORE_FAST');
  await screenshot(page, 'tour-1280-bytecode');
  // 1: the inspector of greet.
  await page.click('#tour .tour-action >> nth=0');
  assert.equal(await page.textContent('#inspector h2'), 'Code object greet');
  // 2: the Bytes view, LOAD_CONST's bytes marked.
  await openChapter(1);
  await page.click('#tour .tour-action >> nth=0');
  await page.waitForSelector('#bytes-view .bx-hex .b.mk');
  assert.equal(await page.$eval('#listing .ins.selected .c-op', (e) => e.textContent), 'LOAD_CONST');
  assert.equal(await page.$$eval('#bytes-view .bx-hex .b.mk', (c) => c.length), 2);
  await screenshot(page, 'tour-1280-pyc');
  // 3: the dis text.
  await openChapter(2);
  assert.equal(await page.isVisible('#editor'), true, 'a chapter shows its example in the editor');
  await page.click('#tour .tour-action >> nth=0');
  assert.equal(await page.isVisible('#text-view'), true);
  assert.match(await page.textContent('#text-output'), /COMPARE_OP +\d+ \(bool\(<\)\)/);
  await screenshot(page, 'tour-1280-dis');
  // 4: the help panel on BINARY_OP (*) of total.
  await openChapter(3);
  await page.click('#tour .tour-action >> nth=0');
  assert.equal(await page.isVisible('#listing'), true);
  assert.equal(await page.$eval('#listing .ins.selected', (r) => `${r.querySelector('.c-op').textContent} ${r.querySelector('.c-argrepr').textContent}`), 'BINARY_OP (*)');
  assert.match(await page.textContent('#help-panel'), /^BINARY_OP/);
  assert.match(await page.textContent('#help-panel'), /Stack effect: -1 \(pops 2, pushes 1\)/);
  // 5: the Lab's Compare panel with the preset.
  await openChapter(4);
  await page.click('#tour .tour-action >> nth=0');
  await page.waitForSelector('#lab-view:not([hidden])');
  assert.equal(await page.getAttribute('#lab-tab-compare', 'aria-selected'), 'true');
  assert.equal(await page.inputValue('#lab-cmp-preset'), 'faster-in-function');
  await page.click('#tab-listing');
  // 6: links into the reference.
  await openChapter(5);
  const links = await page.$$eval('#tour a.tour-action', (a) => a.map((x) => [x.getAttribute('href'), x.target]));
  assert.deepEqual(links, [['reference.html#3.14/LIST_APPEND', '_blank'], ['reference.html#diff/3.13/3.14', '_blank']]);
  await screenshot(page, 'tour-1280-learn');
});

test('closing the tour brings the user\'s source back', { timeout: 60_000 }, async () => {
  const n = await updates(page);
  await page.click('#tour .tour-close');
  await waitForUpdate(page, n);
  assert.equal(await page.isVisible('#tour'), false);
  assert.equal(await editorText(page), USER_SOURCE);
  assert.deepEqual(pageErrors, []);
});

test('the tour at 420 px: one column, the chapter first', { timeout: 120_000 }, async () => {
  const context = await env.browser.newContext({ viewport: { width: 420, height: 860 } });
  const narrow = await context.newPage();
  const errors = [];
  narrow.on('pageerror', (e) => errors.push(e.message));
  await narrow.goto(env.server.url);
  await waitForUpdate(narrow, 0, 90_000);
  const n = await updates(narrow);
  await narrow.click('#tour-button');
  await waitForUpdate(narrow, n);
  // No horizontal overflow of the page, and the chapter comes before the editor.
  assert.ok(await narrow.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no horizontal scrolling');
  const top = await narrow.evaluate(() => [document.getElementById('tour').getBoundingClientRect().top, document.querySelector('.source-pane').getBoundingClientRect().top]);
  assert.ok(top[0] < top[1], `tour at ${top[0]}, editor at ${top[1]}`);
  await screenshot(narrow, 'tour-420-bytecode');
  // A tool scrolls what it opens into view.
  await narrow.selectOption('#tour .tour-menu', '1');
  await waitForUpdate(narrow, n + 1);
  await narrow.click('#tour .tour-action >> nth=0');
  await narrow.waitForSelector('#bytes-view .bx-hex .b.mk');
  const inView = await narrow.evaluate(() => { const r = document.getElementById('bytes-view').getBoundingClientRect(); return r.top < window.innerHeight && r.bottom > 0; });
  assert.ok(inView, 'the Bytes view is scrolled into view');
  await screenshot(narrow, 'tour-420-pyc');
  assert.deepEqual(errors, []);
  await context.close();
});
