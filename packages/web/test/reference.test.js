// The instruction reference page (reference.html) in headless Chromium, and the explorer's links into it. The
// expected data comes from the core's reference (@bytescope/core), the same one the page renders.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { explain, readPyc, referenceIndex, searchReference, toJsonModel, versionDiff } from '@bytescope/core';
import { REPO_ROOT, startPage } from './browser.js';
import { xssPyc } from './fixtures.js';

const CORPUS_PYC = path.resolve(REPO_ROOT, '../shared/corpora/xdis/bytecode_3.12/01_for_continue.pyc');

let env;
let context;
let page;
const pageErrors = [];
const requests = [];
const workers = [];

/** Text as the page shows it: the core's `backquoted` parts become <code> elements, without the quotes. */
const shown = (s) => s.replace(/`/g, '');

/** Opens the reference at `hash` (a fresh load, not a fragment change) and waits for its main view. */
async function open(hash) {
  await page.goto('about:blank');
  await page.goto(`${env.server.url}reference.html#${hash}`);
  await page.waitForSelector('#ref-main > article');
}

/** The entry shown: opname and version of the main view. */
function current() {
  return page.evaluate(() => {
    const a = document.querySelector('#ref-main > article');
    return { opname: a?.dataset.opname ?? null, version: a?.dataset.version ?? null, missing: a?.classList.contains('missing') ?? false };
  });
}

async function waitForEntry(opname, version) {
  await page.waitForFunction(({ opname, version }) => {
    const a = document.querySelector('#ref-main > article');
    return a?.dataset.opname === opname && a?.dataset.version === version;
  }, { opname, version }, { timeout: 5_000 });
}

before(async () => {
  ({ env, context, page } = await startPage({ contextOptions: { colorScheme: 'light' }, pageErrors, requests, workers }));
});

after(async () => {
  await env?.close();
});

test('#3.14/LOAD_FAST: description, stack effect and argument from the core, search box focused', { timeout: 30_000 }, async () => {
  const t0 = Date.now();
  await open('3.14/LOAD_FAST');
  const loadMs = Date.now() - t0;
  const e = explain('LOAD_FAST', '3.14');
  assert.deepEqual(await current(), { opname: 'LOAD_FAST', version: '3.14', missing: false });
  assert.equal(await page.textContent('.entry-name'), 'LOAD_FAST');
  assert.equal(await page.textContent('.entry-desc'), shown(e.description));
  const meta = await page.textContent('.entry-meta');
  assert.ok(meta.includes(`opcode ${e.opcode}`) && meta.includes(`CPython ${e.full_version}`), meta);
  const stack = await page.textContent('.sec-stack');
  assert.ok(stack.includes(`( ${e.stack_effect.signature} )`), stack);
  const facts = await page.$$eval('.sec-stack .facts-grid dt', (dts) => Object.fromEntries(dts.map((d) => [d.textContent, d.nextElementSibling.textContent])));
  assert.equal(facts.Pops, e.stack_effect.pops);
  assert.equal(facts.Pushes, e.stack_effect.pushes);
  assert.equal(facts['Net effect'], e.stack_effect.net);
  assert.deepEqual(await page.$$eval('.sec-stack .stack-diagram .stack-item', (x) => x.map((i) => i.textContent)), ['value']);
  const arg = await page.$$eval('.sec-arg .facts-grid dt', (dts) => Object.fromEntries(dts.map((d) => [d.textContent, d.nextElementSibling.textContent])));
  assert.equal(arg.Meaning, shown(e.argument.meaning));
  assert.equal(arg['dis shows'], shown(e.argument.dis));
  assert.equal(await page.textContent('.sec-example .ex-code'), e.example.code.replace(/\n$/, ''));
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'ref-search');
  assert.equal(await page.textContent('#ref-results li[aria-selected="true"] .r-name'), 'LOAD_FAST');
  assert.equal(await page.inputValue('#ref-version'), '3.14');
  assert.match(await page.title(), /^LOAD_FAST — CPython 3\.14/);
  // Every history event of the core is listed.
  assert.equal(await page.$$eval('.sec-history .events li', (x) => x.length), e.history.events.length);
  assert.ok(loadMs < 10_000, `loaded in ${loadMs} ms`);
});

