// Speed of the web explorer in headless Chromium (run after `npm run build:web`):
//   warm  — typing pauses in a 300-line module → listing re-rendered (target 150 ms, median of several edits)
//   cold  — opening the page → first listing, runtime load included (target 5 s, median of 3 fresh contexts)
//   pyc   — dropping a ~200 KB .pyc with no runtime loaded → listing (target 300 ms, median of 3 fresh contexts)
//   first — per version, opening the page (a link to the default example in that version) → first listing, the
//           build's (first-listing.ts; target 1 s), and → the runtime's own listing; N fresh contexts per version
// Usage: node packages/web/scripts/bench-web.js [--edits N] [--cold N] [--drops N] [--first N] [--strict]
// --strict exits 1 when a target is missed.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { DEFAULT_PYTHON_VERSION, PYTHON_VERSIONS } from '@bytescope/core';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, WEB_DIR, editorPoint, pasteSource, startBrowser, updates, waitForUpdate } from '../test/browser.js';
import { realisticModule } from '../test/fixtures.js';

const { values: args } = parseArgs({
  options: { edits: { type: 'string', default: '9' }, cold: { type: 'string', default: '3' }, drops: { type: 'string', default: '3' }, first: { type: 'string', default: '1' }, strict: { type: 'boolean', default: false } },
});
/** CPU time of the page's main thread so far (ms), from the DevTools protocol: unlike wall time, other processes hardly change it. */
async function threadTime(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'ThreadTime').value * 1000;
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const ms = (x) => `${Math.round(x)} ms`;

