// The explorer's workbench controls in headless Chromium: compile options (optimize 0/1/2, exec/eval/single), the
// Examples menu (every example compiles in every version), the outline of code objects, and downloads of the .pyc,
// the dis text and the JSON model.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PYTHON_VERSIONS, disassembleToText, getVersion, readPyc } from '@bytescope/core';
import { listingRows, pasteSource, setSource, startExplorer, updates, waitForUpdate } from './browser.js';
import { bigPyc } from './fixtures.js';

let env;
let page;
const pageErrors = [];

before(async () => {
  ({ env, page } = await startExplorer({ pageErrors }));
});
after(async () => { await env?.close(); });

/** Sets a compile option and waits for the listing compiled with it. */
async function option(id, value) {
  const n = await updates(page);
  await page.selectOption(`#${id}`, value);
  await waitForUpdate(page, n);
}

const banner = () => page.evaluate(() => { const b = document.getElementById('error-banner'); return b.hidden ? '' : b.textContent; });

test('optimize: -O drops the assert, -OO the docstring too', { timeout: 60_000 }, async () => {
  await setSource(page, 'def f(x):\n    """Doc."""\n    assert x > 0, "positive"\n    return x\n');
  const ops = async () => (await listingRows(page)).join('\n');
  assert.match(await ops(), /RAISE_VARARGS/);
  await page.click('#listing section.code-object[data-co="1"] .co-inspect');
  assert.match(await page.textContent('#inspector'), /'Doc\.'/);
  await option('optimize', '1');
  assert.doesNotMatch(await ops(), /RAISE_VARARGS/);
  await page.click('#listing section.code-object[data-co="1"] .co-inspect');
  assert.match(await page.textContent('#inspector'), /'Doc\.'/);
  await option('optimize', '2');
  assert.doesNotMatch(await ops(), /RAISE_VARARGS/);
  await page.click('#listing section.code-object[data-co="1"] .co-inspect');
  assert.doesNotMatch(await page.textContent('#inspector'), /Doc\./);
  await option('optimize', '0');
  assert.match(await ops(), /RAISE_VARARGS/);
});

test('mode: eval compiles an expression, single an interactive statement, exec a module', { timeout: 60_000 }, async () => {
  await setSource(page, 'total * 2\n');
  assert.ok((await listingRows(page)).includes('STORE_NAME (total)') === false);
  await option('mode', 'eval');
  let rows = await listingRows(page);
  assert.ok(rows.includes('LOAD_NAME (total)') && rows.at(-1) === 'RETURN_VALUE', rows.join('\n'));
  assert.ok(!rows.some((r) => r.startsWith('POP_TOP')), 'eval returns the value');
  await option('mode', 'single');
  rows = await listingRows(page);
  assert.ok(rows.some((r) => r === 'CALL_INTRINSIC_1 (INTRINSIC_PRINT)'), rows.join('\n'));
  // A statement is no expression: eval refuses it, and the banner says so.
  await option('mode', 'eval');
  await pasteSource(page, 'x = 1\n');
  await page.waitForFunction(() => !document.getElementById('error-banner').hidden);
  assert.match(await banner(), /SyntaxError/);
  await option('mode', 'exec');
  assert.equal(await banner(), '');
  assert.ok((await listingRows(page)).includes('STORE_NAME (x)'));
});

test('a link keeps the compile options', { timeout: 60_000 }, async () => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url.replace(/\/$/, '') });
  await setSource(page, '1 + 2\n');
  await option('optimize', '2');
  await option('mode', 'single');
  await page.click('#share');
  await page.waitForFunction(() => document.getElementById('share').dataset.link);
  const link = await page.getAttribute('#share', 'data-link');
  const other = await page.context().newPage();
  await other.goto(link);
  await waitForUpdate(other, 0, 60_000);
  assert.equal(await other.inputValue('#optimize'), '2');
  assert.equal(await other.inputValue('#mode'), 'single');
  assert.ok((await listingRows(other)).includes('CALL_INTRINSIC_1 (INTRINSIC_PRINT)'));
  await other.close();
  await option('optimize', '0');
  await option('mode', 'exec');
});

