// The Graph view (explorer/cfg-view.ts) and the listing's stack annotations, in headless Chromium: the graph of a
// function with a loop and a try/except (exception edges and a back edge drawn, unreachable blocks greyed), blocks
// and edges against the core's buildCfg run here in Node on the same .pyc bytes, a click on a block selecting its
// rows and marking its source, the depth toggle, the symbolic stack on hover, and the layout time of a 300-block
// function with the page responsive meanwhile.
//
// BYTESCOPE_SCREENSHOTS=/some/dir saves a screenshot of the graph there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildCfg, decodeCode, getVersion, readPyc } from '@bytescope/core';
import { REPO_ROOT, screenshot, setSource, showGraph, startExplorer, updates, waitForUpdate } from './browser.js';

const SNIPPET = `def f(xs):
    total = 0
    for x in xs:
        try:
            total += 1 / x
        except ZeroDivisionError:
            continue
    return total
`;
/** Corpus files with loops and handlers, compared block for block with buildCfg. */
const CORPUS = ['02_try_except_except.pyc', '01_loop_if_continue.pyc', '02_while1_if_while1.pyc'].map((f) => path.resolve(REPO_ROOT, '../shared/corpora/xdis/bytecode_3.12', f));

let started;
let page;
const pageErrors = [];

before(async () => {
  started = await startExplorer({ pageErrors });
  page = started.page;
});
after(async () => { await started?.env.close(); });

test('the graph of a loop with a try/except: exception edges, a back edge, a legend', { timeout: 120_000 }, async () => {
  await setSource(page, SNIPPET);
  const g = await showGraph(page, 1);
  assert.ok(g.blocks >= 6, `blocks: ${g.blocks}`);
  assert.ok(g.exception >= 1, `exception edges: ${g.exception}`);
  assert.ok(g.back >= 1, `back edges: ${g.back}`);
  assert.match(await page.textContent('#graph-legend'), /exception.*back edge/s);
  assert.match(await page.textContent('#graph-info'), new RegExp(`^${g.blocks} blocks, ${g.edges} edges, [1-9]\\d* loops`));
  // Every box shows its instructions with their depth; argreprs are text (a hostile one cannot become markup).
  assert.match(await page.textContent('svg.cfg g.cfg-block[data-block="0"]'), /B0 @0.*\d+ RESUME/s);
  await screenshot(page, 'cfg-graph');
});

