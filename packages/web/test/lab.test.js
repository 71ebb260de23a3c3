// End-to-end tests of the explorer's performance lab (the Lab tab) in headless Chromium, on the default CPython
// 3.14 runtime: Run with counts (histogram, listing bars, heat map), Specialize, Compare with a preset, the stop of
// a runaway loop, user output rendered as text, and the hints. One browser and one page; the tests run in order and
// share the lab's runtime (a Web Worker of its own, loaded once).
//
// BYTESCOPE_SCREENSHOTS=/some/dir saves a screenshot of each panel (1280×800) there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PRESETS } from '@bytescope/python/lab/portable';
import { screenshot, setSource as setSourceOf, startExplorer, updates, waitForUpdate } from './browser.js';

const N = 20000; // iterations of the "faster in a function" preset's loops

let env;
let page;
const pageErrors = [];

const shot = (name) => screenshot(page, `lab-${name}`);

/** Replaces the editor's source and waits for its listing. */
const setSource = (text) => setSourceOf(page, text, 30_000);

/** Shows the Lab tab and one of its panels. */
async function openPanel(id) {
  if ((await page.getAttribute('#tab-lab', 'aria-selected')) !== 'true') await page.click('#tab-lab');
  await page.click(`#lab-tab-${id}`);
  await page.waitForSelector(`#lab-${id === 'run' ? 'run' : id}:not([hidden])`);
}

/** The histogram as { opname: count }. */
function histogram() {
  return page.$$eval('#lab-run-result .lab-hist-row', (rows) => Object.fromEntries(rows.map((r) => [r.dataset.op, Number(r.querySelector('.lab-hist-n').textContent.replace(/,/g, ''))])));
}

before(async () => {
  ({ env, page } = await startExplorer({ pageErrors }));
});

after(async () => {
  await env?.close();
});

test('the Lab tab loads its own runtime', { timeout: 120_000 }, async (t) => {
  const t0 = Date.now();
  await openPanel('run');
  assert.equal(await page.isHidden('#listing'), true, 'the lab view replaces the listing');
  await page.waitForFunction(() => /^Lab runtime: CPython 3\.14\.\d+/.test(document.getElementById('lab-status')?.textContent ?? ''), null, { timeout: 110_000 });
  const workers = page.workers().map((w) => w.url());
  assert.ok(workers.some((u) => /lab-worker/.test(u)), `a lab worker: ${workers.join(', ')}`);
  assert.ok(workers.some((u) => /compile-worker/.test(u)), 'beside the compile worker');
  t.diagnostic(`lab runtime ready in ${Date.now() - t0} ms`);
});

