// End-to-end tests of the Lab's Compare panel in its "two versions" mode, in headless Chromium: the editor's source
// compiled by real CPython 3.10 and 3.14 (the page's compile workers), aligned instruction by instruction — BINARY_ADD
// on the same row as BINARY_OP (+), RESUME on a row of its own — then swapping, filtering, share links, compile
// errors of one version, user text rendered as text, and the page's two compile workers (the listing keeps working
// when the comparison needs two other versions).
//
// BYTESCOPE_SCREENSHOTS=/some/dir saves screenshots (1280×800 light and dark, 420 px wide) there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PYTHON_VERSION, PYTHON_VERSIONS } from '@bytescope/core';
import { listingOps, screenshot, setSource as setSourceOf, startExplorer, waitForUpdate } from './browser.js';

const SOURCE = 'def f(a, b):\n    return a + b\n';

let env;
let context;
let page;
const pageErrors = [];

const shot = (name, p = page) => screenshot(p, `versions-${name}`);

/** Replaces the editor's source and waits for its listing. */
const setSource = (text, p = page) => setSourceOf(p, text);

/** Shows Lab → Compare → two versions. */
async function openVersions(p = page) {
  if ((await p.getAttribute('#tab-lab', 'aria-selected')) !== 'true') await p.click('#tab-lab');
  await p.click('#lab-tab-compare');
  await p.click('#lab-cmp-mode-versions');
  await p.waitForSelector('#lab-cmp-versions:not([hidden])');
}

/** Clicks "Copy link" and returns the link it made. */
async function shareLink(p) {
  await p.evaluate(() => { delete document.getElementById('share').dataset.link; });
  await p.click('#share');
  await p.waitForFunction(() => document.getElementById('share')?.dataset.link, null, { timeout: 5_000 });
  return p.getAttribute('#share', 'data-link');
}

/** Waits until a comparison of versions `a` and `b` is shown and no other is under way. */
async function waitForResult(a, b, p = page, timeout = 120_000) {
  await p.waitForFunction(([a, b]) => {
    const r = document.getElementById('lab-ver-result');
    return r?.dataset.versions === `${a}/${b}` && r.querySelector('.vd-co') !== null && !document.getElementById('lab-ver-go')?.disabled;
  }, [a, b], { timeout });
}

/** The rows of one code object: { kind, a: [op, arg] | null, b: [op, arg] | null }. */
function rowsOf(qualname, p = page) {
  return p.evaluate((q) => {
    const co = [...document.querySelectorAll('#lab-ver-result .vd-co')].find((d) => d.dataset.qualname === q);
    if (!co) return null;
    const side = (s) => (s.classList.contains('vd-empty') ? null : [s.querySelector('.vd-op').textContent, s.querySelector('.vd-arg').textContent]);
    return [...co.querySelectorAll('.vd-row[data-kind]')].map((r) => ({ kind: r.dataset.kind, a: side(r.querySelector('.vd-a')), b: side(r.querySelector('.vd-b')), title: r.title }));
  }, qualname);
}

const runtimeWorkers = (p = page) => p.workers().filter((w) => /compile-worker/.test(w.url())).length;

before(async () => {
  ({ env, context, page } = await startExplorer({ pageErrors }));
});

after(async () => {
  await env?.close();
});

