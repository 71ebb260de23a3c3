// The explorer's smaller things a user hits (issue #14), in headless Chromium: the editor's indentation and Tab, the
// help panel after a hover, the listing's colour legend, nested exception ranges, the tabs' ARIA pattern, share links
// (line bands, a link pasted into an open tab, a broken link, an open .pyc), the version picker for a .pyc, a failed
// .pyc open marking what is shown as stale, and a dropped .py loaded into the editor. One page, the default runtime.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { DEFAULT_PYTHON_VERSION } from '@bytescope/core';
import { assemblePyc, makeCode } from '@bytescope/core/testkit';
import { dropFile, editorPoint, editorText, listingRows, pasteSource, setSource, startExplorer, updates, waitForUpdate } from './browser.js';

let env;
let context;
let page;
const pageErrors = [];

before(async () => {
  ({ env, context, page } = await startExplorer({ pageErrors }));
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url.replace(/\/$/, '') });
});
after(async () => { await env?.close(); });

/** Where the keyboard focus is: 'editor', 'listing', or the focused element's id. */
const focusIn = () => page.evaluate(() => {
  const a = document.activeElement;
  if (a?.closest('.cm-editor')) return 'editor';
  if (a?.closest('#listing')) return 'listing';
  return a?.id || a?.tagName || null;
});