test('Run with counts: the module-level loop shows LOAD_NAME/STORE_NAME in the histogram, the listing bars and the heat map', { timeout: 60_000 }, async () => {
  const source = PRESETS['faster-in-function'].variants[0].source; // total = 0 / for i in range(20000): total += i
  await setSource(source);
  await openPanel('run');
  await page.click('#lab-run-go');
  await page.waitForSelector('#lab-run-result .lab-hist', { timeout: 30_000 });
  const h = await histogram();
  assert.ok(h.LOAD_NAME >= 2 * N && h.LOAD_NAME <= 2 * N + 5, `LOAD_NAME ${h.LOAD_NAME}`);
  assert.ok(h.STORE_NAME >= 2 * N && h.STORE_NAME <= 2 * N + 5, `STORE_NAME ${h.STORE_NAME}`);
  assert.ok(!Object.keys(h).some((op) => op.includes('_FAST')), `no *_FAST at module level: ${Object.keys(h)}`);
  assert.match(await page.textContent('#lab-run-result .lab-summary'), /instructions executed in CPython 3\.14\.\d+ \(sys\.monitoring/);
  await shot('run');

  // The same counts as bars on the listing rows.
  await page.click('#lab-run-to-listing');
  await page.waitForSelector('#listing:not([hidden]) .ins.lab-counted');
  const rows = await page.$$eval('#listing .ins[data-offset]', (rs) => rs.map((r) => ({
    op: r.querySelector('.c-op').textContent, arg: r.querySelector('.c-argrepr').textContent,
    count: r.dataset.labCount, frac: Number(r.style.getPropertyValue('--lab-frac')),
  })));
  const row = (op, arg) => rows.find((r) => r.op === op && r.arg === arg && r.count !== '1');
  assert.equal(row('LOAD_NAME', '(total)')?.count, '20,000', JSON.stringify(rows));
  assert.equal(row('STORE_NAME', '(i)')?.count, '20,000');
  assert.equal(row('STORE_NAME', '(total)')?.count, '20,000');
  assert.ok(rows.every((r) => r.count !== undefined), 'every row has a count');
  const forIter = rows.find((r) => r.op === 'FOR_ITER');
  assert.equal(forIter.count, '20,001');
  assert.equal(forIter.frac, 1, 'the largest count has the full bar');
  const bar = await page.$eval('#listing .ins.lab-counted', (r) => getComputedStyle(r, '::after').content);
  assert.match(bar, /\d/, 'the count is drawn in the row');
  await shot('listing-bars');

  // The heat map: the loop body is the hottest line, the first line is cool.
  const heat = await page.$$eval('.cm-content .cm-line', (ls) => ls.map((l) => [...l.classList].find((c) => /^cm-heat-\d$/.test(c)) ?? ''));
  assert.equal(heat[2], 'cm-heat-5', `line 3 (total += i): ${heat}`);
  assert.equal(heat[0], 'cm-heat-1', `line 1 (total = 0): ${heat}`);

  // Editing the source hides the stale counts; the original source brings them back with the next listing.
  const n = await updates(page);
  await page.click('.cm-content');
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('x = 1');
  await page.waitForFunction(() => !document.querySelector('#listing .ins.lab-counted') && !document.querySelector('.cm-line[class*="cm-heat-"]'), null, { timeout: 10_000 });
  await waitForUpdate(page, n);
  await setSource(source);
  await page.waitForSelector('#listing .ins.lab-counted', { timeout: 10_000 });
});

test('Specialize: BINARY_OP becomes BINARY_OP_ADD_INT after warm-up, beside the base bytecode', { timeout: 60_000 }, async () => {
  await setSource('def add(a, b):\n    return a + b\n\ndef mixed(a, b):\n    return a < b\n');
  await openPanel('specialize');
  assert.equal(await page.isVisible('#lab-spec-unsupported'), false, 'no "not on 3.10" notice on 3.14');
  await page.fill('#lab-spec-call', 'add(1, 2), mixed(1, 2.5)');
  await page.fill('#lab-spec-warmup', '50');
  await page.click('#lab-spec-go');
  await page.waitForSelector('#lab-spec-result .lab-spec-table', { timeout: 30_000 });
  const add = await page.$$eval('#lab-spec-result .lab-spec-code[data-code^="add:"] .lab-spec-row[data-base]', (rs) => rs.map((r) => ({
    base: r.dataset.base, now: r.dataset.adaptive, cls: r.className, changed: r.querySelector('.lab-spec-now').classList.contains('lab-changed'),
  })));
  const op = add.find((r) => r.base === 'BINARY_OP');
  assert.ok(op, JSON.stringify(add));
  assert.equal(op.now, 'BINARY_OP_ADD_INT');
  assert.match(op.cls, /state-specialized/);
  assert.equal(op.changed, true, 'the specialized name is highlighted');
  const chips = await page.$$eval('#lab-spec-result .lab-chip', (c) => c.map((x) => x.dataset.op));
  assert.ok(chips.includes('BINARY_OP_ADD_INT'), chips.join(' '));
  // int < float stays unspecialized, with the engine's reason in words; caches are shown.
  const mixed = await page.$eval('#lab-spec-result .lab-spec-code[data-code^="mixed:"] .lab-spec-row[data-base="COMPARE_OP"]', (r) => ({ cls: r.className, reason: r.nextElementSibling?.textContent ?? '' }));
  assert.match(mixed.cls, /state-unspecialized/);
  assert.match(mixed.reason, /could specialize, did not: .*(int|float|COMPARE_OP)/);
  assert.match(await page.textContent('#lab-spec-result'), /cache: counter \d+/);
  // How much warm-up ran, and the call expression's code object named by its expression, not a second <module>.
  assert.match(await page.textContent('#lab-spec-result .lab-summary'), /^Specialization after warm-up, CPython 3\.14\.\d+ \(50 calls of add\(1, 2\), mixed\(1, 2\.5\)\)/);
  const titles = await page.$$eval('#lab-spec-result .lab-spec-code h4', (hs) => hs.map((h) => h.firstChild?.textContent ?? ''));
  assert.ok(titles.some((t) => t.startsWith('call expression add(1, 2), mixed(1, 2.5) — ')), titles.join(' | '));
  assert.equal(titles.filter((t) => t.startsWith('<module>')).length, 1, titles.join(' | '));
  await shot('specialize');
});

test('Compare: the "faster in a function" preset shows a ratio above 1.3 and both variants\' counts side by side', { timeout: 90_000 }, async (t) => {
  await openPanel('compare');
  assert.equal(await page.inputValue('#lab-cmp-preset'), 'faster-in-function');
  assert.equal(await page.$$eval('#lab-cmp-variants .lab-variant .cm-editor', (e) => e.length), 2, 'two editors');
  assert.match(await page.textContent('#lab-compare'), /Times in WebAssembly are slower than native CPython; the ratios are what matters\./);
  // The time limit is not what this measures: raised, so that a loaded machine slowing the counted passes does not
  // stop a variant (the limit's own tests are below); put back afterwards, whatever happens.
  await page.fill('#lab-limit', '20');
  await page.$eval('#lab-limit', (e) => e.dispatchEvent(new Event('change')));
  t.after(async () => {
    await page.fill('#lab-limit', '1.5');
    await page.$eval('#lab-limit', (e) => e.dispatchEvent(new Event('change')));
  });
  let ratio = 0;
  let measurable = false;
  // A browser has only the wall clock: a burst of load can leave a run without a measurable result; measured again
  // then, at most three times.
  for (let attempt = 1; attempt <= 3 && (ratio <= 1.3 || !measurable); attempt++) {
    await page.click('#lab-cmp-go');
    await page.waitForSelector('#lab-cmp-go:not([disabled])', { timeout: 60_000 });
    await page.waitForSelector('#lab-cmp-ratio', { timeout: 5_000 });
    ratio = Number(await page.getAttribute('#lab-cmp-ratio', 'data-ratio'));
    measurable = (await page.getAttribute('#lab-cmp-ratio', 'data-measurable')) === 'true';
    t.diagnostic(`attempt ${attempt}: ${await page.textContent('#lab-cmp-ratio')}`);
  }
  assert.ok(ratio > 1.3, `ratio ${ratio}`);
  assert.match(await page.textContent('#lab-cmp-ratio'), /in a function is \d+\.\d\d× faster than module level \(\d+ % interval \d+\.\d\d–\d+\.\d\d, median of \d+ rounds\)/);
  assert.equal(await page.getAttribute('#lab-cmp-ratio', 'data-measurable'), 'true');
  assert.match(await page.textContent('#lab-cmp-method'), /^\d+ interleaved rounds after \d+ warm-up rounds?( \([^)]*\))?(, \d+ timed again \([^)]*\))?; in each, every variant ran its calibrated loop count \(module level ×\d+, in a function ×\d+\)/);
  const mix = await page.$$eval('#lab-cmp-mix tbody tr[data-op]', (rs) => Object.fromEntries(rs.map((r) => [r.dataset.op, {
    counts: [...r.querySelectorAll('td.lab-num')].map((td) => Number(td.textContent.replace(/,/g, ''))), diff: r.classList.contains('lab-diff-big'),
  }])));
  assert.deepEqual(await page.$$eval('#lab-cmp-mix thead th', (t) => t.map((x) => x.textContent)), ['opname', 'module level', 'in a function']);
  const [loadName, storeFast] = [mix.LOAD_NAME, mix.STORE_FAST];
  assert.ok(loadName.counts[0] >= 2 * N && loadName.counts[1] < 10 && loadName.diff, JSON.stringify(loadName));
  assert.ok(storeFast.counts[0] === 0 && storeFast.counts[1] >= 2 * N && storeFast.diff, JSON.stringify(storeFast));
  assert.equal(mix.BINARY_OP.diff, false, 'the same additions in both');
  assert.equal(await page.$$eval('#lab-cmp-times tbody tr', (r) => r.length), 2);
  await shot('compare');
  await page.$eval('#lab-cmp-mix', (e) => e.scrollIntoView());
  await shot('compare-counts');
});