test('clicking a block selects its rows in the listing and marks its source', { timeout: 60_000 }, async () => {
  // The block of the division: several instructions, all on line 5.
  const blk = await page.evaluate(() => {
    for (const g of document.querySelectorAll('svg.cfg g.cfg-block')) {
      if (/BINARY_OP.*\//.test(g.textContent ?? '')) return { block: g.getAttribute('data-block'), n: Number(g.getAttribute('data-instructions')) };
    }
    return null;
  });
  assert.ok(blk, 'a block with the division');
  await page.click(`svg.cfg g.cfg-block[data-block="${blk.block}"]`);
  await page.click('#tab-listing');
  const selected = await page.$$eval('#listing .ins.selected', (rs) => rs.map((r) => r.textContent));
  assert.equal(selected.length, blk.n);
  assert.ok(selected.some((t) => /BINARY_OP/.test(t)), selected.join('\n'));
  const marked = await page.$$eval('.cm-bs-span', (ms) => ms.map((m) => m.textContent).join(''));
  assert.match(marked, /1 \/ x/);
});

test('the depth toggle shows the depth before each instruction; hovering a row shows its symbolic stack', { timeout: 60_000 }, async () => {
  const before = await page.$eval('#listing .ins[data-offset]', (r) => getComputedStyle(r, '::before').content);
  assert.ok(before === 'none' || before === 'normal' || before === '', `no depth yet: ${before}`);
  await page.check('#toggle-depth');
  const depths = await page.$$eval('#listing .ins[data-offset]', (rs) => rs.map((r) => getComputedStyle(r, '::before').content));
  assert.ok(depths.length > 10);
  assert.ok(depths.every((d) => /^"(\d+|–)"$/.test(d)), depths.join(' '));
  assert.ok(depths.some((d) => d !== '"0"' && d !== '"–"'), 'some depth above 0');
  // Hover the division: two operands on the stack, `total` below `1` / `x` or so.
  const row = page.locator('#listing .ins[data-offset]', { hasText: 'BINARY_OP' }).filter({ hasText: '/' }).first();
  await row.hover();
  assert.match(await page.textContent('#sym-stack h3'), /Stack before \(depth [2-9]\)/);
  const slots = await page.$$eval('#sym-stack li', (ls) => ls.map((l) => l.textContent));
  assert.deepEqual(slots.slice(0, 2), ['x', '1'], slots.join(' | ')); // top first
  await screenshot(page, 'cfg-depth');
  await page.uncheck('#toggle-depth');
});

test('.pyc files: blocks and edges as buildCfg computes them in Node from the same bytes', { timeout: 120_000 }, async () => {
  const v = getVersion('3.12');
  for (const file of CORPUS) {
    const bytes = readFileSync(file);
    const pyc = readPyc(bytes);
    // The code objects in dis order.
    const codes = [];
    const stack = [pyc.code];
    while (stack.length) {
      const c = stack.pop();
      codes.push(c);
      for (let k = c.consts.length - 1; k >= 0; k--) if (c.consts[k].type === 'code') stack.push(c.consts[k].code);
    }
    const n = await updates(page);
    await page.setInputFiles('#file-input', { name: path.basename(file), mimeType: 'application/octet-stream', buffer: bytes });
    await waitForUpdate(page, n);
    for (let i = 0; i < codes.length; i++) {
      const cfg = buildCfg(decodeCode(codes[i], v), v);
      const g = await showGraph(page, i);
      const want = {
        blocks: cfg.blocks.length, edges: cfg.edges.length, exception: cfg.edges.filter((e) => e.kind === 'exception').length,
        back: cfg.edges.filter((e) => e.back).length, unreachable: cfg.unreachable.length,
      };
      const { layoutMs, totalMs, analysisMs, domMs, ...got } = g;
      assert.deepEqual(got, want, `${path.basename(file)} code object ${i}`);
    }
  }
  await page.click('#close-pyc');
});

test('speed: a 300-block function is laid out in under 1 s, the page responsive meanwhile', { timeout: 120_000 }, async () => {
  const body = Array.from({ length: 150 }, (_, i) => `    if x > ${i}:\n        x = g(x, ${i})\n`).join('');
  await page.click('#tab-listing');
  await setSource(page, `def big(x):\n${body}    return x\n`);
  await page.click('#tab-listing');
  // Ticks of the main thread while the graph is laid out: the longest gap says how responsive the page stayed.
  await page.evaluate(() => {
    const w = window;
    w.__gaps = { last: performance.now(), max: 0, on: true };
    const tick = () => { const t = performance.now(); w.__gaps.max = Math.max(w.__gaps.max, t - w.__gaps.last); w.__gaps.last = t; if (w.__gaps.on) setTimeout(tick, 0); };
    tick();
  });
  const t0 = Date.now();
  const g = await showGraph(page, 1);
  const wall = Date.now() - t0;
  const maxGap = await page.evaluate(() => { window.__gaps.on = false; return window.__gaps.max; });
  console.log(`# bench: ${g.blocks} blocks, ${g.edges} edges: ELK layout ${g.layoutMs.toFixed(0)} ms in the worker, analysis ${g.analysisMs.toFixed(0)} ms, SVG ${g.domMs.toFixed(0)} ms, analysis + layout + SVG ${g.totalMs.toFixed(0)} ms, ${wall} ms from the click; longest main-thread gap ${maxGap.toFixed(0)} ms`);
  assert.ok(g.blocks >= 300, `blocks: ${g.blocks}`);
  // Again, twice (the module, then the function again): the median of three is the figure (the VM's 2 cores are shared).
  const totals = [g.totalMs];
  for (let r = 0; r < 2; r++) {
    await showGraph(page, 0);
    const again = await showGraph(page, 1);
    totals.push(again.totalMs);
    console.log(`# bench: again: ELK layout ${again.layoutMs.toFixed(0)} ms, analysis + layout + SVG ${again.totalMs.toFixed(0)} ms`);
  }
  const median = totals.sort((a, b) => a - b)[1];
  console.log(`# bench: median of three ${median.toFixed(0)} ms (target 1000 ms)`);
  // The target is 1 s on an idle VM; the test runs alongside other work on 2 shared cores, so by default it asserts a
  // bound that catches a regression by a factor (BYTESCOPE_STRICT_BENCH=1 asserts the target itself).
  const bound = process.env.BYTESCOPE_STRICT_BENCH ? 1000 : 3000;
  assert.ok(median < bound, `median ${median} ms (${totals.join(', ')})`);
  // The layout runs in the worker: the main thread only builds the SVG (and the browser lays it out and paints it).
  assert.ok(maxGap < (process.env.BYTESCOPE_STRICT_BENCH ? 250 : 1500), `the main thread was blocked for ${maxGap} ms`);
  assert.deepEqual(pageErrors, []);
});
