// The lab's Web Worker records traces in the browser (a `trace` request of the lab protocol, as LabSession.trace
// sends it): CPython 3.14 started from the build's memory snapshot reads the real value stack there too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { startPage } from './browser.js';

test('the lab worker answers a trace request with the real stack', { timeout: 300_000 }, async () => {
  const { env, page } = await startPage({ pageErrors: [] });
  try {
    await page.goto(env.server.url);
    const file = readdirSync(new URL('../dist/assets/', import.meta.url)).find((f) => f.startsWith('lab-worker-'));
    assert.ok(file, 'no lab worker in the build');
    const r = await page.evaluate(async (url) => {
      const w = new Worker(url, { type: 'module' });
      const answer = await new Promise((resolve) => {
        w.onmessage = (e) => {
          const m = e.data;
          if (m.type === 'ready') w.postMessage({ id: 1, request: { op: 'trace', source: 'def f(a, b):\n    return a + b * 2\nprint(f(3, 4))\n', maxSteps: 100 } });
          else if (m.type === 'response') resolve(m.response);
          else if (m.type === 'fatal') resolve({ ok: false, error: m.message });
        };
        w.postMessage({ type: 'lab-init', version: '3.14' });
      });
      w.terminate();
      return answer;
    }, `/assets/${file}`);
    assert.equal(r.ok, true, r.error);
    assert.equal(r.compiled, true);
    assert.equal(r.trace.stack_source, 'real');
    assert.equal(r.trace.stdout, '11\n');
    const mul = r.trace.steps.find((s) => s.opname === 'BINARY_OP');
    assert.deepEqual(mul.stack.map((x) => x.repr), ['3', '4', '2']);
    assert.deepEqual(mul.stack.map((x) => x.pushed_by !== null), [true, true, true]);
  } finally {
    await env.close();
  }
});
