/**
 * The performance lab against real CPython 3.10–3.15: one child process per version (the runtime loads once), then
 * counts, specialization, a runaway loop, static hints, and the measured effect behind every hint.
 *
 * Timing ratios in WebAssembly under CPU contention are noisy: comparisons use interleaved rounds and best-of-N, the
 * thresholds sit well below the effects measured (function vs module loop: 1.6–2.7×), and a comparison that falls
 * short is measured once more with twice the rounds before it fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { codeTree, qualnames, readPyc, versionAtLeast } from '@bytescope/core';
import { PYTHON_VERSIONS } from '../src/runtime.js';
import { LabChild, LAB_CHILD_EXEC_ARGV } from '../src/lab/child-fork.js';
import {
  HINT_RULES, LAB_DEFAULT_TIMEOUT_MS, LAB_KILL_GRACE_MS, LabTimeout, PRESETS, openLab, type LabCompareResponse, type LabPresetId, type LabRunResponse,
  type LabSession,
} from '../src/lab/index.js';

const sum = (by: Record<string, number>, pred: (op: string) => boolean): number =>
  Object.entries(by).filter(([op]) => pred(op)).reduce((a, [, n]) => a + n, 0);
const isName = (op: string) => op === 'LOAD_NAME' || op === 'STORE_NAME';
const isFast = (op: string) => op.includes('_FAST');

/**
 * Runs a preset. When the ratio is not above `min`, or the variant expected fastest came out slowest (noise), it is
 * measured again with more rounds, up to five times; the last or first good measurement is returned.
 */
async function measure(s: LabSession, id: LabPresetId, min: number): Promise<{ res: LabCompareResponse; ratio: number; tries: number }> {
  const p = PRESETS[id];
  let res: LabCompareResponse | undefined;
  let k = 0;
  // Up to five tries: on a busy two-core machine (CI runs two test files at once, one of them may drive a browser)
  // a try can come out flat (seen once in CI: 3.10's faster-in-function at 1.01 in three tries, 1.55 alone).
  while (k < 5) {
    k++;
    // The time limit is not what this measures: a generous one, so that a loaded machine slowing the counted pass
    // (sys.settrace on 3.10/3.11 most of all) does not stop a variant.
    res = await s.compare({ variants: p.variants, repeat: p.repeat * k, targetMs: p.targetMs, timeoutMs: 30_000 });
    if ((res.ratio ?? 0) > min && res.slowest !== p.fastest) break;
  }
  return { res: res!, ratio: res!.ratio ?? 0, tries: k };
}

const fmt = (x: number) => x.toFixed(2);

/** `BYTESCOPE_LAB_VERSIONS=3.12,3.14` limits the run to some versions (all by default). */
const only = process.env.BYTESCOPE_LAB_VERSIONS?.split(',');