/** Opens `bytes` as a `.pyc` through the file input and waits for its listing. */
async function openPycFile(bytes, name) {
  const n = await updates(page);
  await page.setInputFiles('#file-input', { name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  await waitForUpdate(page, n, 10_000);
}

/** A hand-built `.pyc` of `version` (the testkit's defaults: a module returning None). */
function tinyPyc(version) {
  return assemblePyc(version, makeCode(version), { mtime: 1700000000, sourceSize: 10 });
}

/** Clicks Copy link and returns the link it made. */
async function shareLink() {
  await page.evaluate(() => { document.getElementById('share').dataset.link = ''; });
  await page.click('#share');
  await page.waitForFunction(() => document.getElementById('share').dataset.link, null, { timeout: 5_000 });
  return page.evaluate(() => document.getElementById('share').dataset.link);
}

/** The state a share link holds, decoded here in Node (deflate-raw, base64url JSON). */
function linkState(link) {
  const m = /#s=([A-Za-z0-9_-]+)$/.exec(link);
  assert.ok(m, `not a share link: ${link}`);
  return JSON.parse(inflateRawSync(Buffer.from(m[1], 'base64url')).toString('utf8'));
}

test('the editor indents by 4 spaces; Tab indents, Escape then Tab leaves the editor', { timeout: 60_000 }, async () => {
  await pasteSource(page, 'def f():\ny = 2\n'); // a syntax error until the body is typed
  const end = await editorPoint(page, 'def f():', 7);
  await page.mouse.click(end.x + 20, end.y);
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('x = 1');
  assert.equal((await editorText(page)).split('\n')[1], '    x = 1', 'a new line in a block is indented by 4 spaces');
  const y = await editorPoint(page, 'y = 2', 0);
  await page.mouse.click(y.x, y.y);
  await page.keyboard.press('Home');
  await page.keyboard.press('Tab');
  assert.equal((await editorText(page)).split('\n')[2], '    y = 2', 'Tab indents the line by 4 spaces');
  assert.equal(await focusIn(), 'editor', 'Tab keeps the focus in the editor');
  await page.keyboard.press('Shift+Tab');
  assert.equal((await editorText(page)).split('\n')[2], 'y = 2', 'Shift+Tab dedents');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  assert.notEqual(await focusIn(), 'editor', 'Escape then Tab moves the focus out of the editor');
});

test('the listing a test waits for is of the text it set, not of an earlier edit whose compile lands after it', { timeout: 60_000 }, async () => {
  // Each edit's compile may still be under way when the next text is set (what the tests' setSource must wait through:
  // waiting for "an update" returned the earlier text's listing 2 times in 5).
  for (let i = 0; i < 6; i++) {
    await pasteSource(page, `def f${i}():\n    pass\n`);
    await setSource(page, `a${i} = 1\n`);
    const rows = await listingRows(page);
    assert.ok(rows.includes(`STORE_NAME (a${i})`) && !rows.some((r) => r.startsWith('MAKE_FUNCTION')), rows.join('; '));
  }
});

test('after hovering other rows, the help panel returns to the selected instruction', { timeout: 60_000 }, async () => {
  await setSource(page, 'a = 1\nb = a + 2\nprint(b)\n');
  const rows = page.locator('#listing .ins[data-offset]');
  const opAt = (i) => rows.nth(i).locator('.c-op').textContent();
  const selected = await opAt(2);
  await rows.nth(2).locator('.c-op').click();
  assert.equal(await page.textContent('#help-panel h2'), selected);
  const last = (await rows.count()) - 1;
  const other = await opAt(last);
  assert.notEqual(other, selected);
  await rows.nth(last).hover();
  assert.equal(await page.textContent('#help-panel h2'), other, 'hovering shows the hovered row');
  await page.hover('#inspector');
  assert.equal(await page.textContent('#help-panel h2'), selected, 'leaving the listing brings back the selected row');
});

test('a legend names the listing colours: each kind, as the rows show it, the exception bars and line bands', { timeout: 60_000 }, async () => {
  await setSource(page, 'import os\nx = 1\ndef f(a):\n    global x\n    def g():\n        return a\n    return os.path.join(x, g())\nf(2)\n');
  await page.click('#legend-button');
  assert.equal(await page.isVisible('#legend'), true, 'the legend opens');
  const shown = await page.evaluate(() => {
    const out = {};
    for (const row of document.querySelectorAll('#listing .ins[data-offset]')) {
      const kind = [...row.classList].find((c) => c.startsWith('kind-'))?.slice(5);
      if (kind) out[kind] = getComputedStyle(row.querySelector('.c-op')).color;
    }
    return out;
  });
  const legend = await page.$$eval('#legend [data-kind]', (es) => Object.fromEntries(es.map((e) => [e.dataset.kind, { colour: getComputedStyle(e.querySelector('.legend-op')).color, text: e.textContent }])));
  assert.ok(Object.keys(shown).length >= 6, `kinds in the listing: ${Object.keys(shown)}`);
  for (const [kind, colour] of Object.entries(shown)) {
    assert.ok(legend[kind], `the legend has no entry for ${kind}`);
    assert.equal(legend[kind].colour, colour, `the legend's ${kind} is the listing's colour`);
    assert.ok(legend[kind].text.trim().length > 3, `the ${kind} entry says what it is`);
  }
  const text = await page.textContent('#legend');
  assert.match(text, /try/i, 'the legend explains the exception bars');
  assert.match(text, /line bands/i, 'the legend explains line bands');
  await page.click('#legend-button');
  assert.equal(await page.isVisible('#legend'), false, 'and closes again');
});

const NESTED = `def f():
    try:
        try:
            inner()
        except E:
            handler()
        outer()
    except F:
        cleanup()
    with g():
        body()
    after()
`;

test('nested exception ranges are drawn one bar per level, with the chain of handlers in the title', { timeout: 60_000 }, async () => {
  await setSource(page, NESTED);
  const exc = await page.evaluate(() => {
    const out = {};
    for (const row of document.querySelectorAll('#listing .ins[data-offset]')) {
      const m = /^\((\w+) \+ NULL/.exec(row.querySelector('.c-argrepr').textContent) ?? /^\((\w+)\)$/.exec(row.querySelector('.c-argrepr').textContent);
      if (!m || !row.querySelector('.c-op').textContent.startsWith('LOAD_GLOBAL')) continue;
      const c = row.querySelector('.c-exc');
      out[m[1]] = { bars: c.querySelectorAll('.exc-bar').length, cleanup: c.querySelectorAll('.exc-bar.cleanup').length, title: c.title, width: c.getBoundingClientRect().width };
    }
    return out;
  });
  const bars = Object.fromEntries(Object.entries(exc).map(([k, v]) => [k, v.bars - v.cleanup]));
  assert.deepEqual({ inner: bars.inner, handler: bars.handler, outer: bars.outer, body: bars.body, after: bars.after },
    { inner: 2, handler: 1, outer: 1, body: 1, after: 0 }, JSON.stringify(exc));
  assert.equal(exc.cleanup.bars, 1, 'an except body (covered by its cleanup handler only) has one bar');
  assert.equal(exc.cleanup.cleanup, 1, '… drawn as a cleanup bar');
  assert.equal(exc.after.bars, 0, 'no bar outside every range');
  assert.match(exc.inner.title, /2 nested/);
  assert.match(exc.inner.title, /L\d+.*→.*L\d+.*→.*L\d+/, 'the title names the chain of handlers');
  assert.ok(exc.inner.width > exc.outer.width || exc.inner.bars > exc.outer.bars);
});

test('every tab set has tabpanels, aria-controls, a roving tabindex and arrow keys', { timeout: 60_000 }, async () => {
  const sets = await page.evaluate(() => [...document.querySelectorAll('[role=tablist]')].map((list) => ({
    label: list.getAttribute('aria-label'),
    tabs: [...list.querySelectorAll('[role=tab]')].map((t) => {
      const panel = document.getElementById(t.getAttribute('aria-controls') ?? '');
      return {
        id: t.id, selected: t.getAttribute('aria-selected'), tabindex: t.getAttribute('tabindex'),
        panelRole: panel?.getAttribute('role') ?? null, labelledBy: panel?.getAttribute('aria-labelledby') ?? null,
      };
    }),
  })));
  assert.ok(sets.length >= 3, `tab sets: ${sets.map((s) => s.label)}`);
  for (const s of sets) {
    assert.ok(s.label, 'a tab set has a label');
    for (const t of s.tabs) {
      assert.ok(t.id, `a tab of ${s.label} has an id`);
      assert.equal(t.panelRole, 'tabpanel', `${t.id} controls a tabpanel`);
      assert.equal(t.labelledBy, t.id, `${t.id}'s panel is labelled by it`);
      assert.equal(t.tabindex, t.selected === 'true' ? '0' : '-1', `${t.id}: only the selected tab is in the tab order`);
    }
    assert.equal(s.tabs.filter((t) => t.selected === 'true').length, 1, `${s.label}: one tab selected`);
  }
  const state = () => page.evaluate(() => ({
    focus: document.activeElement?.id, selected: [...document.querySelectorAll('[role=tab][aria-selected=true]')].map((t) => t.id),
    visible: ['editor', 'bytes-view', 'listing', 'text-view', 'graph-view'].filter((id) => !document.getElementById(id).hidden),
  }));
  await page.focus('#tab-source');
  await page.keyboard.press('ArrowRight');
  let s = await state();
  assert.equal(s.focus, 'tab-bytes');
  assert.ok(s.selected.includes('tab-bytes') && s.visible.includes('bytes-view') && !s.visible.includes('editor'), JSON.stringify(s));
  await page.keyboard.press('ArrowRight'); // wraps around
  assert.equal((await state()).focus, 'tab-source');
  await page.keyboard.press('End');
  assert.equal((await state()).focus, 'tab-bytes');
  await page.keyboard.press('Home');
  s = await state();
  assert.ok(s.focus === 'tab-source' && s.visible.includes('editor'), JSON.stringify(s));

  await page.focus('#tab-listing');
  await page.keyboard.press('ArrowRight');
  s = await state();
  assert.ok(s.focus === 'tab-text' && s.selected.includes('tab-text') && s.visible.includes('text-view'), JSON.stringify(s));
  await page.keyboard.press('ArrowRight');
  s = await state();
  assert.ok(s.focus === 'tab-graph' && s.visible.includes('graph-view'), JSON.stringify(s));
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  s = await state();
  assert.ok(s.focus === 'tab-listing' && s.visible.includes('listing') && !s.visible.includes('graph-view'), JSON.stringify(s));
  assert.equal(await page.getAttribute('#tab-listing', 'tabindex'), '0');
  assert.equal(await page.getAttribute('#tab-graph', 'tabindex'), '-1');
});

test('a share link keeps line bands', { timeout: 30_000 }, async () => {
  await page.check('#toggle-bands');
  assert.equal(linkState(await shareLink()).bands, true);
  await page.uncheck('#toggle-bands');
  assert.notEqual(linkState(await shareLink()).bands, true);
});

test('a link pasted into the open tab is applied (hashchange)', { timeout: 60_000 }, async () => {
  await setSource(page, 'shared = 42\n');
  await page.check('#toggle-bands');
  await page.check('#toggle-offsets');
  const hash = new URL(await shareLink()).hash;
  await page.uncheck('#toggle-bands');
  await page.uncheck('#toggle-offsets');
  await setSource(page, 'other = 1\n');
  const n = await updates(page);
  await page.evaluate(() => { location.hash = ''; });
  await page.evaluate((h) => { location.hash = h; }, hash);
  await waitForUpdate(page, n, 20_000);
  assert.equal(await editorText(page), 'shared = 42\n', "the link's source is in the editor");
  assert.ok((await listingRows(page)).includes('STORE_NAME (shared)'));
  assert.equal(await page.isChecked('#toggle-bands'), true);
  assert.equal(await page.isChecked('#toggle-offsets'), true);
  await page.uncheck('#toggle-bands');
  await page.uncheck('#toggle-offsets');
});

test('a broken link says so instead of falling back silently', { timeout: 120_000 }, async () => {
  await page.evaluate(() => { location.hash = '#s=not-a-real-link'; });
  await page.waitForSelector('#error-banner:not([hidden])', { timeout: 5_000 });
  assert.match(await page.textContent('#error-banner'), /link/i);
  // At start too: a fresh tab opened on a broken link.
  const other = await context.newPage();
  try {
    await other.goto(env.server.url + '#s=AAAA');
    await waitForUpdate(other, 0, 90_000);
    assert.equal(await other.isVisible('#error-banner'), true, 'the note outlives the first listing');
    assert.match(await other.textContent('#error-banner'), /link could not be read/i);
  } finally {
    await other.close();
  }
  await setSource(page, 'fine = 1\n');
  assert.equal(await page.isVisible('#error-banner'), false, 'a good compile clears the note');
  // A readable link naming a version the page does not have: its source, in the version shown, and a note saying so.
  const link = deflateRawSync(Buffer.from(JSON.stringify({ source: 'from_the_future = 1\n', version: '3.99', caches: false, offsets: false, positions: false }))).toString('base64url');
  const n = await updates(page);
  await page.evaluate((h) => { location.hash = h; }, `#s=${link}`);
  await waitForUpdate(page, n, 20_000);
  assert.ok((await listingRows(page)).includes('STORE_NAME (from_the_future)'));
  await page.waitForSelector('#error-banner:not([hidden])', { timeout: 5_000 });
  assert.match(await page.textContent('#error-banner'), new RegExp(`3\\.99.*${DEFAULT_PYTHON_VERSION.replace('.', '\\.')}`));
});

test('the version picker shows the version of the open .pyc; the link does not share the hidden source', { timeout: 60_000 }, async () => {
  await openPycFile(tinyPyc('3.11'), 'old.cpython-311.pyc');
  assert.equal(await page.getAttribute('#listing', 'data-version'), '3.11');
  assert.equal(await page.inputValue('#version'), '3.11');
  assert.equal(await page.isDisabled('#version'), true);
  await openPycFile(tinyPyc('3.8'), 'older.cpython-38.pyc');
  assert.equal(await page.inputValue('#version'), '3.8');
  assert.match(await page.$eval('#version', (s) => s.selectedOptions[0].textContent), /3\.8/);

  const hashBefore = await page.evaluate(() => location.hash);
  await page.evaluate(() => navigator.clipboard.writeText('untouched'));
  await page.evaluate(() => { document.getElementById('share').dataset.link = ''; });
  await page.click('#share');
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => document.getElementById('share').dataset.link), '', 'no link made');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'untouched', 'no link of the hidden source');
  assert.equal(await page.evaluate(() => location.hash), hashBefore);
  assert.match(await page.textContent('#share'), /\.pyc/);

  const n = await updates(page);
  await page.click('#close-pyc');
  await waitForUpdate(page, n, 20_000);
  assert.equal(await page.inputValue('#version'), DEFAULT_PYTHON_VERSION);
  assert.equal(await page.$$eval('#version option', (os) => os.filter((o) => o.value === '3.8').length), 0, 'the .pyc version leaves the menu');
});

