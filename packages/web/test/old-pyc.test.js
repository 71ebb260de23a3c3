// The explorer with .pyc files of the versions before 3.10 (2.7, 3.0–3.9), from ../shared/corpora: dropped, they
// are listed from the core's reading (no runtime), the dis text is the core's, and a jump whose dis text has no
// argrepr (absolute jumps up to 3.9) still links to its target.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildCfg, computeStackDepths, decodeCode, disassembleToText, getVersion, readPyc } from '@bytescope/core';
import { REPO_ROOT, listingOps, showGraph, startPage, updates, waitForUpdate } from './browser.js';

const CORPORA = path.resolve(REPO_ROOT, '../shared/corpora/xdis');
/** A 3.9 module with two module-level JUMP_ABSOLUTE (`assert` in a loop). */
const PYC_39 = path.join(CORPORA, 'bytecode_3.9/01_assert2.pyc');
const OLD = [['2.7', 'bytecode_2.7/01_dead_code.pyc'], ['3.3', 'bytecode_3.3/04_raise.pyc'], ['3.5', 'bytecode_3.5/01_unicode.pyc']];
const skip = !existsSync(PYC_39) && 'no ../shared/corpora (the .pyc files these tests drop)';

let started;
let page;
const pageErrors = [];

before(async () => {
  if (skip) return;
  started = await startPage({ pageErrors });
  page = started.page;
  await page.goto(started.env.server.url);
  await page.waitForSelector('#listing');
});
after(async () => { await started?.env.close(); });

async function drop(file) {
  const bytes = readFileSync(file);
  const n = await updates(page);
  await page.evaluate(({ data, name }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(data)], name, { type: 'application/octet-stream' }));
    document.body.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, { data: [...bytes], name: path.basename(file) });
  await waitForUpdate(page, n, 20_000);
  return bytes;
}

test('a JUMP_ABSOLUTE row of a dropped 3.9 .pyc links to its target', { skip, timeout: 120_000 }, async () => {
  const bytes = await drop(PYC_39);
  assert.equal(await page.getAttribute('#listing', 'data-version'), '3.9');
  const v = getVersion('3.9');
  const jumps = decodeCode(readPyc(new Uint8Array(bytes)).code, v).instructions.filter((i) => i.opname === 'JUMP_ABSOLUTE');
  assert.ok(jumps.length > 0, 'the file has a module-level JUMP_ABSOLUTE');
  const j = jumps[0];
  assert.equal(j.argrepr, '', '3.9 dis prints no argrepr for an absolute jump');
  const row = page.locator(`#listing .ins[data-co="0"][data-offset="${j.offset}"]`);
  assert.equal(await row.locator('.c-op').textContent(), 'JUMP_ABSOLUTE');
  const link = row.locator('.jump-link');
  assert.equal(await link.getAttribute('data-target'), String(j.jumpTarget));
  assert.equal(await link.textContent(), `→ ${j.jumpTarget}`);
  await link.click();
  const selected = await page.$$eval('#listing .ins.selected', (rs) => rs.map((r) => `${r.dataset.co}:${r.dataset.offset}`));
  assert.deepEqual(selected, [`0:${j.jumpTarget}`], 'the click selects the jump target');
  assert.deepEqual(pageErrors, []);
});

for (const [version, rel] of OLD) {
  test(`a dropped ${version} .pyc is listed and its dis text is the core's`, { skip, timeout: 60_000 }, async () => {
    const file = path.join(CORPORA, rel);
    const bytes = await drop(file);
    const header = await page.$$eval('#pyc-header .hdr-item', (e) => Object.fromEntries(e.map((x) => [x.querySelector('.hdr-key').textContent, x.querySelector('.hdr-val').textContent])));
    assert.match(header.Python, new RegExp(`^${version.replace('.', '\\.')}\\b`)); // '3.5 (pre-release magic)' for an alpha's number
    assert.equal(await page.getAttribute('#listing', 'data-version'), version);
    const pyc = readPyc(new Uint8Array(bytes));
    const v = getVersion(version);
    const ops = await listingOps(page);
    const expected = [];
    const walk = (code) => {
      for (const i of decodeCode(code, v).instructions) expected.push(i.opname);
      for (const c of code.consts) if (c.type === 'code') walk(c.code);
    };
    walk(pyc.code);
    assert.deepEqual([...ops].sort(), [...expected].sort());
    await page.click('#tab-text');
    assert.equal(await page.textContent('#text-output'), disassembleToText(pyc.code, v));
    await page.click('#tab-listing');
    assert.deepEqual(pageErrors, []);
  });
}

test('the graph and the depth column of a dropped 2.7 .pyc are the core\'s', { skip, timeout: 120_000 }, async () => {
  const file = path.join(CORPORA, 'bytecode_2.7/01_dead_code.pyc');
  const bytes = await drop(file);
  const v = getVersion('2.7');
  const codes = [];
  const stack = [readPyc(new Uint8Array(bytes)).code];
  while (stack.length) {
    const c = stack.pop();
    codes.push(c);
    for (let k = c.consts.length - 1; k >= 0; k--) if (c.consts[k].type === 'code') stack.push(c.consts[k].code);
  }
  for (let i = 0; i < codes.length; i++) {
    const cfg = buildCfg(decodeCode(codes[i], v), v);
    const g = await showGraph(page, i);
    assert.deepEqual({ blocks: g.blocks, edges: g.edges }, { blocks: cfg.blocks.length, edges: cfg.edges.length }, `code object ${i}`);
  }
  await page.click('#tab-listing');
  await page.check('#toggle-depth');
  const cfg = buildCfg(decodeCode(codes[0], v), v);
  const depths = computeStackDepths(cfg, v);
  const shown = await page.$$eval('#listing .ins[data-co="0"][data-offset]', (rs) => rs.map((r) => r.dataset.depth));
  assert.deepEqual(shown, Array.from(depths.before, (d) => (d < 0 ? '–' : String(d))));
  await page.uncheck('#toggle-depth');
  assert.deepEqual(pageErrors, []);
});
