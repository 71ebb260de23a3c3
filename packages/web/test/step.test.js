// End-to-end tests of the explorer's stepper (the Step tab, issue #12) in headless Chromium, on the default CPython
// runtime: every trace is recorded by the real engine in the lab's Web Worker, then stepped in the page. Stepping by
// instruction (with the time one move takes), by line, call and return; breakpoints on the listing's gutter; the
// share link; the simulated-stack label; the side-by-side lesson. One browser and one page; the tests run in order.
//
// BYTESCOPE_SCREENSHOTS=/some/dir saves screenshots of the stepper there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, setSource as setSourceOf, startExplorer } from './browser.js';
import { XSS_CONST } from './fixtures.js';

let env;
let context;
let page;
const pageErrors = [];
const dialogs = [];

const shot = (name) => screenshot(page, `step-${name}`);
const setSource = (text) => setSourceOf(page, text, 30_000);

/** Shows the Step tab and waits for its recording of the editor's program. */
async function openStepper(p = page) {
  if ((await p.getAttribute('#tab-step', 'aria-selected')) !== 'true') await p.click('#tab-step');
  await waitRecorded(p);
}

/** Waits until the stepper has recorded what it shows (ready), failing with its message otherwise. */
async function waitRecorded(p = page) {
  await p.waitForFunction(() => {
    const s = document.getElementById('step-view')?.dataset.state;
    return s === 'ready' || s === 'failed';
  }, null, { timeout: 90_000 });
  const state = await p.getAttribute('#step-view', 'data-state');
  if (state !== 'ready') assert.fail(`${state}: ${await p.$$eval('.step-message:not([hidden]), .step-status', (e) => e.map((x) => x.textContent).join(' | '))}`);
}

/** Records the editor's program again after `text` was pasted (the listing update triggers it). */
async function stepProgram(text) {
  await page.evaluate(() => { document.getElementById('step-view').dataset.state = 'stale'; });
  await setSource(text);
  await waitRecorded();
  await page.click('#step-start');
}

/** What the program column shows now: step number, opname, stack (top first, with pushers), call stack, output. */
function shown(p = page, id = 'step') {
  return p.evaluate((id) => {
    const q = (s) => document.querySelector(`#${id}-${s}`);
    const count = /step (\d+) of (\d+)/.exec(q('where')?.textContent ?? '');
    return {
      step: count ? Number(count[1]) : null,
      of: count ? Number(count[2]) : null,
      op: q('where')?.querySelector('.step-op')?.textContent ?? '',
      where: q('where')?.textContent ?? '',
      stack: [...q('stack').querySelectorAll('.step-slot[data-slot]')].map((s) => ({
        repr: s.querySelector('.step-slot-repr').textContent, by: s.querySelector('.step-slot-by').textContent,
      })),
      calls: [...q('calls').querySelectorAll('li')].map((l) => l.textContent),
      locals: [...q('locals').querySelectorAll('tr')].map((r) => [...r.querySelectorAll('td')].map((d) => d.textContent)),
      lookup: q('lookup')?.hidden ? null : q('lookup')?.textContent ?? null,
      stdout: q('stdout')?.textContent ?? '',
      simulated: !q('simulated')?.hidden,
    };
  }, id);
}

/** Moves forward by `unit` until `pred(shown)` holds (at most `max` moves); returns what is shown then. */
async function forwardUntil(unit, pred, max = 400, id = 'step') {
  await page.selectOption('#step-unit', unit);
  for (let k = 0; k < max; k++) {
    const s = await shown(page, id);
    if (pred(s)) return s;
    await page.click('#step-forward');
  }
  throw new Error(`not reached by ${unit}: ${JSON.stringify(await shown(page, id))}`);
}

before(async () => {
  ({ env, context, page } = await startExplorer({ pageErrors }));
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
});

after(async () => {
  await env?.close();
});