/**
 * Clicks Run and waits for the stop message. Returns the time from the click to the message as the page saw it
 * (`page`, a listener on the button and an observer on the message) and as the test saw it (`outside`, with the
 * browser automation's own latency), the message, and how long the page took to answer during the run.
 */
async function runUntilStopped() {
  await page.evaluate(() => {
    window.__labStop = {};
    document.getElementById('lab-run-go').addEventListener('click', () => { window.__labStop.click = performance.now(); }, { capture: true, once: true });
    new MutationObserver((_, o) => {
      if (!document.querySelector('#lab-run-message .lab-stop')) return;
      window.__labStop.message = performance.now();
      o.disconnect();
    }).observe(document.getElementById('lab-run-message'), { childList: true, subtree: true });
  });
  const t0 = Date.now();
  await page.click('#lab-run-go');
  const ping = Date.now();
  await page.evaluate(() => 1); // the page answers while the program runs
  const pingMs = Date.now() - ping;
  await page.waitForSelector('#lab-run-message .lab-stop', { timeout: 15_000 });
  const outside = Date.now() - t0;
  const inPage = await page.evaluate(() => window.__labStop.message - window.__labStop.click);
  return { inPage, outside, pingMs, message: await page.textContent('#lab-run-message .lab-stop') };
}