test('search "BINARY_ADD" in 3.10 finds it; its timeline shows BINARY_OP replacing it in 3.11', { timeout: 30_000 }, async () => {
  await open('3.10');
  assert.equal(await current().then((c) => c.version), '3.10');
  await page.fill('#ref-search', 'BINARY_ADD');
  await page.waitForFunction(() => document.querySelector('#ref-results .result .r-name')?.textContent === 'BINARY_ADD');
  assert.equal(await page.evaluate(() => location.hash), '#3.10?q=BINARY_ADD');
  await page.keyboard.press('Enter');
  await waitForEntry('BINARY_ADD', '3.10');
  assert.equal(await page.evaluate(() => location.hash), '#3.10/BINARY_ADD?q=BINARY_ADD');

  const r = explain('BINARY_ADD', '3.10').history.replaced_by[0];
  assert.equal(r.version, '3.11');
  assert.deepEqual(r.by, ['BINARY_OP']);
  const step = page.locator('.timeline .tl-step', { has: page.locator('.tl-version', { hasText: /^3\.11$/ }) });
  assert.match(await step.getAttribute('class'), /\babsent\b/);
  assert.deepEqual(await step.locator('.tl-tag').allTextContents(), ['removed', `→ BINARY_OP (${r.arg})`]);
  const link = step.locator('.tl-repl a');
  assert.equal(await link.getAttribute('href'), '#3.11/BINARY_OP');
  const present = await page.$$eval('.timeline .tl-step.present .tl-version', (x) => x.map((a) => a.textContent));
  assert.deepEqual(present, explain('BINARY_ADD', '3.10').history.versions);

  // Following the replacement opens BINARY_OP in 3.11 (keeping the search), and Back comes back.
  await link.click();
  await waitForEntry('BINARY_OP', '3.11');
  assert.equal(await page.evaluate(() => location.hash), '#3.11/BINARY_OP?q=BINARY_ADD');
  const replaces = await page.$$eval('.sec-history .chips a', (x) => x.map((a) => a.textContent));
  assert.ok(replaces.includes('BINARY_ADD'), replaces.join(' '));
  await page.goBack();
  await waitForEntry('BINARY_ADD', '3.10');
  assert.equal(await page.inputValue('#ref-search'), 'BINARY_ADD');
});

test('clicking a version on the timeline switches the entry to that version; Back returns', { timeout: 30_000 }, async () => {
  await open('3.12/LOAD_METHOD');
  assert.equal((await current()).version, '3.12');
  assert.ok((await page.textContent('.entry-meta')).includes('pseudo-instruction'));
  await page.click('.timeline .tl-version:text-is("3.11")');
  await waitForEntry('LOAD_METHOD', '3.11');
  const e = explain('LOAD_METHOD', '3.11');
  assert.ok((await page.textContent('.entry-meta')).includes(`opcode ${e.opcode}`));
  assert.equal(await page.inputValue('#ref-version'), '3.11');
  assert.equal(await page.getAttribute('.timeline .tl-step.current .tl-version', 'aria-current'), 'page');
  assert.equal(await page.textContent('.timeline .tl-step.current .tl-version'), '3.11');
  // A version without it: what replaced it, and its timeline to go back.
  await page.click('.timeline .tl-version:text-is("3.14")');
  await waitForEntry('LOAD_METHOD', '3.14');
  assert.equal((await current()).missing, true);
  assert.ok((await page.textContent('.entry-desc')).includes('replaced by LOAD_ATTR'));
  assert.equal(await page.getAttribute('.entry-desc a:text-is("LOAD_ATTR")', 'href'), '#3.14/LOAD_ATTR');
  await page.goBack();
  await waitForEntry('LOAD_METHOD', '3.11');
  await page.goBack();
  await waitForEntry('LOAD_METHOD', '3.12');
  // The version menu switches too.
  await page.selectOption('#ref-version', '3.13');
  await waitForEntry('LOAD_METHOD', '3.13');
});