test('the Step tab records the program once in the lab worker and steps it by instruction, under 16 ms a move', { timeout: 150_000 }, async (t) => {
  await setSource(`a = 6\nb = 7\nc = a * b\nprint(c)\nprint(${JSON.stringify(XSS_CONST)})\n`);
  await openStepper();
  assert.ok(page.workers().some((w) => /lab-worker/.test(w.url())), 'recorded in the lab worker');
  assert.equal(await page.isVisible('#listing'), true, 'the listing stays beside the stepper');
  let s = await shown();
  assert.equal(s.step, 1);
  assert.ok(s.of > 10, `steps: ${s.of}`);

  // Before the multiplication the stack holds a and b, each labelled by the load that pushed it.
  s = await forwardUntil('instruction', (x) => /BINARY_OP/.test(x.op));
  assert.deepEqual(s.stack.map((x) => x.repr), ['7', '6'], JSON.stringify(s.stack));
  assert.match(s.stack[0].by, /LOAD_NAME b/);
  assert.match(s.stack[1].by, /LOAD_NAME a/);
  assert.deepEqual(s.calls, ['<module>']);
  // The listing marks the step's row (selected, with its span in the editor).
  const row = await page.$eval('#listing .ins.step-current', (r) => ({ op: r.querySelector('.c-op').textContent, selected: r.classList.contains('selected') }));
  assert.equal(row.op, s.op.replace(/^\d+ /, '').split(' ')[0]);
  assert.equal(row.selected, true);
  assert.equal(await page.$eval('.cm-bs-span', (e) => e.textContent), 'a * b');
  // After it, the product; the module's namespace is a dict of names.
  await page.click('#step-forward');
  s = await shown();
  assert.equal(s.stack.at(0).repr, '42');
  assert.match(s.stack.at(0).by, /BINARY_OP/);
  assert.deepEqual(s.locals.slice(0, 2), [['a', '6'], ['b', '7']]);
  await shot('program');

  // Keys: → and ← move by instruction.
  const before = s.step;
  await page.focus('#step-forward');
  await page.keyboard.press('ArrowRight');
  assert.equal((await shown()).step, before + 1);
  await page.keyboard.press('ArrowLeft');
  assert.equal((await shown()).step, before);

  // Output so far, as text: the second print's HTML is shown, not parsed.
  await page.click('#step-end');
  s = await shown();
  assert.equal(s.step, s.of);
  assert.match(s.stdout, /^42\n/);
  await page.click('#step-start');
  assert.equal((await shown()).stdout, '', 'nothing printed before the first step');
  await page.click('#step-end');
  assert.equal(await page.$$eval('#step-view img, #step-view svg', (e) => e.length), 0);
  // The string's repr on the stack, as text.
  await page.click('#step-start');
  s = await forwardUntil('instruction', (x) => x.stack.some((y) => y.repr.includes('<img')));
  assert.equal(s.stack.at(0).repr, `'${XSS_CONST}'`);
  assert.equal(await page.$$eval('#step-view img, #step-view svg', (e) => e.length), 0);
  assert.deepEqual(dialogs, []);

  // One move: the click's handler and the layout it causes, timed in the page: the median of 15 moves, best of three
  // batches (the VM's other work can stall any one of them).
  const medians = [];
  for (let batch = 0; batch < 3 && !(medians.length && Math.min(...medians) < 16); batch++) {
    await page.click('#step-start');
    const times = await page.evaluate(() => {
      const fwd = document.getElementById('step-forward');
      const out = [];
      for (let k = 0; k < 15; k++) {
        const t0 = performance.now();
        fwd.click();
        document.body.offsetHeight; // force style and layout
        out.push(performance.now() - t0);
      }
      return out.sort((a, b) => a - b);
    });
    medians.push(times[7]);
    t.diagnostic(`one move: median ${times[7].toFixed(2)} ms, max ${times.at(-1).toFixed(2)} ms over ${times.length} moves`);
  }
  assert.ok(Math.min(...medians) < 16, `median move ${medians.map((m) => m.toFixed(1)).join(', ')} ms`);
});

test('by line, call and return: into a function (its locals as numbered slots), out with the value, a builtin lookup', { timeout: 90_000 }, async () => {
  await stepProgram('def square(x):\n    y = x * x\n    return y\n\nn = square(7)\nprint(n)\n');
  // By call: the first step inside square, its frame on top of the call stack, x in slot 0, y not bound yet.
  await page.selectOption('#step-unit', 'call');
  await page.click('#step-forward');
  let s = await shown();
  assert.deepEqual(s.calls, ['square', '<module>']);
  assert.deepEqual(s.locals.map((r) => r.slice(0, 2)), [['0', 'x'], ['1', 'y']]);
  assert.equal(s.locals[0][3], '7');
  assert.equal(s.locals[1][3], 'unbound');
  // By return: the return instruction, 49 on the stack, still in square.
  await page.selectOption('#step-unit', 'return');
  await page.click('#step-forward');
  s = await shown();
  assert.match(s.op, /RETURN/);
  assert.equal(s.stack.at(0).repr, '49');
  assert.deepEqual(s.calls, ['square', '<module>']);
  // Back by call: the entry into square again.
  await page.selectOption('#step-unit', 'call');
  await page.click('#step-back');
  assert.equal((await shown()).locals[1][3], 'unbound');
  // By line through square: `y = x * x`, then `return y` (after the def line's RESUME, where there is one).
  await page.selectOption('#step-unit', 'line');
  const lines = [];
  for (s = await shown(); s.calls[0] === 'square'; s = await shown()) {
    lines.push(/line (\d+)/.exec(s.where)?.[1]);
    await page.click('#step-forward');
  }
  assert.deepEqual(lines.filter((l) => l !== '1'), ['2', '3'], `lines ${lines}`);
  assert.match(s.where, /line 5/, 'back in the module, on the line of the call');
  // print is not in the module's namespace: the lookup goes on to the builtins and pushes the function.
  s = await forwardUntil('instruction', (x) => /LOAD_NAME print/.test(x.op));
  assert.match(s.lookup, /globals — not there/);
  assert.match(s.lookup, /builtins — found/);
  assert.match(s.lookup, /value: <built-in function print>/);
  await shot('call');
});

