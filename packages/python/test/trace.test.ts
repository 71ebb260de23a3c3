/**
 * Traces in real CPython 3.10–3.15 (one worker thread per version, traceInRuntime as the CLI and the web call it).
 * For every snippet, every step is checked against what the decoded bytecode determines, not against typed strings:
 * the stack's depth equals the core's static depth before that instruction; after a constant load the top of the
 * stack is the repr of that constant (from the code object's co_consts, written by the core's repr); after a load of
 * a local the top equals that local's slot; at a handler entered by unwinding the top slots hold the exception. A
 * wrong frame layout must give a trace labelled `simulated`, with symbolic slots of the static depth.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import {
  CONST_LOADS, TRACE_REPR_MAX, buildCfg, computeStackDepths, decodeModule, readPyc, reprObject,
  type DecodedModule, type StackDepths, type Trace,
} from '@bytescope/core';
import { PYTHON_VERSIONS } from '../src/runtime.js';
import type { TraceOptions, TraceResult } from '../src/trace.js';

/** The snippets of the issue: each runs to completion and prints something. */
export const SNIPPETS: Readonly<Record<string, string>> = {
  arithmetic: 'a = 7\nb = 3\nc = (a + b) * 2 - a // b\nprint(c, a % b, -a, a ** 2)\n',
  'keyword call': 'def f(a, b=2, *, k=1, **kw):\n    return a * b + k + len(kw)\nprint(f(1, k=5, z=3), f(2, b=4))\n',
  comprehension: 'def sq(n):\n    return [i * i for i in range(n) if i % 2]\nprint(sq(6), {k: v for k, v in zip("ab", (1, 2))})\n',
  'try/except/finally': 'def g(n):\n    try:\n        return 10 // n\n    except ZeroDivisionError as e:\n        print("caught", e)\n        return -1\n    finally:\n        print("finally", n)\nprint(g(2), g(0))\n',
  with: 'class CM:\n    def __enter__(self):\n        return "in"\n    def __exit__(self, *exc):\n        print("exit", exc[0])\n        return True\ndef w():\n    with CM() as v:\n        print(v)\n        raise KeyError(v)\n    return "after"\nprint(w())\n',
  generator: 'def gen(n):\n    for i in range(n):\n        x = yield i\n        if x:\n            print("sent", x)\ng = gen(3)\nprint(next(g), g.send("hi"), list(g))\n',
  closure: 'def outer(a):\n    b = a + 1\n    def inner(c):\n        nonlocal b\n        b += c\n        return a, b\n    return inner\nh = outer(1)\nprint(h(10), h(5))\n',
  'class with a method': 'class P:\n    def __init__(self, x):\n        self.x = x\n    def double(self):\n        return P(self.x * 2)\n    def __repr__(self):\n        return "P(%d)" % self.x\nprint(P(4).double())\n',
  recursion: 'def fact(n):\n    if n <= 1:\n        return 1\n    return n * fact(n - 1)\nprint(fact(6))\n',
};

/** One worker thread holding one runtime. */
class Runtime {
  private readonly worker: Worker;
  private next = 1;
  private readonly waiting = new Map<number, (m: { result?: TraceResult; error?: string }) => void>();
  readonly ready: Promise<void>;

  constructor(version: string) {
    this.worker = new Worker(new URL('./trace-worker.js', import.meta.url), { workerData: version });
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('error', reject);
      this.worker.on('message', (m: { ready?: boolean; id?: number; result?: TraceResult; error?: string }) => {
        if (m.ready) resolve();
        else if (m.id !== undefined) this.waiting.get(m.id)?.(m);
      });
    });
  }

  async trace(source: string, options: TraceOptions = {}): Promise<{ trace: Trace; pyc: Uint8Array }> {
    await this.ready;
    const id = this.next++;
    const m = await new Promise<{ result?: TraceResult; error?: string }>((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ id, source, options });
    });
    if (m.error !== undefined) throw new Error(m.error);
    const r = m.result!;
    if (!r.ok) throw new Error(`compile error: ${r.error.message}`);
    return { trace: r.trace, pyc: r.pyc };
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

const cut = (s: string) => (s.length <= TRACE_REPR_MAX ? s : s.slice(0, TRACE_REPR_MAX - 1) + '\u2026');

