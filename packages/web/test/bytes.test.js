// The Bytes view of the explorer (explorer/bytes-view.ts) in headless Chromium: hovering a byte shows its path as the
// core's byte map names it; selecting an instruction in the listing marks its two bytes (and its caches) in co_code,
// and clicking a byte of co_code selects its instruction; clicking elsewhere selects what the bytes encode; the .pyc
// can be downloaded; a large file builds only the rows in view; a hostile .pyc's strings stay text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { byteMap, childByLabel, childRanges, formatRangePath, resolveRef } from '@bytescope/core';
import { setSource, startExplorer, updates, waitForUpdate } from './browser.js';
import { XSS_CONST, bigPyc, xssPyc } from './fixtures.js';

let env;
let page;
const pageErrors = [];
const dialogs = [];

before(async () => {
  ({ env, page } = await startExplorer({ pageErrors }));
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
});
after(async () => { await env?.close(); });

/** The .pyc bytes the page shows and its JSON model. */
async function pageState() {
  const s = await page.evaluate(() => {
    const st = window.__bytescope.state;
    return { bytes: [...st.pycBytes], model: JSON.parse(JSON.stringify(st.model, (_k, v) => (typeof v === 'bigint' ? String(v) : v))) };
  });
  return { data: Uint8Array.from(s.bytes), model: s.model };
}

/** The range of the code object named `name` and its co_code payload, found with the core in Node. */
function codeRanges(map, name) {
  const r = map.ranges.findIndex((x) => x.objectType === 'code' && x.kind === 'object' && x.detail === `code ${name}`);
  assert.ok(r >= 0, `no code object ${name} in the map`);
  const payload = map.ranges[childByLabel(map, resolveRef(map, childByLabel(map, r, 'co_code')), 'payload')];
  return { r, payload };
}

/** The hex cell of byte `i` (scrolled into view first). */
async function cell(i) {
  await page.evaluate((i) => {
    const s = document.querySelector('#bytes-view .bx-scroll');
    const h = parseFloat(getComputedStyle(s).getPropertyValue('--bx-row')) || 18;
    const top = Math.floor(i / 16) * h;
    if (top < s.scrollTop || top + h > s.scrollTop + s.clientHeight) s.scrollTop = Math.max(0, top - 40);
    s.dispatchEvent(new Event('scroll'));
  }, i);
  const sel = `#bytes-view .bx-hex .b[data-i="${i}"]`;
  await page.waitForSelector(sel);
  return sel;
}

const SOURCE = 'def f(x):\n    return x + 1\n\nlabel = "bytes"\nprint(f(2), label)\n';

test('hovering a byte shows its path, as the byte map names it', { timeout: 60_000 }, async () => {
  await setSource(page, SOURCE);
  await page.click('#tab-bytes');
  await page.waitForSelector('#bytes-view .bx-row');
  const { data, model } = await pageState();
  assert.equal(model.code_objects[1].co_name, 'f');
  const map = byteMap(data);
  assert.match(await page.textContent('#bytes-view .bx-summary'), new RegExp(`^editor\\.cpython-314\\.pyc: ${data.length} bytes, CPython 3\\.14, ${map.ranges.length} ranges$`));
  const { payload } = codeRanges(map, 'f');
  // Every byte of f's bytecode, and the header's first and last bytes.
  for (const i of [0, 15, payload.start, payload.start + 3, payload.end - 1]) {
    await page.hover(await cell(i));
    const leaf = map.leaves.find((li) => map.ranges[li].start <= i && i < map.ranges[li].end);
    const text = await page.textContent('#bytes-view .bx-path');
    assert.ok(text.startsWith(formatRangePath(map, leaf)), `byte ${i}: ${text}`);
  }
  await page.hover(await cell(payload.start + 1));
  assert.match(await page.textContent('#bytes-view .bx-path'), /^code <module> › co_consts › \[\d+\] › code f › co_code › payload · bytes \d+–\d+$/);
  await page.hover(await cell(0));
  assert.match(await page.textContent('#bytes-view .bx-path'), /^header › magic — 3627: CPython 3\.14 · bytes 0–3$/);
});