test('a .pyc that fails to open marks the header and listing shown as stale', { timeout: 60_000 }, async () => {
  await openPycFile(tinyPyc('3.11'), 'good.cpython-311.pyc');
  assert.equal(await page.evaluate(() => document.getElementById('listing').classList.contains('stale')), false);
  await page.setInputFiles('#file-input', { name: 'junk.pyc', mimeType: 'application/octet-stream', buffer: Buffer.from('this is not a pyc file at all') });
  await page.waitForSelector('#error-banner:not([hidden])', { timeout: 5_000 });
  assert.match(await page.textContent('#error-banner'), /junk\.pyc/);
  const st = await page.evaluate(() => ({
    listing: document.getElementById('listing').classList.contains('stale'),
    header: document.getElementById('pyc-header').classList.contains('stale'),
    reason: getComputedStyle(document.getElementById('listing'), '::before').content,
    opacity: Number(getComputedStyle(document.getElementById('listing')).opacity),
  }));
  assert.ok(st.listing && st.header, JSON.stringify(st));
  assert.ok(st.opacity < 1, 'the stale listing is faded');
  assert.match(st.reason, /junk\.pyc/, 'the stale note names the file that failed');
  assert.match(st.reason, /good\.cpython-311\.pyc/, '… and the one still shown');
  // A good file afterwards is not stale.
  await openPycFile(tinyPyc('3.11'), 'good.cpython-311.pyc');
  assert.equal(await page.evaluate(() => document.getElementById('listing').classList.contains('stale') || document.getElementById('pyc-header').classList.contains('stale')), false);
});