/** What the bytecode says of every step; returns the problems found (empty: all agree) and what was checked. */
export function checkTrace(trace: Trace, module: DecodedModule): { problems: string[]; checked: { depth: number; consts: number; locals: number; handlers: number } } {
  const problems: string[] = [];
  const checked = { depth: 0, consts: 0, locals: 0, handlers: 0 };
  const v = module.version;
  const depths = new Map<number, StackDepths>();
  const depthsOf = (i: number) => {
    let d = depths.get(i);
    if (!d) depths.set(i, (d = computeStackDepths(buildCfg(module.codeObjects[i]!.decoded, v), v)));
    return d;
  };
  const steps = trace.steps;
  steps.forEach((s, n) => {
    const mc = module.codeObjects[s.code]!;
    const ins = mc.decoded.instructions;
    const k = ins.findIndex((x) => x.offset === s.offset);
    const where = `step ${n} ${mc.qualname}+${s.offset} ${s.opname}`;
    if (k < 0) { problems.push(`${where}: no instruction at this offset`); return; }
    if (s.opname !== ins[k]!.opname) problems.push(`${where}: opname differs from the listing's ${ins[k]!.opname}`);
    const depth = s.stack.length + s.stack_omitted;
    if (depth !== depthsOf(s.code).before[k]) problems.push(`${where}: depth ${depth}, static depth ${depthsOf(s.code).before[k]}`);
    checked.depth++;
    if (s.event === 'handler') {
      const top = s.stack.slice(-3);
      if (!s.exception || !top.some((x) => x.kind === 'object' && s.exception!.startsWith(x.type ?? '\0'))) {
        problems.push(`${where}: handler entry without the exception on the stack (${s.exception}; ${top.map((x) => x.repr).join(', ')})`);
      }
      checked.handlers++;
    }
    // The next step, when it is the instruction right after this one in the same frame.
    const t = steps[n + 1];
    if (!t || t.code !== s.code || t.call_stack.length !== s.call_stack.length || k + 1 >= ins.length || t.offset !== ins[k + 1]!.offset) return;
    const i = ins[k]!;
    const top = t.stack[t.stack.length - 1];
    if (t.stack_source === 'real' && t.stack.length > 0 && (CONST_LOADS.has(i.opname) || i.opname.startsWith('LOAD_FAST'))) {
      if (top?.pushed_by !== i.offset) problems.push(`${where}: the top after it says it was pushed by ${top?.pushed_by}`);
    }
    if (CONST_LOADS.has(i.opname) && i.opname === 'LOAD_CONST') {
      const c = mc.code.consts[i.arg!]!;
      if (c.type === 'code') return;
      const want = cut(reprObject(c, v.printable));
      if (top?.repr !== want) problems.push(`${where}: top after it is ${top?.repr}, the constant is ${want}`);
      checked.consts++;
    } else if (i.opname === 'LOAD_SMALL_INT') {
      if (top?.repr !== String(i.arg)) problems.push(`${where}: top after it is ${top?.repr}, the argument is ${i.arg}`);
      checked.consts++;
    } else if (['LOAD_FAST', 'LOAD_FAST_CHECK', 'LOAD_FAST_BORROW'].includes(i.opname)) {
      // A cell's slot holds the cell (3.13+ loads it with LOAD_FAST to build a closure); `locals` shows its contents.
      const kind = trace.codes.find((c) => c.index === s.code)?.localsplus[i.arg!]?.kind;
      const want = kind === 'local' ? s.locals[i.arg!] : undefined;
      if (kind === 'local' ? top?.repr !== want : top?.type !== 'cell') problems.push(`${where}: top after it is ${top?.repr}, local ${i.arg} (${kind}) is ${want}`);
      checked.locals++;
    }
  });
  return { problems, checked };
}

const versions = (process.env.BYTESCOPE_TRACE_VERSIONS?.split(',') ?? PYTHON_VERSIONS) as string[];