test('an exception: the handler entered is a step of its own, the exception on the stack', { timeout: 60_000 }, async () => {
  await stepProgram('try:\n    x = 1 / 0\nexcept ZeroDivisionError as e:\n    print("caught", e)\n');
  const s = await forwardUntil('instruction', (x) => /exception handler entered/.test(x.where));
  assert.match(s.where, /exception handler entered: ZeroDivisionError: division by zero/);
  assert.equal(s.stack.at(0).repr, "ZeroDivisionError('division by zero')");
  const end = await forwardUntil('instruction', (x) => x.step === x.of);
  assert.equal(end.stdout, 'caught division by zero\n');
});

test('breakpoints: a click on a row\'s gutter stops Play and "run to breakpoint" there, each loop iteration', { timeout: 90_000 }, async () => {
  await stepProgram('total = 0\nfor i in range(4):\n    total = total + i\nprint(total)\n');
  // The store inside the loop (the second STORE_NAME total).
  const keys = await page.$$eval('#listing .ins[data-offset]', (rs) => rs
    .filter((r) => r.querySelector('.c-op').textContent === 'STORE_NAME' && r.querySelector('.c-argrepr').textContent === '(total)')
    .map((r) => `${r.dataset.co}:${r.dataset.offset}`));
  assert.equal(keys.length, 2);
  const [co, off] = keys[1].split(':');
  const sel = `#listing .ins[data-co="${co}"][data-offset="${off}"]`;
  await page.click(`${sel} .c-line`);
  assert.equal(await page.$eval(sel, (r) => r.classList.contains('step-bp')), true);
  assert.equal(await page.textContent('#step-bp-info'), '1 breakpoint');
  // Kept while another tab is shown, and marked again when the Step tab comes back.
  await page.click('#tab-listing');
  assert.equal(await page.$eval(sel, (r) => r.classList.contains('step-bp')), false, 'not marked outside the Step tab');
  await openStepper();
  assert.equal(await page.$eval(sel, (r) => r.classList.contains('step-bp')), true);

  // Run to the breakpoint: each stop is the store, with the running total on the stack.
  const tops = [];
  for (let k = 0; k < 4; k++) {
    await page.click('#step-continue');
    const s = await shown();
    assert.match(s.op, new RegExp(`^${off} STORE_NAME`));
    tops.push(s.stack.at(0).repr);
  }
  assert.deepEqual(tops, ['0', '1', '3', '6']);
  // Play from the start, by line, stops at the breakpoint by itself, though the store is in the middle of its line.
  await page.click('#step-start');
  await page.selectOption('#step-unit', 'line');
  await page.selectOption('#step-speed', 'fast');
  await page.click('#step-play');
  await page.waitForFunction(() => document.getElementById('step-play').textContent === 'Play', null, { timeout: 20_000 });
  let s = await shown();
  assert.match(s.op, new RegExp(`^${off} STORE_NAME`));
  assert.equal(s.stack.at(0).repr, '0');
  // Cleared (b on the selected row), Play runs to the end.
  await page.click(`${sel} .c-op`);
  await page.keyboard.press('b');
  assert.equal(await page.$eval(sel, (r) => r.classList.contains('step-bp')), false);
  await page.click('#step-play');
  await page.waitForFunction(() => document.getElementById('step-play').textContent === 'Play', null, { timeout: 30_000 });
  s = await shown();
  assert.equal(s.step, s.of, 'played to the end');
  await shot('breakpoint');
});