test('a specialized instruction shows its base and its family', { timeout: 30_000 }, async () => {
  await open('3.14/BINARY_OP_ADD_INT');
  const e = explain('BINARY_OP_ADD_INT', '3.14');
  assert.equal(e.kind, 'specialized');
  assert.equal(e.base, 'BINARY_OP');
  assert.ok((await page.textContent('.entry-meta')).includes('specialized'));
  assert.match(await page.textContent('.sec-family'), /Specialized form of BINARY_OP/);
  assert.equal(await page.getAttribute('.sec-family a.strong', 'href'), '#3.14/BINARY_OP');
  const family = await page.$$eval('.sec-family .chips a', (x) => x.map((a) => a.textContent));
  assert.deepEqual(family, explain('BINARY_OP', '3.14').family);
  assert.equal(await page.textContent('.sec-family .chips a[aria-current="page"]'), 'BINARY_OP_ADD_INT');
  assert.match(await page.textContent('.sec-stack'), /the stack effect of BINARY_OP/);
  assert.match(await page.textContent('.sec-cache'), new RegExp(`${e.caches.units} code units`));
  assert.match(await page.textContent('.sec-example .badge'), /warm-up/);
  // And the base lists its specialized forms.
  await page.click('.sec-family a.strong');
  await waitForEntry('BINARY_OP', '3.14');
  assert.deepEqual(await page.$$eval('.sec-family .chips a', (x) => x.map((a) => a.textContent)), explain('BINARY_OP', '3.14').family);
});

test('keyboard: ↓/↑ move through the results, Enter opens; filters and opcode numbers', { timeout: 30_000 }, async () => {
  await open('3.14');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'ref-search');
  await page.keyboard.type('load fast');
  const hits = searchReference('load fast', { version: '3.14', limit: 1000 });
  await page.waitForFunction((n) => document.querySelectorAll('#ref-results .result:not(.other)').length === n, hits.length);
  assert.deepEqual(await page.$$eval('#ref-results .result:not(.other) .r-name', (x) => x.map((e) => e.textContent)), hits.map((h) => h.opname));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.textContent('#ref-results .result.active .r-name'), hits[2].opname);
  await page.keyboard.press('Enter');
  await waitForEntry(hits[2].opname, '3.14');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'ref-search', 'focus stays in the search box');

  // Kind filter: only pseudo-instructions.
  await page.fill('#ref-search', '');
  await page.click('.kind-chip[data-kind="pseudo"]');
  const pseudo = referenceIndex('3.14').filter((x) => x.kind === 'pseudo').map((x) => x.opname).sort();
  await page.waitForFunction((n) => document.querySelectorAll('#ref-results .result').length === n, pseudo.length);
  assert.deepEqual(await page.$$eval('#ref-results .result .r-name', (x) => x.map((e) => e.textContent)), pseudo);
  assert.match(await page.evaluate(() => location.hash), /k=pseudo/);
  await page.click('.kind-chip[data-kind="pseudo"]');

  // An opcode number finds the instruction with that number first.
  const at44 = referenceIndex('3.14').find((x) => x.opcode === 44);
  await page.fill('#ref-search', '44');
  await page.waitForFunction((n) => document.querySelector('#ref-results .result .r-name')?.textContent === n, at44.opname);
  await page.press('#ref-search', 'Enter');
  await waitForEntry(at44.opname, '3.14');
});

test('"What changed" compares two versions with the core\'s versionDiff', { timeout: 30_000 }, async () => {
  await open('diff/3.10/3.11');
  const d = versionDiff('3.10', '3.11');
  const groups = await page.$$eval('.diff-group summary', (x) => Object.fromEntries(x.map((s) => [s.firstChild.textContent, Number(s.querySelector('.count').textContent)])));
  assert.equal(groups.Added, d.added.length);
  assert.equal(groups.Removed, d.removed.length);
  assert.equal(groups.Renumbered, d.renumbered.length);
  const removed = page.locator('.diff-group', { has: page.locator('summary', { hasText: /^Removed/ }) }).locator('li', { has: page.locator('a:text-is("BINARY_ADD")') });
  assert.equal(await removed.locator('a').first().getAttribute('href'), '#3.10/BINARY_ADD');
  assert.equal(await removed.locator('a:text-is("BINARY_OP")').first().getAttribute('href'), '#3.11/BINARY_OP');
  await page.selectOption('#diff-to', '3.12');
  await page.waitForFunction(() => document.querySelector('#ref-main > article.diff')?.dataset.to === '3.12');
  assert.equal(await page.evaluate(() => location.hash), '#diff/3.10/3.12');
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('#ref-main > article.diff')?.dataset.to === '3.11');
});