for (const version of PYTHON_VERSIONS.filter((v) => !only || only.includes(v))) {
  test(`performance lab on CPython ${version}`, { timeout: 240_000 }, async (t) => {
    const s = openLab(version);
    try {
      const t0 = Date.now();
      const full = await s.ready();
      t.diagnostic(`${version}: runtime ${full} loaded in ${Date.now() - t0} ms`);

      await t.test('the driver imports what compare and specialize need at their first request, not at start', async () => {
        const loaded = await s.program("import sys; ' '.join(sorted(m for m in sys.modules if m.startswith('bytescope_lab.')))");
        assert.match(loaded, /bytescope_lab\.counting/);
        assert.doesNotMatch(loaded, /specialize|timing|sampling|reasons|caches/);
      });

      await t.test('faster in a function: *_NAME vs *_FAST counts, ratio > 1.3', async () => {
        const { res, ratio, tries } = await measure(s, 'faster-in-function', 1.3);
        const [mod, fn] = res.variants;
        assert.ok(mod && fn && mod.counts && fn.counts);
        const N = 20000;
        // Module level: two LOAD_NAME (total, i) and two STORE_NAME (i, total) per iteration, no fast locals.
        assert.equal(sum(mod.counts.byOpname, isFast), 0, 'module variant has no *_FAST');
        assert.ok(mod.counts.byOpname.LOAD_NAME! >= 2 * N && mod.counts.byOpname.LOAD_NAME! <= 2 * N + 5, `LOAD_NAME ${mod.counts.byOpname.LOAD_NAME}`);
        assert.ok(mod.counts.byOpname.STORE_NAME! >= 2 * N && mod.counts.byOpname.STORE_NAME! <= 2 * N + 5, `STORE_NAME ${mod.counts.byOpname.STORE_NAME}`);
        // Function: the reverse (a handful of *_NAME at module level: def main, main()).
        assert.ok(sum(fn.counts.byOpname, isName) < 10, `function variant *_NAME ${sum(fn.counts.byOpname, isName)}`);
        assert.ok(sum(fn.counts.byOpname, isFast) >= 2 * N, `function variant *_FAST ${sum(fn.counts.byOpname, isFast)}`);
        const detail = `ratio ${ratio}, rounds ${JSON.stringify(res.ratioSpread)}, ${tries} tries`;
        assert.equal(res.fastest, 'in a function', detail);
        assert.ok(ratio > 1.3, detail);
        t.diagnostic(`${version}: faster-in-function ratio ${fmt(ratio)} (round ratios ${fmt(res.ratioSpread!.min)}–${fmt(res.ratioSpread!.max)}, ` +
          `${tries} tr${tries > 1 ? 'ies' : 'y'}); module LOAD_NAME ${mod.counts.byOpname.LOAD_NAME} STORE_NAME ${mod.counts.byOpname.STORE_NAME} ` +
          `*_FAST 0; function *_FAST ${sum(fn.counts.byOpname, isFast)} *_NAME ${sum(fn.counts.byOpname, isName)}`);
      });

      await t.test('timing starts once the times have settled: a program that speeds up over its first runs is warmed up first', async () => {
        // Each run sums a range half as long as 0.1 s before (from 10 000 numbers at the first run): the runs of the
        // first half second take ten times and more what the later ones take (as code does while V8 optimizes the
        // WebAssembly under it, only steadily and for sure).
        const ramp = "import sys, time\nt0 = getattr(sys, '_bytescope_ramp', None) or time.perf_counter()\nsys._bytescope_ramp = t0\n"
          + 'sum(range(int(10000 * 0.5 ** ((time.perf_counter() - t0) / 0.1))))\n';
        // V8 also optimises the WebAssembly under CPython while it runs, and a tier-up that comes late (a busy machine
        // delays its background compile) can halve the times after the warm-up has settled, which no warm-up can
        // foresee: once in a CI run, 11.0 10.5 5.6 4.7 … µs, the ramp long flat by then. The same operations run first,
        // outside the ramp, so that what the warm-up must wait for here is the ramp's own fall.
        const pre = await s.run({ source: "code = compile('import sys, time\\nt0 = getattr(sys, \"_x\", None) or time.perf_counter()\\nsum(range(300))\\n', '<w>', 'exec')\n"
          + 'for i in range(20000):\n    exec(code, {})\n' });
        assert.equal(pre.exception, null);
        assert.equal(pre.stopped, null);
        const res = await s.compare({ variants: [{ name: 'ramp', source: ramp }, { name: 'flat', source: 'pass\n' }], repeat: 9, budgetMs: 8000, timeoutMs: 30_000 });
        const w = res.warmup!;
        const times = res.variants[0]!.timing!.times;
        const median3 = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
        const detail = `warm-up ${JSON.stringify(w)}, ramp's times per run ${times.map((x) => (x * 1e6).toFixed(2)).join(' ')} µs`;
        assert.ok(w.rounds > 3, detail);
        // Without the warm-up the first timed rounds still run the ramp's long sums: several times the last ones. (With
        // it, two CPU-bound processes beside the test on two cores made the first rounds up to 1.4x the last.)
        assert.ok(median3(times.slice(0, 3)) < 2 * median3(times.slice(-3)), detail);
        t.diagnostic(`${version}: ${detail}`);
      });

      await t.test('run with counts: per code object, call expression, output capture', async () => {
        const src = 'def square(x):\n    return x * x\n\nprint("x" * 70000)\nimport sys\nprint("warn", file=sys.stderr)\n';
        const r: LabRunResponse = await s.run({ source: src, call: 'sum(square(i) for i in range(10))' });
        assert.equal(r.exception, null);
        assert.equal(r.value, '285');
        const sq = r.counts!.codeObjects.find((c) => c.key === 'square:1');
        assert.ok(sq, r.counts!.codeObjects.map((c) => c.key).join(', '));
        const mul = sq.instructions.find((i) => i.opname === 'BINARY_OP' || i.opname === 'BINARY_MULTIPLY');
        assert.equal(mul?.count, 10);
        assert.ok(r.stdoutTruncated && r.stdout.includes('output truncated') && r.stdout.length < 66_000);
        assert.equal(r.stderr, 'warn\n');
        const bad = await s.run({ source: 'x = 1\n1 / 0\n' });
        assert.equal(bad.exception?.type, 'ZeroDivisionError');
        assert.equal(bad.exception?.lineno, 2);
      });

      await t.test('code objects named as the core names them (3.10: derived by the core rule; the call expression after)', async () => {
        const fixtures = new URL('../../../core/test/fixtures/compiled/', import.meta.url);
        const source = readFileSync(new URL('nested.py', fixtures), 'utf8');
        const r = await s.run({ source, call: '[f() for f in (lam0, lam1)]' });
        const expected = qualnames(codeTree(readPyc(new Uint8Array(readFileSync(new URL(`nested.${version}.pyc`, fixtures)))).code));
        const got = r.counts!.codeObjects;
        // The program's code objects, then the call expression's (3.10, 3.11: a list comprehension code object of its own).
        assert.deepEqual(got.slice(0, expected.length).map((c) => c.qualname), expected);
        assert.deepEqual(got.slice(expected.length).map((c) => c.qualname), ['<module>', ...(versionAtLeast(version, 3, 12) ? [] : ['<listcomp>'])]);
        assert.ok(got.some((c) => c.key === 'outer.<locals>.K.__priv.<locals>.__deep:12'), got.map((c) => c.key).join(' '));
        assert.equal(r.value, '[0, 1]');
      });

      await t.test('specialization after warm-up', async () => {
        const src = 'def add(a, b):\n    return a + b\n\ndef mixed(a, b):\n    return a < b\n';
        const r = await s.specialize({ source: src, call: 'add(1, 2), mixed(1, 2.5)', warmup: 50 });
        if (version === '3.10') {
          assert.equal(r.supported, false);
          t.diagnostic(`3.10: ${r.message}`);
          return;
        }
        assert.ok(r.seen.includes('BINARY_OP_ADD_INT'), `seen: ${r.seen.join(' ')}`);
        const add = r.codeObjects.find((c) => c.name === 'add')!;
        const op = add.instructions.find((i) => i.baseOpname === 'BINARY_OP')!;
        assert.equal(op.opname, 'BINARY_OP_ADD_INT');
        assert.equal(op.state, 'specialized');
        assert.ok(op.cache?.some((f) => f.name === 'counter'));
        const cmp = r.codeObjects.find((c) => c.name === 'mixed')!.instructions.find((i) => i.baseOpname === 'COMPARE_OP')!;
        assert.equal(cmp.state, 'unspecialized');
        assert.match(cmp.reason ?? '', /int|float|COMPARE_OP/);
        t.diagnostic(`${version}: specialized ${r.seen.join(' ')}; int<float: ${cmp.opname}: ${cmp.reason}`);
      });

      await t.test('a runaway loop is stopped at its time limit, with the output and counts so far', async () => {
        // The limit is the driver's own clock inside the runtime (afterMs), so that a loaded machine, which delays
        // the host's view, does not make this flaky; the host's view only has to show that nothing hangs.
        const limitMs = 1000;
        const start = Date.now();
        await assert.rejects(s.run({ source: "print('started')\nn = 0\nwhile True:\n    n += 1\n", timeoutMs: limitMs }), (e: unknown) => {
          assert.ok(e instanceof LabTimeout);
          assert.equal(e.limitMs, limitMs);
          if (e.killed) {
            // On a very busy machine the host's kill may come first: then nothing of the run is kept.
            assert.match(e.message, /^stopped after \d+(\.\d)? s: the program took longer than 1\.0 s \(the time limit\) inside code the lab cannot interrupt/);
            return true;
          }
          assert.match(e.message, /^stopped: the program took longer than 1\.0 s \(the time limit\)$/);
          assert.ok(e.elapsedMs >= limitMs && e.elapsedMs < limitMs + 1000, `stopped ${e.elapsedMs} ms in, by the runtime's clock`);
          const partial = e.partial as LabRunResponse;
          assert.equal(partial.stdout, 'started\n');
          assert.ok(partial.counts!.total > 1000);
          assert.ok((partial.counts!.byOpname.STORE_NAME ?? 0) > 100, JSON.stringify(partial.counts!.byOpname));
          return true;
        });
        const took = Date.now() - start;
        assert.ok(took < limitMs + 15_000, `took ${took} ms`);
        t.diagnostic(`${version}: runaway loop stopped after ${took} ms (limit ${limitMs} ms; runtime kept)`);
        const after = await s.run({ source: 'x = 1\n' });
        assert.equal(after.exception, null);
      });

      await t.test('hints fire on the module-level loop, not on the function', async () => {
        const [mod, fn] = PRESETS['faster-in-function'].variants;
        const hm = await s.hints(mod!.source);
        const hf = await s.hints(fn!.source);
        assert.ok(hm.ok && hf.ok);
        const loop = hm.hints.find((h) => h.rule === 'module-level-loop');
        assert.ok(loop, JSON.stringify(hm.hints));
        assert.deepEqual([...loop.names].sort(), ['i', 'total']);
        assert.equal(loop.preset, 'faster-in-function');
        assert.deepEqual(hf.hints, []);
      });

      await t.test('hints over a mixed sample', async () => {
        const src = [
          "names = ['a', 'b', 'c']", "report = ''", 'for n in names:', "    report += n + ', '", '',
          'class Acc:', '    def __init__(self):', "        self.log = ''", '        self.items = []', '',
          '    def feed(self, xs):', '        for x in xs:', '            self.items.append(x)',
          "            self.log += '%d;' % x", '            if x in [1, 2, 3, x + 1]:', "                print('{}'.format(x))",
          '', 'def clean(data):', '    out = []', '    seen = (1, 2, 3, 4)', '    for d in data:', '        if d not in seen:',
          '            out.append(d * len(data))', '    return out', '', 'async def agen(xs):', '    for x in xs:', '        await x', '',
        ].join('\n');
        const h = await s.hints(src);
        assert.ok(h.ok);
        const got = new Set(h.hints.map((x) => `${x.rule}@${x.codeObject}:${x.lines.join(',')}`));
        const want = [
          'module-level-loop@<module>:3,4', 'string-concat-in-loop@<module>:4', 'attribute-in-loop@Acc.feed:13',
          'string-concat-in-loop@Acc.feed:14', 'membership-in-list@Acc.feed:15', 'old-formatting-in-loop@Acc.feed:14,16',
          'membership-in-list@clean:22',
          ...(version === '3.10' ? ['global-in-loop@Acc.feed:16', 'global-in-loop@clean:23', 'append-in-loop@clean:23'] : []),
        ];
        assert.deepEqual([...got].sort(), want.sort());
      });

      await t.test('every hint has a measured example (its preset: ratio > 1.1)', async () => {
        const rules = HINT_RULES.filter((r) => r.versions.includes(version));
        const seen = new Map<LabPresetId, number>();
        for (const rule of rules) {
          const p = PRESETS[rule.preset];
          // The rule flags the slow variant(s) of its example and not the fast one.
          const fired: string[] = [];
          for (const v of p.variants) {
            const h = await s.hints(v.source);
            assert.ok(h.ok);
            if (h.hints.some((x) => x.rule === rule.id)) fired.push(v.name);
          }
          assert.ok(!fired.includes(p.fastest), `${rule.id} fires on ${p.fastest} (${rule.preset})`);
          assert.ok(fired.length > 0, `${rule.id} fires on no variant of ${rule.preset}`);
          if (!seen.has(rule.preset)) {
            const { res, ratio, tries } = await measure(s, rule.preset, 1.1);
            seen.set(rule.preset, ratio);
            const detail = `${rule.preset} on ${version}: ratio ${ratio}, rounds ${JSON.stringify(res.ratioSpread)}, ` +
              `slowest ${res.slowest}, ${tries} tries`;
            assert.ok(ratio > 1.1, detail);
            assert.notEqual(res.slowest, p.fastest, detail);
          }
        }
        t.diagnostic(`${version}: ` + [...seen].map(([id, r]) => `${id} ${fmt(r)}`).join(', '));
      });

      if (version === '3.14') {
        await t.test('a loop the counter cannot see is stopped by killing the runtime', async () => {
          const start = Date.now();
          await assert.rejects(s.run({ source: 'import itertools\nsum(itertools.count())\n' }), (e: unknown) => {
            assert.ok(e instanceof LabTimeout);
            assert.equal(e.killed, true);
            assert.match(e.message, /^stopped after \d+\.\d s/);
            return true;
          });
          const took = Date.now() - start;
          // The limit, the grace for the driver's own stop, then the kill (and a little for a loaded machine).
          const bound = LAB_DEFAULT_TIMEOUT_MS + LAB_KILL_GRACE_MS + 1000;
          assert.ok(took < bound, `took ${took} ms (bound ${bound} ms)`);
          t.diagnostic(`${version}: C-level loop stopped by kill after ${took} ms`);
        });
      }
    } finally {
      s.dispose();
    }
  });
}

test('a lab child runs with one V8 background thread (LAB_CHILD_EXEC_ARGV, see child-fork.ts)', () => {
  const child = new LabChild('3.14');
  try {
    assert.deepEqual(LAB_CHILD_EXEC_ARGV, ['--v8-pool-size=1']);
    assert.ok(child.process.spawnargs.includes('--v8-pool-size=1'), child.process.spawnargs.join(' '));
  } finally {
    child.kill();
  }
});