test('an instruction selected in the listing marks its two bytes and its caches in co_code', { timeout: 60_000 }, async () => {
  const { data, model } = await pageState();
  const map = byteMap(data);
  for (const co of model.code_objects) {
    const { payload } = codeRanges(map, co.co_name);
    const ins = co.instructions;
    for (let k = 0; k < ins.length; k++) {
      await page.click(`#listing .ins[data-co="${co.index}"][data-offset="${ins[k].offset}"] .c-op`);
      const at = payload.start + ins[k].offset;
      const end = payload.start + (k + 1 < ins.length ? ins[k + 1].offset : co.code_size);
      await page.waitForSelector(`#bytes-view .bx-hex .b.mk[data-i="${at}"]`);
      const marked = await page.$$eval('#bytes-view .bx-hex .b.mk', (c) => c.map((x) => [Number(x.dataset.i), x.textContent]));
      assert.deepEqual(marked, [[at, data[at].toString(16).padStart(2, '0')], [at + 1, data[at + 1].toString(16).padStart(2, '0')]], `${co.co_name} ${ins[k].opname}`);
      assert.equal(data[at], ins[k].opcode, `${ins[k].opname}: its first byte is its opcode`);
      assert.equal(data[at + 1], (ins[k].arg ?? 0) & 0xff, `${ins[k].opname}: its second byte is its argument`);
      const caches = await page.$$eval('#bytes-view .bx-hex .b.mc', (c) => c.map((x) => Number(x.dataset.i)));
      assert.deepEqual(caches, Array.from({ length: end - at - 2 }, (_, j) => at + 2 + j), `${ins[k].opname}: its caches`);
      const units = (ins[k].cache?.fields ?? []).reduce((n, f) => n + f.size, 0);
      assert.equal(caches.length, 2 * units, `${ins[k].opname}: ${units} cache entries`);
    }
  }
  assert.match(await page.textContent('#bytes-view .bx-sel'), /· RETURN_VALUE at offset \d+: bytes \d+–\d+$/);
});

test('clicking a byte of co_code selects its instruction; elsewhere, what the bytes encode', { timeout: 60_000 }, async () => {
  const { data, model } = await pageState();
  const map = byteMap(data);
  const f = model.code_objects[1];
  const { payload } = codeRanges(map, 'f');
  // The first and the last byte of each instruction (its opcode; its argument or last cache entry) select it.
  for (let k = 0; k < f.instructions.length; k++) {
    const ins = f.instructions[k];
    const end = k + 1 < f.instructions.length ? f.instructions[k + 1].offset : f.code_size;
    for (const at of [ins.offset, end - 1]) {
      await page.click(await cell(payload.start + at));
      assert.equal(await page.$eval('#listing .ins.selected', (r) => `${r.dataset.co}:${r.dataset.offset}`), `1:${ins.offset}`, `byte ${at} of f's code`);
    }
  }
  assert.match(await page.textContent('#help-panel'), /RETURN_VALUE/);
  // A byte of the module's constant "bytes": the constant is selected, and marked in the inspector.
  const root = childByLabel(map, -1, 'object');
  const consts = resolveRef(map, childByLabel(map, root, 'co_consts'));
  const k = model.code_objects[0].co_consts.findIndex((c) => c.repr === "'bytes'");
  const item = map.ranges[childByLabel(map, consts, `[${k}]`)];
  await page.click(await cell(item.end - 1));
  assert.equal(await page.textContent('#inspector li.hl'), "'bytes'");
  assert.match(await page.textContent('#bytes-view .bx-sel'), new RegExp(`^code <module> › co_consts › \\[${k}\\] — "bytes" · \\d+ bytes at ${item.start}$`));
  const selected = await page.$$eval('#bytes-view .bx-hex .b.sel', (c) => c.map((x) => Number(x.dataset.i)));
  assert.deepEqual(selected, Array.from({ length: item.end - item.start }, (_, j) => item.start + j));
  // The breadcrumb selects an ancestor: co_consts as a whole.
  await page.click('#bytes-view .bx-crumb:has-text("co_consts")');
  const c = map.ranges[consts];
  const cells = await page.$$eval('#bytes-view .bx-hex .b[data-i]', (x) => x.map((y) => [Number(y.dataset.i), y.classList.contains('sel')]));
  assert.ok(cells.some(([, sel]) => sel));
  for (const [i, sel] of cells) assert.equal(sel, i >= c.start && i < c.end, `byte ${i}`);
  assert.match(await page.textContent('#bytes-view .bx-sel'), /^code <module> › co_consts — tuple of \d+ · \d+ bytes at \d+$/);
});