test('a runaway loop is stopped at the time limit with a clear message, and the page stays responsive', { timeout: 90_000 }, async (t) => {
  await setSource('while True:\n    pass\n');
  await openPanel('run');
  const py = await runUntilStopped();
  t.diagnostic(`while True: pass — stop message ${py.inPage.toFixed(0)} ms after the click in the page (${py.outside} ms seen by the test); the page answered in ${py.pingMs} ms meanwhile`);
  assert.match(py.message, /^stopped: the program took longer than 1\.5 s \(the time limit\)\. What it printed and counted until then is shown below, marked partial\. Allow 6\.0 s and run again$/);
  // The limit is 1.5 s; a loaded machine delays the worker's check and the page's update (not by seconds).
  assert.ok(py.inPage < 1500 + 3000, `stop message ${py.inPage} ms after the click`);
  assert.ok(py.outside < 1500 + 6000, `stop message after ${py.outside} ms (test's view)`);
  assert.ok(py.pingMs < 1000, `the page answered in ${py.pingMs} ms during the run`);
  assert.equal(await page.isEnabled('#lab-run-go'), true, 'Run is enabled again');
  assert.match(await page.textContent('#lab-run-result'), /Partial: counts until it was stopped/);
  await shot('stopped');

  // A loop inside C code, which the counting cannot interrupt: the session terminates the lab worker (only it).
  const workersBefore = page.workers().length;
  await setSource('import itertools\nsum(itertools.count())\n');
  const c = await runUntilStopped();
  t.diagnostic(`sum(itertools.count()) — stop message ${c.inPage.toFixed(0)} ms after the click (${c.outside} ms seen by the test): ${c.message}`);
  assert.match(c.message, /^stopped after \d+(\.\d)? s: the program took longer than 1\.5 s \(the time limit\) inside code the lab cannot interrupt, so its runtime was stopped \(its output is lost\)\. The lab runtime was restarted\. Allow 6\.0 s and run again$/);
  assert.ok(c.inPage < 1500 + 3000, `stop message ${c.inPage} ms after the click`);
  // The killed worker is gone and a new one starts at once; the compile worker stays.
  const labWorkers = () => page.workers().filter((w) => /lab-worker/.test(w.url())).length;
  for (let i = 0; i < 40 && labWorkers() !== 1; i++) await page.waitForTimeout(50);
  assert.equal(labWorkers(), 1, 'one lab worker (the new one)');
  assert.equal(page.workers().length, workersBefore, 'no other worker was stopped or added');

  // The page still responds: typing updates the listing (the compile worker was not touched), and the lab runs
  // the next program in its new runtime.
  await page.click('#tab-listing');
  await setSource('answer = 6 * 7\nprint(answer)\n');
  assert.ok((await page.$$eval('#listing .c-argrepr', (e) => e.map((x) => x.textContent))).includes('(answer)'));
  await openPanel('run');
  await page.click('#lab-run-go');
  await page.waitForFunction(() => document.querySelector('#lab-run-result pre[data-stream="stdout"]')?.textContent === '42\n', null, { timeout: 60_000 });
  assert.equal(await page.$$eval('#lab-run-message .lab-stop', (e) => e.length), 0, 'the stop message is gone');
});