test('3.10 beside 3.14: BINARY_ADD on the same row as BINARY_OP (+); RESUME only in 3.14', { timeout: 150_000 }, async (t) => {
  await setSource(SOURCE);
  const t0 = Date.now();
  await openVersions();
  // Defaults: the oldest version beside the listing's (the default, 3.14); 3.10 has no memory snapshot, so its start
  // shows progress.
  assert.equal(await page.inputValue('#lab-ver-a'), PYTHON_VERSIONS[0]);
  assert.equal(await page.inputValue('#lab-ver-b'), DEFAULT_PYTHON_VERSION);
  await page.waitForSelector('#lab-ver-loading[data-version="3.10"] progress', { timeout: 10_000 });
  await waitForResult('3.10', '3.14');
  t.diagnostic(`compared in ${Date.now() - t0} ms (3.10 started from scratch)`);

  const rows = await rowsOf('f');
  assert.ok(rows, 'a code object f');
  const add = rows.find((r) => r.a?.[0] === 'BINARY_ADD');
  assert.ok(add, `a row with BINARY_ADD: ${JSON.stringify(rows)}`);
  assert.deepEqual(add.b, ['BINARY_OP', '(+)'], 'BINARY_OP (+) on the same row');
  assert.equal(add.kind, 'renamed');
  assert.match(add.title, /BINARY_ADD → BINARY_OP \(\+\) in 3\.11/, 'the reference says why');
  const resume = rows.find((r) => r.b?.[0] === 'RESUME');
  assert.equal(resume.kind, 'b-only');
  assert.equal(resume.a, null, 'nothing on the 3.10 side of RESUME');
  assert.deepEqual(rows.find((r) => r.a?.[0] === 'RETURN_VALUE')?.b?.[0], 'RETURN_VALUE');
  // The two loads are one superinstruction in 3.14: the first pairs with it, the second is 3.10's alone.
  const loads = rows.filter((r) => r.a?.[0] === 'LOAD_FAST');
  assert.deepEqual(loads.map((r) => [r.kind, r.a[1], r.b?.[0] ?? null]), [['renamed', '(a)', 'LOAD_FAST_BORROW_LOAD_FAST_BORROW'], ['a-only', '(b)', null]]);
  // Every instruction of each side is shown once: the rows hold each listing, in order.
  const listed = await listingOps(page, 'f'); // the listing (3.14) is behind the lab view, still rendered
  if (listed.length) assert.deepEqual(rows.filter((r) => r.b).map((r) => r.b[0]), listed);

  // Summaries: counts per side, opnames found on one side only (linked to the reference).
  const summary = await page.textContent('#lab-ver-result .vd-co[data-qualname="f"]');
  assert.match(summary, /4 instructions in 3\.10, 4 in 3\.14/);
  assert.deepEqual(await page.$$eval('#lab-ver-result .vd-co[data-qualname="f"] .vd-ops-a a', (a) => a.map((x) => x.textContent)), ['BINARY_ADD', 'LOAD_FAST']);
  assert.ok((await page.$$eval('#lab-ver-result .vd-co[data-qualname="f"] .vd-ops-b a', (a) => a.map((x) => x.textContent))).includes('BINARY_OP'));
  assert.match(await page.getAttribute('#lab-ver-reference', 'href'), /^reference\.html#diff\/3\.10\/3\.14$/);
  assert.ok(await rowsOf('<module>'), 'the module is compared too');
  assert.ok(runtimeWorkers() <= 2, `at most two compile workers (${runtimeWorkers()})`);
  await shot('1280-light');
  await page.click('#theme-toggle');
  await shot('1280-dark');
  await page.click('#theme-toggle');
});

test('Run both with counts: executed instructions beside each side, BINARY_ADD and BINARY_OP (+) 10 times each', { timeout: 120_000 }, async (t) => {
  await setSource(`${SOURCE}\nfor i in range(10):\n    f(i, 1)\n`);
  await page.waitForFunction(() => (document.querySelector('#lab-ver-result .vd-co[data-qualname="<module>"]')?.textContent ?? '').includes('FOR_ITER'), null, { timeout: 30_000 });
  await waitForResult('3.10', '3.14');
  const t0 = Date.now();
  await page.click('#lab-ver-counts');
  await page.waitForSelector('#lab-ver-executed', { timeout: 110_000 });
  t.diagnostic(`counted in both versions in ${Date.now() - t0} ms`);
  const add = await page.evaluate(() => {
    const co = [...document.querySelectorAll('#lab-ver-result .vd-co')].find((d) => d.dataset.qualname === 'f');
    const row = [...co.querySelectorAll('.vd-row[data-kind]')].find((r) => r.querySelector('.vd-a .vd-op').textContent === 'BINARY_ADD');
    return [row.querySelector('.vd-a .vd-count').textContent, row.querySelector('.vd-b .vd-op').textContent, row.querySelector('.vd-b .vd-count').textContent];
  });
  assert.deepEqual(add, ['10', 'BINARY_OP', '10']);
  assert.match(await page.textContent('#lab-ver-executed'), /^Executed: [\d,]+ instructions in 3\.10, [\d,]+ in 3\.14/);
  await shot('1280-counts');
});

test('swap, only rows that differ, and a source with more code objects', { timeout: 60_000 }, async () => {
  await page.click('#lab-ver-swap');
  await waitForResult('3.14', '3.10');
  const rows = await rowsOf('f');
  const add = rows.find((r) => r.b?.[0] === 'BINARY_ADD');
  assert.deepEqual(add.a, ['BINARY_OP', '(+)']);
  assert.equal(rows.find((r) => r.a?.[0] === 'RESUME').kind, 'a-only');
  await page.click('#lab-ver-swap');
  await waitForResult('3.10', '3.14');

  await page.check('#lab-ver-diffs-only');
  const visible = await page.$$eval('#lab-ver-result .vd-co[data-qualname="f"] .vd-row[data-kind]', (rs) => rs.filter((r) => r.offsetParent !== null).map((r) => r.dataset.kind));
  assert.ok(visible.length > 0 && !visible.includes('same'), `only differing rows: ${visible}`);
  await page.uncheck('#lab-ver-diffs-only');

  // The editor changes: the listing's version (3.14) is one of the two, so the comparison follows the edit.
  await setSource('class C:\n    def m(self, xs):\n        self.items.append(len(xs))\n        return [x * 2 for x in xs]\n');
  await page.waitForFunction(() => [...document.querySelectorAll('#lab-ver-result .vd-co')].some((d) => d.dataset.qualname === 'C.m'), null, { timeout: 30_000 });
  const m = await rowsOf('C.m');
  const method = m.find((r) => r.a?.[0] === 'LOAD_METHOD');
  assert.deepEqual(method?.b, ['LOAD_ATTR', '(append + NULL|self)'], 'LOAD_METHOD beside LOAD_ATTR');
  const comp = await page.textContent('#lab-ver-result .vd-co[data-qualname="C.m.<locals>.<listcomp>"]');
  assert.match(comp, /only in 3\.10/);
  assert.match(comp, /inlines list, dict and set comprehensions/);
});

test('a version that cannot compile the source says so; user text is text', { timeout: 60_000 }, async () => {
  await setSource('type Pair = tuple[int, int]\n');
  await page.waitForSelector('#lab-ver-message .lab-stop', { timeout: 30_000 });
  assert.match(await page.textContent('#lab-ver-message .lab-stop'), /^CPython 3\.10\.\d+ cannot compile it: SyntaxError: invalid syntax \(line 1/);

  await setSource('def f():\n    return \'<img src=x onerror="window.__xss = 1">\'\n');
  await page.waitForFunction(() => (document.getElementById('lab-ver-result')?.textContent ?? '').includes('<img src=x'), null, { timeout: 30_000 });
  assert.equal(await page.$$eval('#lab-view img', (e) => e.length), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
});

test('a share link keeps the Lab tab and the two versions; old links still open', { timeout: 120_000 }, async () => {
  await setSource(SOURCE);
  await waitForResult('3.10', '3.14');
  const link = await shareLink(page);
  assert.match(link, /#s=[A-Za-z0-9_-]+$/);
  const other = await context.newPage();
  other.on('pageerror', (e) => pageErrors.push(e.message));
  await other.goto(link);
  await other.waitForSelector('#lab-cmp-versions:not([hidden])', { timeout: 60_000 });
  assert.equal(await other.getAttribute('#lab-cmp-mode-versions', 'aria-checked'), 'true');
  assert.equal(await other.inputValue('#lab-ver-a'), '3.10');
  assert.equal(await other.inputValue('#lab-ver-b'), '3.14');
  await waitForResult('3.10', '3.14', other);
  assert.equal((await rowsOf('f', other)).find((r) => r.a?.[0] === 'BINARY_ADD')?.b?.[0], 'BINARY_OP');
  await other.close();

  // A link made without the lab part opens the listing as before.
  const plain = await context.newPage();
  await plain.goto(env.server.url);
  await waitForUpdate(plain, 0, 60_000);
  const old = await shareLink(plain);
  const again = await context.newPage();
  await again.goto(old);
  await waitForUpdate(again, 0, 60_000);
  assert.equal(await again.isHidden('#lab-view'), true);
  await plain.close();
  await again.close();
});

test('two versions other than the listing\'s: at most two compile workers, and the listing still works after', { timeout: 120_000 }, async () => {
  await page.selectOption('#lab-ver-a', '3.13');
  await waitForResult('3.13', '3.14');
  await page.selectOption('#lab-ver-b', '3.15');
  await waitForResult('3.13', '3.15');
  assert.ok(runtimeWorkers() <= 2, `at most two compile workers (${runtimeWorkers()})`);
  assert.equal((await rowsOf('f')).find((r) => r.a?.[0] === 'BINARY_OP')?.b?.[0], 'BINARY_OP');
  // The listing's runtime (3.14) was replaced: an edit now shows the stale note instead of recompiling in two
  // other versions, and the listing starts its runtime again.
  await page.click('#tab-listing');
  await setSource('answer = 6 * 7\n');
  assert.ok((await listingOps(page)).includes('STORE_NAME'));
  assert.equal(await page.isHidden('#error-banner'), true, 'no error from the replaced runtime');
  assert.ok(runtimeWorkers() <= 2);
  await page.click('#tab-lab');
  await page.waitForSelector('#lab-ver-stale:not([hidden])');
  await page.click('#lab-ver-again');
  await page.waitForFunction(() => [...document.querySelectorAll('#lab-ver-result .vd-co')].length === 1 && document.getElementById('lab-ver-stale')?.hidden, null, { timeout: 60_000 });
  assert.deepEqual(pageErrors, []);
});

test('a narrow pane stacks the two sides', { timeout: 60_000 }, async () => {
  const narrow = await context.newPage();
  await narrow.setViewportSize({ width: 420, height: 860 });
  await narrow.goto(env.server.url);
  await waitForUpdate(narrow, 0, 60_000);
  await setSource(SOURCE, narrow);
  await openVersions(narrow);
  await waitForResult('3.10', '3.14', narrow);
  const geo = await narrow.evaluate(() => {
    const co = [...document.querySelectorAll('#lab-ver-result .vd-co')].find((d) => d.dataset.qualname === 'f');
    const row = [...co.querySelectorAll('.vd-row[data-kind="renamed"]')].find((r) => r.querySelector('.vd-a .vd-op').textContent === 'BINARY_ADD');
    const a = row.querySelector('.vd-a .vd-op').getBoundingClientRect();
    const b = row.querySelector('.vd-b .vd-op').getBoundingClientRect();
    return { aTop: a.top, bTop: b.top, aLeft: a.left, bLeft: b.left, width: document.documentElement.scrollWidth };
  });
  assert.ok(geo.bTop > geo.aTop, `B below A: ${JSON.stringify(geo)}`);
  assert.equal(Math.round(geo.aLeft), Math.round(geo.bLeft), 'in the same column');
  assert.ok(geo.width <= 420, `no horizontal page scroll (${geo.width})`);
  await narrow.evaluate(() => [...document.querySelectorAll('#lab-ver-result .vd-co')].find((d) => d.dataset.qualname === 'f').scrollIntoView());
  await shot('420', narrow);
  await narrow.close();
});