test('the .pyc can be downloaded: the bytes CPython wrote', { timeout: 30_000 }, async () => {
  const { data } = await pageState();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#bytes-download')]);
  assert.equal(dl.suggestedFilename(), 'editor.cpython-314.pyc');
  const saved = readFileSync(await dl.path());
  assert.deepEqual([...saved], [...data]);
});

test('a large .pyc: only the rows in view are built, and scrolling shows the end', { timeout: 60_000 }, async () => {
  const data = bigPyc(1500);
  assert.ok(data.length > 200_000, `${data.length} bytes`);
  const n = await updates(page);
  const t0 = Date.now();
  await page.setInputFiles('#file-input', { name: 'big.cpython-312.pyc', mimeType: 'application/octet-stream', buffer: Buffer.from(data) });
  await waitForUpdate(page, n);
  await page.waitForFunction((size) => document.querySelector('#bytes-view .bx-summary')?.textContent.includes(`${size} bytes`), data.length);
  const shown = Date.now() - t0;
  const rows = await page.$$eval('#bytes-view .bx-row', (r) => r.length);
  assert.ok(rows > 10 && rows < 120, `${rows} rows built for ${Math.ceil(data.length / 16)}`);
  const ms = await page.evaluate(async () => {
    const s = document.querySelector('#bytes-view .bx-scroll');
    const t = performance.now();
    s.scrollTop = s.scrollHeight;
    s.dispatchEvent(new Event('scroll'));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t;
  });
  const last = Math.ceil(data.length / 16) - 1;
  await page.waitForSelector(`#bytes-view .bx-hex .b[data-i="${data.length - 1}"]`);
  assert.equal(await page.$eval(`#bytes-view .bx-row[data-row="${last}"] .bx-off`, (e) => e.textContent), (last * 16).toString(16).padStart(8, '0'));
  assert.ok(await page.$$eval('#bytes-view .bx-row', (r) => r.length) < 120);
  console.log(`${data.length} bytes: listing and bytes shown ${shown} ms after the drop; scrolled to the end in ${ms.toFixed(0)} ms`);
  assert.ok(ms < 500, `scrolling to the end took ${ms} ms`);
  // A byte of the last function's string: its path names the function.
  const map = byteMap(data);
  await page.hover(await cell(map.ranges[codeRanges(map, 'function_number_1499').r].end - 3));
  assert.match(await page.textContent('#bytes-view .bx-path'), /^code <module> › co_consts › \[1500\] › code function_number_1499 › /);
  await page.click('#tab-source');
  await page.click('#close-pyc');
  await waitForUpdate(page, n + 1);
  await page.click('#tab-bytes');
});

test('a .pyc file: the bytes of the file, its strings as text', { timeout: 60_000 }, async () => {
  const n = await updates(page);
  await page.setInputFiles('#file-input', { name: 'evil.cpython-312.pyc', mimeType: 'application/octet-stream', buffer: Buffer.from(xssPyc()) });
  await waitForUpdate(page, n);
  assert.equal(await page.textContent('#tab-source'), 'Header');
  await page.waitForSelector('#bytes-view .bx-row');
  const data = xssPyc();
  const map = byteMap(data);
  const root = childByLabel(map, -1, 'object');
  const consts = resolveRef(map, childByLabel(map, root, 'co_consts'));
  const item = map.ranges[childRanges(map, consts)[2]];
  assert.equal(item.detail, JSON.stringify(XSS_CONST));
  await page.click(await cell(item.start + 6));
  assert.match(await page.textContent('#bytes-view .bx-sel'), /code <module> › co_consts › \[0\] — "<img src=x onerror=alert\(1\)>"/);
  assert.equal(await page.$$eval('#bytes-view img, #bytes-view svg, #bytes-view script', (e) => e.length), 0);
  // Its bytes are the file's: the magic of 3.12 first.
  await page.hover(await cell(1));
  assert.match(await page.textContent('#bytes-view .bx-path'), /^header › magic — 3531: CPython 3\.12/);
  await page.click('#tab-source');
  await page.click('#close-pyc');
  await waitForUpdate(page, n + 1);
  assert.equal(await page.isVisible('#editor'), true);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(pageErrors, []);
});