test('share link: the step, the unit and the breakpoints come back in a new page', { timeout: 150_000 }, async () => {
  await stepProgram('xs = [3, 1, 2]\nys = sorted(xs)\nprint(ys)\n');
  const rowSel = await page.evaluate(() => {
    const r = [...document.querySelectorAll('#listing .ins[data-offset]')].find((x) => x.querySelector('.c-op').textContent === 'STORE_NAME');
    return `#listing .ins[data-co="${r.dataset.co}"][data-offset="${r.dataset.offset}"]`;
  });
  await page.click(`${rowSel} .c-line`);
  await page.selectOption('#step-unit', 'instruction');
  for (let k = 0; k < 7; k++) await page.click('#step-forward');
  await page.selectOption('#step-unit', 'line');
  const here = await shown();
  await page.click('#share');
  await page.waitForFunction(() => location.hash.startsWith('#s='), null, { timeout: 5_000 });
  const url = await page.evaluate(() => location.href);

  const other = await context.newPage();
  const errors = [];
  other.on('pageerror', (e) => errors.push(e.message));
  try {
    await other.goto(url);
    await other.waitForFunction(() => document.getElementById('step-view')?.dataset.state === 'ready', null, { timeout: 120_000 });
    assert.equal(await other.getAttribute('#tab-step', 'aria-selected'), 'true');
    const there = await shown(other);
    assert.equal(there.step, here.step);
    assert.deepEqual(there.stack, here.stack);
    assert.equal(there.op, here.op);
    assert.equal(await other.inputValue('#step-unit'), 'line');
    assert.equal(await other.$eval(rowSel, (r) => r.classList.contains('step-bp')), true, 'the breakpoint is back');
    assert.equal(await other.$eval('#listing .ins.step-current .c-op', (e) => e.textContent), here.op.replace(/^\d+ /, '').split(' ')[0]);
    assert.deepEqual(errors, []);
  } finally {
    await other.close();
  }
});

test('the lesson: the module-level loop and the same loop in a function, stepped side by side', { timeout: 120_000 }, async () => {
  await page.click('#step-mode-lesson');
  await waitRecorded();
  assert.equal(await page.isVisible('#listing'), false, 'the columns take the listing\'s place');
  assert.equal(await page.$$eval('#step-columns .step-column', (c) => c.length), 2);
  assert.equal(await page.inputValue('#step-unit'), 'line');
  // Step both together by instruction to the end, collecting what each column ran.
  await page.selectOption('#step-unit', 'instruction');
  const ops = { a: new Set(), b: new Set() };
  const lookups = { a: 0, b: 0 };
  for (let k = 0; k < 200; k++) {
    const [a, b] = [await shown(page, 'step-a'), await shown(page, 'step-b')];
    for (const [id, s] of [['a', a], ['b', b]]) {
      ops[id].add(s.op.replace(/^\d+ /, ''));
      if (s.lookup) lookups[id]++;
    }
    if (k === 8) await shot('lesson');
    if (a.step === a.of && b.step === b.of) break;
    await page.click('#step-forward');
  }
  const a = [...ops.a].join(' | ');
  const b = [...ops.b].join(' | ');
  assert.match(a, /STORE_NAME total/);
  assert.match(a, /LOAD_NAME i/);
  assert.doesNotMatch(a, /_FAST/);
  assert.match(b, /STORE_FAST total/);
  assert.match(b, /LOAD_FAST(_BORROW)?(_LOAD_FAST(_BORROW)?)? .*total/);
  assert.doesNotMatch(b, /_NAME (total|i)/);
  assert.ok(lookups.a > 10 && lookups.b < lookups.a, `dict lookups: ${JSON.stringify(lookups)}`);
  // The function's locals are its fixed array: total and i in numbered slots; both printed 3.
  const b1 = await shown(page, 'step-b');
  assert.deepEqual(b1.locals.map((r) => r.slice(0, 2)), [['0', 'total'], ['1', 'i']]);
  assert.equal((await shown(page, 'step-a')).stdout, '3\n');
  assert.equal(b1.stdout, '3\n');
  // Each column marks its step in its own source and listing; a breakpoint button on a row, by keyboard.
  assert.equal(await page.$$eval('#step-b-code .step-row.step-current', (r) => r.length), 1);
  await page.click('#step-start');
  const gutter = '#step-b-code .step-row:nth-child(6) .step-gutter';
  await page.focus(gutter);
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute(gutter, 'aria-pressed'), 'true');
  await page.click('#step-continue');
  const off = await page.$eval(gutter, (g) => g.closest('.step-row').dataset.offset);
  assert.match((await shown(page, 'step-b')).op, new RegExp(`^${off} `));
  // Back to the editor's program.
  await page.click('#step-mode-program');
  await waitRecorded();
  assert.equal(await page.isVisible('#listing'), true);
});