test('a stop keeps the output so far; "Allow longer" raises the visible limit and a 3-second program finishes', { timeout: 120_000 }, async (t) => {
  await page.click('#tab-listing');
  await setSource("import time\nprint('started')\nt0 = time.time()\nn = 0\nwhile time.time() - t0 < 3:\n    n += 1\nprint('done after', round(time.time() - t0), 's')\n");
  await openPanel('run');
  assert.equal(await page.inputValue('#lab-limit'), '1.5', 'the limit is shown');
  await page.click('#lab-run-go');
  await page.waitForSelector('#lab-run-message .lab-stop', { timeout: 30_000 });
  assert.match(await page.textContent('#lab-run-message .lab-stop'), /^stopped: the program took longer than 1\.5 s \(the time limit\)/);
  // Partial: what it printed, and the counts of the loop so far.
  assert.equal(await page.textContent('#lab-run-result pre[data-stream="stdout"]'), 'started\n');
  assert.match(await page.textContent('#lab-run-result .lab-partial'), /^Partial: counts until it was stopped \([\d,]+ instructions\)/);
  const hist = await histogram();
  assert.ok((hist.LOAD_NAME ?? 0) > 1000, JSON.stringify(hist));
  await page.click('#lab-allow-longer');
  assert.equal(await page.inputValue('#lab-limit'), '6', 'the raised limit is shown');
  await page.waitForFunction(() => /done after 3 s/.test(document.querySelector('#lab-run-result pre[data-stream="stdout"]')?.textContent ?? ''), null, { timeout: 60_000 });
  assert.equal(await page.$$eval('#lab-run-message .lab-stop', (e) => e.length), 0, 'no stop message');
  assert.match(await page.textContent('#lab-run-result'), /instructions executed/);
  assert.equal(await page.$$eval('#lab-run-result .lab-partial', (e) => e.length), 0, 'not partial');
  t.diagnostic('a 3 s program: stopped at 1.5 s with its output so far, finished after "Allow 6.0 s"');
  // The field sets the limit too.
  await page.fill('#lab-limit', '1.5');
  await page.press('#lab-limit', 'Enter');
  await page.$eval('#lab-limit', (e) => e.dispatchEvent(new Event('change')));
  assert.equal(await page.inputValue('#lab-limit'), '1.5');
});

test('user output, exceptions and names are text, never HTML', { timeout: 60_000 }, async () => {
  await setSource([
    "print('<img src=x onerror=\"window.__xss = 1\">')",
    'import sys',
    "print('<b>bold</b><script>window.__xss = 2</script>', file=sys.stderr)",
    "raise ValueError('<img src=y onerror=\"window.__xss = 3\">')",
    '',
  ].join('\n'));
  await openPanel('run');
  await page.click('#lab-run-go');
  await page.waitForSelector('#lab-run-result .lab-exception', { timeout: 30_000 });
  assert.equal(await page.textContent('#lab-run-result pre[data-stream="stdout"]'), '<img src=x onerror="window.__xss = 1">\n');
  assert.equal(await page.textContent('#lab-run-result pre[data-stream="stderr"]'), '<b>bold</b><script>window.__xss = 2</script>\n');
  assert.match(await page.textContent('#lab-run-result .lab-exception p'), /^The program raised ValueError: <img src=y onerror="window\.__xss = 3"> \(line 4\)$/);
  assert.equal(await page.$$eval('#lab-view img, #lab-view script, #lab-view b', (e) => e.length), 0, 'no element made from the output');
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__xss), undefined);

  // A variant name in Compare is text too.
  await openPanel('compare');
  await page.fill('#lab-cmp-variants .lab-variant[data-index="0"] .lab-variant-name', '<img src=z onerror="window.__xss = 4">');
  await page.click('#lab-cmp-go');
  await page.waitForSelector('#lab-cmp-go:not([disabled])', { timeout: 60_000 });
  assert.ok((await page.$$eval('#lab-cmp-mix thead th', (t) => t.map((x) => x.textContent))).includes('<img src=z onerror="window.__xss = 4">'));
  assert.equal(await page.$$eval('#lab-view img', (e) => e.length), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
});