test('theme: follows the system, the toggle switches and is remembered', { timeout: 30_000 }, async () => {
  const dark = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
  dark.on('request', (r) => requests.push(r.url()));
  try {
    const p = await dark.newPage();
    await p.goto(`${env.server.url}reference.html#3.14/CALL`);
    await p.waitForSelector('#ref-main > article');
    assert.equal(await p.evaluate(() => document.documentElement.dataset.theme), 'dark');
    const bg = () => p.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const before = await bg();
    await p.click('#theme-toggle');
    assert.equal(await p.evaluate(() => document.documentElement.dataset.theme), 'light');
    assert.equal(await p.evaluate(() => localStorage.getItem('bytescope-theme')), 'light');
    assert.notEqual(await bg(), before);
    await p.reload();
    await p.waitForSelector('#ref-main > article');
    assert.equal(await p.evaluate(() => document.documentElement.dataset.theme), 'light');
  } finally {
    await dark.close();
  }
});

test('a narrow screen (390×844): one column, no sideways scrolling, vertical timeline', { timeout: 30_000 }, async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await open('3.12/LOAD_METHOD');
    const m = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    assert.ok(m.scroll <= m.client, `page scrolls sideways: ${m.scroll} > ${m.client}`);
    const steps = await page.$$eval('.timeline .tl-step', (x) => x.map((s) => Math.round(s.getBoundingClientRect().top)));
    assert.ok(steps.every((t, i) => i === 0 || t > steps[i - 1]), `timeline steps stacked: ${steps}`);
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
});

test('the reference page loads no Python runtime', () => {
  assert.ok(requests.some((u) => u.includes('/reference.html')));
  assert.deepEqual(requests.filter((u) => u.includes('/pyodide/')), []);
  assert.deepEqual(workers, []);
});

test('explorer: every listing opname links to its entry for that version; help links too', { timeout: 60_000 }, async () => {
  const bytes = existsSync(CORPUS_PYC) ? readFileSync(CORPUS_PYC) : Buffer.from(xssPyc());
  const model = toJsonModel(readPyc(new Uint8Array(bytes)));
  assert.equal(model.python_version, '3.12');
  await page.goto(env.server.url);
  assert.equal(await page.getAttribute('#reference-link', 'href'), './reference.html');
  // A .pyc of 3.12 lists at once (no runtime needed) and shows links for its own version, not the default 3.14.
  await page.setInputFiles('#file-input', { name: 'f.cpython-312.pyc', mimeType: 'application/octet-stream', buffer: bytes });
  await page.waitForFunction(() => document.getElementById('listing')?.dataset.version === '3.12' && document.querySelector('#listing .ins[data-offset] .c-op a'), null, { timeout: 20_000 });
  const links = await page.$$eval('#listing section.code-object', (ss) => ss[0].querySelectorAll('.ins[data-offset] .c-op a').length ? [...ss[0].querySelectorAll('.ins[data-offset] .c-op a')].map((a) => ({
    text: a.textContent, href: a.getAttribute('href'), target: a.target, rel: a.rel, tabindex: a.getAttribute('tabindex'),
  })) : []);
  const ops = model.code_objects[0].instructions.map((i) => i.opname);
  assert.deepEqual(links.map((l) => l.text), ops);
  for (const l of links) {
    assert.equal(l.href, `reference.html#3.12/${l.text}`);
    assert.equal(l.target, '_blank');
    assert.equal(l.rel, 'noopener');
    assert.equal(l.tabindex, '-1', 'links stay out of the tab order');
  }

  // Hovering a row: the help panel links to the full entry.
  const row = page.locator('#listing .ins[data-offset]').nth(1);
  await row.hover();
  assert.equal(await page.getAttribute('#help-panel .help-ref a', 'href'), `reference.html#3.12/${ops[1]}`);

  // A plain click on the opname selects the row and opens nothing; Ctrl-click opens the entry in a new tab.
  const pagesBefore = context.pages().length;
  await row.locator('.c-op a').click();
  assert.equal(await row.getAttribute('aria-selected'), 'true');
  await page.waitForTimeout(300);
  assert.equal(context.pages().length, pagesBefore, 'a plain click opens no tab');
  const [tab] = await Promise.all([context.waitForEvent('page'), row.locator('.c-op a').click({ modifiers: ['Control'] })]);
  await tab.waitForSelector('#ref-main > article');
  assert.ok(tab.url().endsWith(`/reference.html#3.12/${ops[1]}`), tab.url());
  assert.equal(await tab.evaluate(() => document.querySelector('#ref-main > article').dataset.opname), ops[1]);
  assert.equal(await row.getAttribute('aria-selected'), 'true');
  await tab.close();
});

test('no uncaught errors', () => {
  assert.deepEqual(pageErrors, []);
});