test('a simulated stack is labelled as such, in the column and for the trace; a truncated trace is marked', { timeout: 120_000 }, async (t) => {
  const source = 'a = 6\nb = 7\nc = a * b\n';
  // A wrong frame layout (testing only) fails the engine's start-up calibration: every step falls back.
  await page.evaluate(() => { window.__bytescope.traceTesting.layoutPatch = { localsplus: 44 }; });
  try {
    await stepProgram(source);
  } finally {
    await page.evaluate(() => { delete window.__bytescope.traceTesting.layoutPatch; });
  }
  assert.match(await page.textContent('#step-simulated-trace'), /^Simulated stack from step 1: layout calibration/);
  const s = await forwardUntil('instruction', (x) => /BINARY_OP/.test(x.op));
  assert.equal(s.simulated, true);
  assert.match(await page.textContent('#step-simulated'), /^Simulated stack: the real one could not be read here/);
  assert.deepEqual(s.stack.map((x) => x.repr), ['b', 'a'], 'the expressions of the source, not values');
  assert.equal(await page.$$eval('#step-stack .step-slot-symbolic', (e) => e.length), 2);
  assert.equal(await page.$$eval('#step-stack.simulated', (e) => e.length), 1);
  await shot('simulated');

  // The reader's check failing at a step (testing only): the steps before it are real, those from it labelled.
  await page.evaluate(() => { window.__bytescope.traceTesting.faultStep = 4; });
  try {
    await page.click('#step-record');
    await waitRecorded();
  } finally {
    await page.evaluate(() => { delete window.__bytescope.traceTesting.faultStep; });
  }
  assert.match(await page.textContent('#step-simulated-trace'), /^Simulated stack from step 5: .*injected fault \(testing\)/);
  await page.click('#step-start');
  const labels = [];
  for (let k = 0; k < 7; k++) {
    labels.push((await shown()).simulated);
    await page.click('#step-forward');
  }
  assert.deepEqual(labels, [false, false, false, false, true, true, true]);

  // Recorded again with the real layout: no label.
  await page.click('#step-record');
  await waitRecorded();
  await page.click('#step-start');
  assert.equal(await page.isVisible('#step-simulated-trace'), false);
  const real = await forwardUntil('instruction', (x) => /BINARY_OP/.test(x.op));
  assert.equal(real.simulated, false);
  assert.deepEqual(real.stack.map((x) => x.repr), ['7', '6']);
  assert.equal(await page.isVisible('#step-truncated'), false);

  // A loop that never ends: the trace stops at its step limit, and says so; moving in it stays fast.
  await stepProgram('i = 0\nwhile True:\n    i += 1\n');
  assert.match(await page.textContent('#step-truncated'), /^trace truncated: stopped after 10,000 steps$/);
  assert.equal(await page.isVisible('#step-truncated'), true);
  assert.equal((await shown()).of, 10_000);
  t.diagnostic(await page.textContent('#step-notes'));
  const medians = [];
  for (let batch = 0; batch < 3 && !(medians.length && Math.min(...medians) < 16); batch++) {
    const times = await page.evaluate(() => {
      const out = [];
      const slider = document.getElementById('step-slider');
      for (let k = 0; k < 12; k++) {
        const t0 = performance.now();
        slider.value = String(Math.floor((k + 1) * 9_999 / 12));
        slider.dispatchEvent(new Event('input'));
        document.body.offsetHeight;
        out.push(performance.now() - t0);
      }
      return out.sort((a, b) => a - b);
    });
    medians.push(times[6]);
    t.diagnostic(`slider jump in a 10,000-step trace: median ${times[6].toFixed(2)} ms, max ${times.at(-1).toFixed(2)} ms`);
  }
  assert.ok(Math.min(...medians) < 16, `median ${medians} ms`);
  assert.equal((await shown()).step, 9_999 + 1);
});

test('the tour\'s chapter on loops in functions opens the lesson', { timeout: 90_000 }, async () => {
  await page.click('#tour-button');
  const i = await page.$eval('#tour .tour-menu', (m) => [...m.options].findIndex((o) => /Faster in a function/.test(o.textContent)));
  assert.ok(i >= 0);
  await page.selectOption('#tour .tour-menu', String(i));
  await page.click('#tour .tour-action:has-text("Step them side by side")');
  await waitRecorded();
  assert.equal(await page.getAttribute('#step-mode-lesson', 'aria-pressed'), 'true');
  assert.equal(await page.$$eval('#step-columns .step-column', (c) => c.length), 2);
  assert.match(await page.textContent('#step-a-where'), /step 1 of \d+/);
  await page.click('#tour .tour-close');
});

test('no page errors', () => {
  assert.deepEqual(pageErrors, []);
});