/** Records in the page when `#listing[data-updates]` changes (the listing was re-rendered) and the last key press. */
function instrument() {
  window.__bench = { updates: [], lastKey: 0, fromBuild: [] };
  document.addEventListener('keydown', () => { window.__bench.lastKey = performance.now(); }, true);
  const watch = () => {
    const l = document.getElementById('listing');
    if (!l) { requestAnimationFrame(watch); return; }
    new MutationObserver((records) => {
      const t = performance.now();
      for (const r of records) {
        if (r.attributeName === 'data-updates') requestAnimationFrame(() => setTimeout(() => window.__bench.updates.push({ n: Number(l.dataset.updates), dom: t, frame: performance.now() })));
        else if (l.dataset.fromBuild !== undefined) requestAnimationFrame(() => setTimeout(() => window.__bench.fromBuild.push({ dom: t, frame: performance.now() })));
      }
    }).observe(l, { attributes: true, attributeFilter: ['data-updates', 'data-from-build'] });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', watch); else watch();
}

/** A CPython 3.12 .pyc of at least 200 KB: stdlib modules compiled together by the embedded 3.12 (cached). */
async function bigPyc() {
  const file = path.join(REPO_ROOT, '.cache/web-bench/big-3.12.pyc');
  if (existsSync(file)) return readFileSync(file);
  const { runPythonInChild } = await import('@bytescope/python');
  process.stdout.write('generating a ~200 KB 3.12 .pyc with the embedded CPython 3.12… ');
  const b64 = await runPythonInChild('3.12', `
import base64, importlib.util, importlib._bootstrap_external as be
src = ''
data = b''
for name in ['typing', 'textwrap', 'shlex', 'fnmatch', 'heapq', 'bisect', 'colorsys', 'graphlib', 'numbers', 'string', 'calendar', 'glob']:
    text = importlib.util.find_spec(name).loader.get_source(name)
    text = '\\n'.join(l for l in text.splitlines() if not l.startswith('from __future__'))
    src += '\\n# ---- ' + name + '\\n' + text + '\\n'
    data = be._code_to_timestamp_pyc(compile(src, 'bench_big.py', 'exec', dont_inherit=True), 0, len(src))
    if len(data) >= 200_000:
        break
base64.b64encode(data).decode()
`);
  const bytes = Buffer.from(b64.trim(), 'base64');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  console.log(`${bytes.length} bytes`);
  return bytes;
}

const env = await startBrowser();
const results = [];
try {
  // ------------------------------------------------------------------------------------------ cold start
  const cold = [];
  let warmPage;
  let warmContext;
  for (let i = 0; i < Number(args.cold); i++) {
    const ctx = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await ctx.addInitScript(instrument);
    const page = await ctx.newPage();
    await page.goto(env.server.url);
    await page.waitForFunction(() => window.__bench?.updates.length > 0, null, { timeout: 120_000 });
    const r = await page.evaluate(() => ({ first: window.__bench.updates[0], perf: { ...window.__bytescope.perf }, status: document.getElementById('runtime-status').textContent }));
    cold.push(r.first.frame);
    console.log(`cold #${i + 1}: first listing at ${ms(r.first.frame)} after navigation (runtime load + compile ${ms(r.perf.lastUpdateMs)}, render ${ms(r.perf.lastRenderMs)}; runtime started from ${r.perf.runtimeStart || '?'}) — ${r.status}`);
    if (i === Number(args.cold) - 1) { warmPage = page; warmContext = ctx; } else await ctx.close();
  }
  if (cold.length) results.push({ what: 'cold: page open → first listing (3.14 runtime load included)', value: median(cold), runs: cold, target: 5000 });
  if (!warmPage) {
    warmContext = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await warmContext.addInitScript(instrument);
    warmPage = await warmContext.newPage();
    await warmPage.goto(env.server.url);
    await warmPage.waitForFunction(() => window.__bench?.updates.length > 0, null, { timeout: 120_000 });
  }

  // ------------------------------------------------------------------------------------------ warm edits
  const page = warmPage;
  const n = await updates(page);
  await pasteSource(page, realisticModule(300));
  await waitForUpdate(page, n, 30_000);
  const rows = await page.$$eval('#listing .ins[data-offset]', (e) => e.length);
  const cos = await page.$$eval('#listing section.code-object', (e) => e.length);
  console.log(`warm: 300-line module → ${cos} code objects, ${rows} instruction rows`);
  // Caret at the end of `TAX_RATE = 0.2`; each edit types one digit (the module stays valid) and waits.
  await page.keyboard.press('ControlOrMeta+Home');
  const at = await editorPoint(page, 'TAX_RATE = 0.2', 13);
  await page.mouse.click(at.x, at.y);
  await page.keyboard.press('End');
  await page.waitForTimeout(500);
  const warm = [];
  const breakdown = [];
  const cdp = await warmContext.newCDPSession(page);
  await cdp.send('Performance.enable');
  for (let i = 0; i < Number(args.edits); i++) {
    const before = await page.evaluate(() => window.__bench.updates.length);
    const cpu0 = await threadTime(cdp);
    await page.keyboard.press(String((i % 9) + 1));
    await page.waitForFunction((b) => window.__bench.updates.length > b, before, { timeout: 30_000 });
    await page.waitForTimeout(150);
    const cpu = (await threadTime(cdp)) - cpu0;
    const r = await page.evaluate(() => ({ u: window.__bench.updates.at(-1), key: window.__bench.lastKey, perf: { ...window.__bytescope.perf } }));
    warm.push(r.u.frame - r.key);
    breakdown.push({ dom: r.u.dom - r.key, compile: r.perf.lastCompileMs, update: r.perf.lastUpdateMs, render: r.perf.lastRenderMs, cpu });
    await page.waitForTimeout(250);
  }
  const typed = (await page.evaluate(() => [...document.querySelectorAll('.cm-line')].map((l) => l.textContent).find((t) => t.startsWith('TAX_RATE')))) ?? '';
  console.log(`warm: ${warm.length} edits (now "${typed}"): key → listing painted ${warm.map(ms).join(', ')}`);
  console.log(`warm: median key → DOM ${ms(median(breakdown.map((b) => b.dom)))}; of which CPython compile (in the worker) ${ms(median(breakdown.map((b) => b.compile)))}, compile + read + model + render ${ms(median(breakdown.map((b) => b.update)))} (render ${ms(median(breakdown.map((b) => b.render)))}); main-thread CPU per edit ${ms(median(breakdown.map((b) => b.cpu)))} (keystroke, editor, model, render, style, layout)`);
  results.push({ what: 'warm: keystroke → listing re-rendered (300-line module)', value: median(warm), runs: warm, target: 150 });
  await warmContext.close();

  // ------------------------------------------------------------------------------------------ .pyc drop
  const pyc = await bigPyc();
  const drops = [];
  for (let i = 0; i < Number(args.drops); i++) {
    const ctx = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await ctx.addInitScript(instrument);
    // No runtime at all: a Worker that never starts anything (the app waits for 3.14 forever).
    await ctx.addInitScript(() => {
      window.__workers = 0;
      window.Worker = class { constructor() { window.__workers++; } postMessage() {} terminate() {} addEventListener() {} };
    });
    const p = await ctx.newPage();
    const pyodideRequests = [];
    p.on('request', (r) => { if (r.url().includes('/pyodide/')) pyodideRequests.push(r.url()); });
    await p.goto(env.server.url);
    await p.waitForSelector('#listing');
    await p.waitForTimeout(300);
    const pcdp = await ctx.newCDPSession(p);
    await pcdp.send('Performance.enable');
    const cpu0 = await threadTime(pcdp);
    const t = await p.evaluate(async (data) => {
      const file = new File([new Uint8Array(data)], 'bench_big.cpython-312.pyc');
      const dt = new DataTransfer();
      dt.items.add(file);
      const before = window.__bench.updates.length;
      const t0 = performance.now();
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      while (window.__bench.updates.length === before) await new Promise((r) => setTimeout(r, 5));
      const u = window.__bench.updates.at(-1);
      return { dom: u.dom - t0, frame: u.frame - t0, perf: { ...window.__bytescope.perf }, rows: document.querySelectorAll('#listing .ins[data-offset]').length, cos: document.querySelectorAll('#listing section.code-object').length, magic: [...document.querySelectorAll('#pyc-header .hdr-item')].find((e) => e.firstChild.textContent === 'Magic')?.lastChild.textContent };
    }, [...pyc]);
    const cpu = (await threadTime(pcdp)) - cpu0;
    if (pyodideRequests.length) throw new Error(`a runtime was fetched: ${pyodideRequests[0]}`);
    console.log(`pyc #${i + 1}: ${pyc.length} bytes (magic ${t.magic}, ${t.cos} code objects, ${t.rows} rows): drop → DOM ${ms(t.dom)}, painted ${ms(t.frame)} (read + model + render ${ms(t.perf.lastUpdateMs)}, of which render ${ms(t.perf.lastRenderMs)}); main-thread CPU ${ms(cpu)}`);
    drops.push(t.frame);
    await ctx.close();
  }
  results.push({ what: `pyc: drop ${Math.round(pyc.length / 1024)} KB 3.12 .pyc → listing (no runtime)`, value: median(drops), runs: drops, target: 300 });

  // ------------------------------------------------------------------------------------------ first listing per version
  const built = JSON.parse(readFileSync(path.join(WEB_DIR, 'dist/first-listing.json'), 'utf8'));
  const link = (version) => version === DEFAULT_PYTHON_VERSION ? '' : '#s=' + deflateRawSync(Buffer.from(JSON.stringify({ source: built.source, version })))
    .toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  for (const version of Number(args.first) > 0 ? PYTHON_VERSIONS : []) {
    const first = [];
    const runtime = [];
    for (let i = 0; i < Number(args.first); i++) {
      const ctx = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
      await ctx.addInitScript(instrument);
      const p = await ctx.newPage();
      await p.goto(env.server.url + link(version));
      await p.waitForFunction(() => window.__bench?.updates.length > 0, null, { timeout: 180_000 });
      const r = await p.evaluate(() => ({ build: window.__bench.fromBuild[0], runtime: window.__bench.updates[0], from: window.__bytescope.perf.runtimeStart }));
      if (!r.build) throw new Error(`${version}: no listing from the build before the runtime's`);
      first.push(r.build.frame);
      runtime.push(r.runtime.frame);
      console.log(`first ${version} #${i + 1}: build's listing painted ${ms(r.build.frame)} after navigation; runtime's ${ms(r.runtime.frame)} (runtime started from ${r.from || '?'})`);
      await ctx.close();
    }
    results.push({ what: `first: page open → first listing, ${version} (the build's)`, value: median(first), runs: first, target: 1000 });
    results.push({ what: `first: page open → runtime's listing, ${version}`, value: median(runtime), runs: runtime, target: 5000 });
  }
} finally {
  await env.close();
}

const rowsOut = results.map((r) => [r.what, ms(r.value), r.runs.map((x) => Math.round(x)).join(' / '), `≤ ${ms(r.target)}`, r.value <= r.target ? 'ok' : 'MISSED']);
const head = ['measure', 'median', 'runs (ms)', 'target', ''];
const widths = head.map((h, i) => Math.max(h.length, ...rowsOut.map((r) => r[i].length)));
const line = (cells) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
console.log(`\n${os.cpus().length} CPUs, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} (other processes slow every figure down)`);
console.log(line(head) + '\n' + line(widths.map((w) => '-'.repeat(w))) + '\n' + rowsOut.map(line).join('\n'));
if (args.strict && results.some((r) => r.value > r.target)) process.exit(1);