test('Hints: the module-level loop is flagged, with its explanation and a link to its preset', { timeout: 30_000 }, async () => {
  await setSource(PRESETS['faster-in-function'].variants[0].source);
  await openPanel('hints');
  await page.waitForSelector('#lab-hints-list .lab-hint[data-rule="module-level-loop"]');
  const text = await page.textContent('#lab-hints-list .lab-hint[data-rule="module-level-loop"]');
  assert.match(text, /Loop at module level/);
  assert.match(text, /LOAD_NAME/);
  await shot('hints');
  await page.click('#lab-hints-list .lab-hint[data-rule="module-level-loop"] [data-preset="faster-in-function"]');
  await page.waitForSelector('#lab-compare:not([hidden])');
  assert.equal(await page.inputValue('#lab-cmp-preset'), 'faster-in-function');

  // A function is not flagged.
  await setSource(PRESETS['faster-in-function'].variants[1].source);
  await openPanel('hints');
  await page.waitForFunction(() => /No hints for this code in CPython 3\.14/.test(document.getElementById('lab-hints-list')?.textContent ?? ''), null, { timeout: 10_000 });
});

test('Hints: code is shown as code elements, never as backquotes; the hints follow the source lines', { timeout: 30_000 }, async () => {
  await setSource([
    'def tabs(lines):',
    '    n = 0',
    '    for line in lines:',
    '        if "\\t" in line:',
    '            n += 1',
    '    return n',
    '',
    'def make():',
    '    line = [1, 2, 3]',
    '    return line',
    '',
    'class Job:',
    '    def run(self, xs):',
    "        self.log = ''",
    '        for x in xs:',
    "            self.log += '%d' % x",
    '            self.total = self.scale * x',
    '',
    'for n in range(3):',
    "    if n in ('`a`', 'b', 'c'):",
    '        pass',
  ].join('\n'));
  await openPanel('hints');
  await page.waitForSelector('#lab-hints-list .lab-hint[data-rule="string-concat-in-loop"]');
  const hints = await page.$$eval('#lab-hints-list .lab-hint', (xs) => xs.map((x) => ({
    rule: x.getAttribute('data-rule'),
    where: x.querySelector('.lab-hint-where')?.textContent ?? '',
    text: x.textContent ?? '',
    prose: [...x.querySelectorAll('h4, p, button')].flatMap((p) => [...p.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent)).join(''),
    codes: [...x.querySelectorAll('code')].map((c) => c.textContent),
  })));
  // `"\t" in line` is no list membership: `line = [1, 2, 3]` is make's variable, not tabs'.
  assert.ok(!hints.some((h) => h.rule === 'membership-in-list' && /tabs/.test(h.where)), JSON.stringify(hints));
  for (const h of hints) assert.ok(!h.prose.includes('`'), `backquotes in prose: ${h.text}`);
  const concat = hints.find((h) => h.rule === 'string-concat-in-loop');
  assert.ok(concat.codes.includes('self.log'), JSON.stringify(concat));
  // A constant holding a backquote is shown whole, as code.
  const member = hints.find((h) => h.rule === 'membership-in-list');
  assert.ok(member.codes.includes("('`a`', 'b', 'c')"), JSON.stringify(member));
  const firstLines = hints.map((h) => Number(/line[s]? (\d+)/.exec(h.where)?.[1]));
  assert.deepEqual(firstLines, [...firstLines].sort((a, b) => a - b));
});

test('Specialize says plainly that 3.10 has none; no page errors', { timeout: 30_000 }, async () => {
  await page.selectOption('#version', '3.10');
  await openPanel('specialize');
  assert.match(await page.textContent('#lab-spec-unsupported'), /CPython 3\.10 has no specializing interpreter: specialization arrived in 3\.11/);
  await shot('specialize-310');
  assert.deepEqual(pageErrors, []);
});