for (const version of versions) {
  test(`traces in CPython ${version}: real stack, every step as the bytecode says`, { timeout: 300_000 }, async (t) => {
    const rt = new Runtime(version);
    try {
      const total = { depth: 0, consts: 0, locals: 0, handlers: 0, steps: 0 };
      for (const [name, source] of Object.entries(SNIPPETS)) {
        const { trace, pyc } = await rt.trace(source);
        const module = decodeModule(readPyc(pyc));
        assert.equal(trace.outcome.status, 'ok', `${name}: ${trace.outcome.error}`);
        assert.equal(trace.truncated, null, name);
        assert.equal(trace.fallback, null, `${name}: ${trace.fallback?.reason}`);
        assert.equal(trace.stack_source, 'real', name);
        assert.ok(trace.stdout.length > 0, name);
        const { problems, checked } = checkTrace(trace, module);
        assert.deepEqual(problems.slice(0, 5), [], name);
        total.steps += trace.steps.length;
        for (const key of ['depth', 'consts', 'locals', 'handlers'] as const) total[key] += checked[key];
      }
      // Each kind of check ran: the snippets load constants and locals, and two of them unwind into handlers.
      assert.ok(total.consts > 20 && total.locals > 20 && total.handlers >= 2, JSON.stringify(total));
      t.diagnostic(`${version}: ${total.steps} steps; ${total.consts} constants, ${total.locals} locals, ${total.handlers} handler entries checked`);

      // Limits: a runaway loop stops at the step limit, marked.
      const loop = await rt.trace('i = 0\nwhile True:\n    i += 1\n', { maxSteps: 500 });
      assert.deepEqual(loop.trace.truncated, { reason: 'steps', limit: 500 });
      assert.equal(loop.trace.steps.length, 500);
      assert.equal(loop.trace.outcome.status, 'truncated');

      // --call: only the call is traced, and its result is reported.
      const call = await rt.trace(SNIPPETS.recursion!, { call: 'fact(3)' });
      assert.equal(call.trace.outcome.result, '6');
      assert.ok(call.trace.steps.every((s) => s.code !== 0), 'the module body ran untraced');
      assert.equal(Math.max(...call.trace.steps.map((s) => s.call_stack.length)), 3);

      // A wrong layout fails the start-up calibration: every step is simulated, labelled, of the static depth.
      const none = await rt.trace('x = 1\n', { layoutPatch: null });
      assert.equal(none.trace.stack_source, 'simulated');
      assert.match(none.trace.fallback?.reason ?? '', /no verified frame layout/);
      const wrong = await rt.trace(SNIPPETS.arithmetic!, { layoutPatch: { localsplus: 44 } });
      assert.equal(wrong.trace.stack_source, 'simulated');
      assert.equal(wrong.trace.fallback?.first_step, 0);
      assert.match(wrong.trace.fallback?.reason ?? '', /layout calibration disagrees on localsplus/);
      assert.ok(wrong.trace.steps.every((s) => s.stack_source === 'simulated' && s.stack.every((x) => x.kind === 'symbolic')));
      const w = checkTrace(wrong.trace, decodeModule(readPyc(wrong.pyc)));
      assert.deepEqual(w.problems.filter((p) => p.includes('static depth')), []);
      assert.equal(wrong.trace.outcome.status, 'ok');
      assert.equal(wrong.trace.stdout, (await rt.trace(SNIPPETS.arithmetic!)).trace.stdout);

      // The program's own __repr__/__str__ never runs inside the tracer (here they would never return).
      const own = await rt.trace('class P:\n    def __repr__(self):\n        print("repr ran")\n        while True: pass\nclass E(Exception):\n    def __str__(self):\n        while True: pass\ndef f():\n    p = [P()]\n    try:\n        raise E()\n    except E:\n        return p\nf()\n', { timeoutMs: 20_000 });
      assert.equal(own.trace.outcome.status, 'ok');
      assert.equal(own.trace.stdout, '');
      assert.ok(own.trace.steps.some((s) => s.stack.some((x) => /^\[<__main__\.P object at 0x[0-9a-f]+>\]$/.test(x.repr))));
      assert.ok(own.trace.steps.some((s) => s.event === 'handler' && s.exception === 'E'));

      // A check failing mid-trace: real before, simulated (and labelled) from that step on.
      const mid = await rt.trace(SNIPPETS.recursion!, { faultStep: 10 });
      assert.equal(mid.trace.stack_source, 'simulated');
      assert.deepEqual(mid.trace.fallback, { first_step: 10, reason: mid.trace.fallback?.reason });
      assert.match(mid.trace.fallback!.reason, /injected fault/);
      assert.ok(mid.trace.steps.slice(0, 10).every((s) => s.stack_source === 'real'));
      assert.ok(mid.trace.steps.slice(10).every((s) => s.stack_source === 'simulated'));
      assert.deepEqual(checkTrace(mid.trace, decodeModule(readPyc(mid.pyc))).problems.filter((p) => p.includes('static depth')), []);
    } finally {
      await rt.close();
    }
  });
}


test('the lab session records traces (its child process, as the web lab worker does)', { timeout: 120_000 }, async () => {
  const { openLab } = await import('../src/lab/node.js');
  const lab = openLab('3.12');
  try {
    const r = await lab.trace({ source: SNIPPETS.closure!, maxSteps: 20 });
    assert.ok(r.ok);
    assert.equal(r.trace.stack_source, 'real');
    assert.deepEqual(r.trace.truncated, { reason: 'steps', limit: 20 });
    assert.deepEqual(checkTrace(r.trace, decodeModule(readPyc(r.pyc))).problems, []);
    const bad = await lab.trace({ source: 'x = (' });
    assert.ok(!bad.ok && bad.error.type === 'SyntaxError');
  } finally {
    lab.dispose();
  }
});