test('every example of the menu compiles in every version', { timeout: 300_000 }, async () => {
  const ids = await page.$$eval('#examples option', (o) => o.map((x) => x.value).filter(Boolean));
  assert.ok(ids.length >= 10, `${ids.length} examples`);
  for (const version of PYTHON_VERSIONS) {
    if (await page.inputValue('#version') !== version) {
      const n = await updates(page);
      await page.selectOption('#version', version);
      await waitForUpdate(page, n, 150_000);
    }
    for (const id of ids) {
      const n = await updates(page);
      await page.selectOption('#examples', id);
      await waitForUpdate(page, n, 30_000);
      assert.equal(await banner(), '', `${version} ${id}`);
      assert.equal(await page.getAttribute('#listing', 'data-version'), version);
      assert.equal(await page.inputValue('#examples'), '', 'the menu goes back to its title');
    }
  }
  const n = await updates(page);
  await page.selectOption('#version', '3.14');
  await waitForUpdate(page, n, 60_000);
});

test('downloads: the .pyc CPython wrote, the dis text, the JSON model', { timeout: 60_000 }, async () => {
  await setSource(page, 'def f(x):\n    return x + 1\n');
  const bytes = Uint8Array.from(await page.evaluate(() => [...window.__bytescope.state.pycBytes]));
  const save = async (id) => {
    await page.click('#download-menu summary');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`#${id}`)]);
    return { name: dl.suggestedFilename(), data: readFileSync(await dl.path()) };
  };
  const pyc = await save('download-pyc');
  assert.equal(pyc.name, 'editor.cpython-314.pyc');
  assert.deepEqual([...pyc.data], [...bytes]);
  const text = await save('download-text');
  assert.equal(text.name, 'editor.cpython-314.dis.txt');
  assert.equal(text.data.toString('utf8'), String(disassembleToText(readPyc(bytes).code, getVersion('3.14'))));
  const json = await save('download-json');
  assert.equal(json.name, 'editor.cpython-314.json');
  const doc = JSON.parse(json.data.toString('utf8'));
  assert.equal(doc.file, '<editor>');
  assert.equal(doc.python_version, '3.14');
  assert.deepEqual(doc.code_objects.map((c) => c.co_name), ['<module>', 'f']);
  assert.equal(await page.getAttribute('#download-menu', 'open'), null, 'the menu closes');
});

test('the outline jumps to any code object of a large file', { timeout: 60_000 }, async () => {
  const n = await updates(page);
  await page.setInputFiles('#file-input', { name: 'big.cpython-312.pyc', mimeType: 'application/octet-stream', buffer: Buffer.from(bigPyc(600)) });
  await waitForUpdate(page, n);
  const options = await page.$$eval('#outline option', (o) => o.map((x) => x.textContent));
  assert.equal(options.length, 602);
  assert.equal(options[0], 'Jump to… (601)');
  assert.equal(options[601], '\u00a0\u00a0function_number_599 · line 600');
  await page.selectOption('#outline', '600');
  const selected = await page.$eval('#listing .ins.selected', (r) => [r.dataset.co, r.closest('section').querySelector('.co-title').textContent]);
  assert.deepEqual(selected, ['600', 'function_number_599']);
  const inView = await page.$eval('#listing .ins.selected', (r) => {
    const a = r.getBoundingClientRect();
    const b = document.getElementById('listing').getBoundingClientRect();
    return a.top >= b.top && a.bottom <= b.bottom;
  });
  assert.ok(inView, 'the selected row is in view');
  assert.equal(await page.textContent('#inspector h2'), 'Code object function_number_599');
  // Downloads name the file opened.
  await page.click('#download-menu summary');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#download-text')]);
  assert.equal(dl.suggestedFilename(), 'big.cpython-312.dis.txt');
  await page.click('#close-pyc');
  assert.deepEqual(pageErrors, []);
});