test('a dropped .py is loaded into the editor and compiled', { timeout: 60_000 }, async () => {
  const n = await updates(page);
  await dropFile(page, Buffer.from('dropped = "yes"\n'), 'dropped_module.py');
  await waitForUpdate(page, n, 20_000);
  assert.equal(await page.isVisible('#editor'), true, 'back to the editor');
  assert.equal(await page.isVisible('#error-banner'), false, JSON.stringify(await page.textContent('#error-banner')));
  assert.match(await editorText(page), /^dropped = "yes"/);
  assert.ok((await listingRows(page)).includes('STORE_NAME (dropped)'));
  assert.equal(await page.getAttribute('#listing', 'data-version'), DEFAULT_PYTHON_VERSION);
  assert.equal(await page.isDisabled('#version'), false);
  // A .py that is not UTF-8: said, and the editor keeps its text.
  await dropFile(page, Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x27, 0xe9, 0x27, 0x0a]), 'latin1.py');
  await page.waitForSelector('#error-banner:not([hidden])', { timeout: 5_000 });
  assert.match(await page.textContent('#error-banner'), /latin1\.py: .*UTF-8/);
  assert.match(await editorText(page), /^dropped = "yes"/);
});

test('no uncaught errors in the page', () => {
  assert.deepEqual(pageErrors, []);
});
