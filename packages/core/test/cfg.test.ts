/**
 * The control-flow graph, the stack depths and the symbolic stack on hand-picked constructs (try/except/finally,
 * with, async for/with, match, nested loops with break/continue, return/break/continue through finally, generators,
 * comprehensions), compiled by each real CPython 3.10–3.15 and by the native 3.7, 3.8 and 3.9 (no `match` there):
 * test/fixtures/cfg/<version>/<name>.pyc, written with <name>.trace.json by
 * `node packages/python/dist/scripts/gen-cfg-fixtures.js` from the snippets in test/fixtures/cfg/snippets/.
 *
 * The trace is what running the snippet really did (sys.settrace with f_trace_opcodes): every pair of
 * instructions that ran one after the other in a frame. Every such step must be a step of the graph — the next
 * instruction of a block, an edge from the end of a block, or an exception edge — so a missing or misdirected
 * edge fails here. A step may pass over instructions the interpreter runs without a trace event, and only those:
 * - 3.10 (Pyodide builds without computed gotos): PREDICT() runs predicted instructions silently (up to three in a
 *   row here, e.g. GET_ITER → FOR_ITER → STORE_FAST);
 * - 3.7–3.10: YIELD_FROM runs again, at the same offset, each time its sub-iterator yields (it moves f_lasti back);
 * - 3.11+: the RESUME after a YIELD_VALUE;
 * - 3.12+: an exhausted FOR_ITER resumes after END_FOR (3.13: after END_FOR and POP_TOP) — the graph keeps `dis`'s
 *   target, END_FOR, as CPython's compiler does.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeCode, type DecodedCode } from '../src/bytecode/decode.js';
import type { CodeObject } from '../src/pyc/code-object.js';
import { readPyc } from '../src/pyc/read-pyc.js';
import { getVersion, type VersionInfo } from '../src/version/registry.js';
import { buildCfg, dominates, loopBlocks, type ControlFlowGraph } from '../src/analysis/cfg.js';
import { compilerStacksize, computeStackDepths, type StackDepths } from '../src/analysis/stack-depth.js';
import { symbolicStack } from '../src/analysis/symbolic-stack.js';

/** Registers nothing: for a construct a version cannot compile. */
const noTest = (_name: string, _fn: () => void): void => undefined;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const fixtures = path.join(repoRoot, 'packages/core/test/fixtures/cfg');
const VERSIONS = ['3.7', '3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14', '3.15'];
const SNIPPETS = ['async_for', 'comprehensions', 'finally_flow', 'generators', 'match_statement', 'nested_loops', 'try_except_finally', 'with_statement'];

interface Trace { readonly steps: Record<string, [number, number][]>; readonly starts: Record<string, number[]> }

interface Analysed {
  readonly code: CodeObject;
  readonly decoded: DecodedCode;
  readonly cfg: ControlFlowGraph;
  readonly depths: StackDepths;
  /** Instruction index by byte offset. */
  readonly at: Map<number, number>;
  readonly steps: readonly [number, number][];
  readonly starts: readonly number[];
}

function load(version: string, name: string): { v: VersionInfo; codes: Map<string, Analysed> } {
  const pyc = readPyc(new Uint8Array(fs.readFileSync(path.join(fixtures, version, `${name}.pyc`))));
  assert.equal(pyc.version, version);
  const v = getVersion(version)!;
  const trace = JSON.parse(fs.readFileSync(path.join(fixtures, version, `${name}.trace.json`), 'utf8')) as Trace;
  const codes = new Map<string, Analysed>();
  const stack: CodeObject[] = [pyc.code];
  while (stack.length) {
    const code = stack.pop()!;
    for (const c of code.consts) if (c.type === 'code') stack.push(c.code);
    const key = `${code.name}@${code.firstlineno}`;
    const decoded = decodeCode(code, v);
    const cfg = buildCfg(decoded, v);
    const depths = computeStackDepths(cfg, v);
    const at = new Map(decoded.instructions.map((i, k) => [i.offset, k] as [number, number]));
    codes.set(key, { code, decoded, cfg, depths, at, steps: trace.steps[key] ?? [], starts: trace.starts[key] ?? [] });
  }
  return { v, codes };
}

/** The instructions that can run right after instruction k: the next one in its block, or the starts of its successors. */
function successorsOf(a: Analysed, k: number, exceptions: boolean): number[] {
  const { cfg } = a;
  const b = cfg.blocks[cfg.blockOf[k]!]!;
  const out: number[] = [];
  if (k < b.end - 1) out.push(k + 1);
  for (const ei of b.successors) {
    const e = cfg.edges[ei]!;
    if (e.kind === 'exception' ? exceptions : k === b.end - 1) out.push(cfg.blocks[e.to]!.first);
  }
  return out;
}

/** Whether the graph explains the traced step from instruction ka to kb (see the module comment). */
function explains(a: Analysed, v: VersionInfo, ka: number, kb: number): boolean {
  const ins = a.decoded.instructions;
  const name = (k: number) => v.table.opname[ins[k]!.baseOpcode]!;
  if (successorsOf(a, ka, true).includes(kb)) return true;
  const minor = v.release.minor;
  if (minor <= 10 && name(ka) === 'YIELD_FROM' && ka === kb) return true;
  // Paths through instructions that ran without an event.
  const silent = (prev: number, x: number): boolean =>
    minor === 10 || name(x) === 'RESUME' || (minor >= 12 && name(prev) === 'FOR_ITER' && name(x) === 'END_FOR') ||
    (minor === 13 && name(prev) === 'END_FOR' && name(x) === 'POP_TOP');
  let frontier = [ka];
  for (let len = 0; len < (minor === 10 ? 3 : 2) && frontier.length; len++) {
    const next: number[] = [];
    for (const p of frontier) {
      for (const x of successorsOf(a, p, false)) {
        if (!silent(p, x)) continue;
        if (successorsOf(a, x, false).includes(kb)) return true;
        next.push(x);
      }
    }
    frontier = next;
  }
  return false;
}

function blocksWith(a: Analysed, v: VersionInfo, opname: string): number[] {
  const out = new Set<number>();
  a.decoded.instructions.forEach((i, k) => { if (v.table.opname[i.baseOpcode] === opname) out.add(a.cfg.blockOf[k]!); });
  return [...out];
}

function fn(codes: Map<string, Analysed>, name: string): Analysed {
  const hit = [...codes.entries()].find(([k]) => k.startsWith(`${name}@`));
  assert.ok(hit, `no code object ${name}`);
  return hit[1];
}

const exceptionEdges = (a: Analysed) => a.cfg.edges.filter((e) => e.kind === 'exception');

for (const version of VERSIONS) {
  describe(`CFG of CPython ${version} code`, () => {
    // `match` is 3.10+ syntax: the older versions have no fixture for it.
    for (const snippet of SNIPPETS.filter((n) => fs.existsSync(path.join(fixtures, version, `${n}.pyc`)))) {
      it(`${snippet}: every traced step is a step of the graph, every executed instruction is reachable, co_stacksize matches`, () => {
        const { v, codes } = load(version, snippet);
        let steps = 0;
        for (const [key, a] of codes) {
          assert.equal(compilerStacksize(a.depths, v), a.code.stacksize, `${key}: co_stacksize`);
          for (const [x, y] of a.steps) {
            const ka = a.at.get(x), kb = a.at.get(y);
            assert.ok(ka !== undefined && kb !== undefined, `${key}: traced offsets ${x} → ${y} are instructions`);
            assert.ok(explains(a, v, ka, kb), `${key}: the graph has no step ${x} ${a.decoded.instructions[ka]!.opname} → ${y} ${a.decoded.instructions[kb]!.opname}`);
            for (const k of [ka, kb]) assert.ok(a.cfg.blocks[a.cfg.blockOf[k]!]!.reachable, `${key}: offset ${a.decoded.instructions[k]!.offset} ran but is unreachable`);
            steps++;
          }
          for (const s of a.starts) assert.ok(a.cfg.blocks[a.cfg.blockOf[a.at.get(s)!]!]!.reachable, `${key}: start ${s} unreachable`);
          // Every exception edge enters its handler at the depth the handler starts with.
          for (const e of exceptionEdges(a)) {
            const entry = a.depths.blockEntry[e.to]!;
            if (a.cfg.blocks[e.from]!.reachable) assert.equal(entry, e.handler!.entryDepth, `${key}: handler depth`);
          }
        }
        assert.ok(steps > 20, `only ${steps} traced steps`);
      });
    }

    it('try/except/else/finally: exception edges from the division to a handler the run entered; an empty try keeps a dead handler', () => {
      const { v, codes } = load(version, 'try_except_finally');
      const f = fn(codes, 'f');
      const div = f.decoded.instructions.findIndex((i) => i.opname === 'BINARY_FLOOR_DIVIDE' || i.argrepr === '//');
      assert.ok(div >= 0);
      const from = f.cfg.blockOf[div]!;
      const handlers = f.cfg.blocks[from]!.successors.map((ei) => f.cfg.edges[ei]!).filter((e) => e.kind === 'exception');
      assert.equal(handlers.length, 1, 'one innermost handler');
      const h = f.cfg.blocks[handlers[0]!.to]!;
      // The run with x = 0 went from the division straight to that handler.
      assert.ok(f.steps.some(([a, b]) => a === f.decoded.instructions[div]!.offset && b === f.decoded.instructions[h.first]!.offset));
      assert.ok(h.handler && h.reachable);
      if (v.features.hasExceptionTable) {
        assert.equal(v.table.opname[f.decoded.instructions[h.first]!.baseOpcode], 'PUSH_EXC_INFO');
        assert.equal(handlers[0]!.handler!.lasti, false);
        // Handler bodies are covered by cleanup handlers that push lasti.
        assert.ok(exceptionEdges(f).some((e) => e.handler!.lasti));
      } else {
        assert.equal(handlers[0]!.handler!.entryDepth, handlers[0]!.handler!.depth + 6);
      }
      const e = fn(codes, 'empty_try');
      if (v.features.hasExceptionTable) {
        // `try: pass` covers nothing: the except clause is dead code, yet counted in co_stacksize.
        assert.ok(e.cfg.unreachable.length > 0, 'dead handler');
        const dead = e.cfg.blocks[e.cfg.unreachable[0]!]!;
        assert.equal(v.table.opname[e.decoded.instructions[dead.first]!.baseOpcode], 'PUSH_EXC_INFO');
        assert.ok(e.depths.blockEntry[dead.index]! >= 1);
      } else {
        assert.equal(e.cfg.unreachable.length, 0);
        assert.equal(exceptionEdges(e).length, 1, 'POP_BLOCK runs under the handler');
      }
    });

    it('with: the raise inside the block reaches the with-handler, which pushes lasti (3.11+)', () => {
      const { v, codes } = load(version, 'with_statement');
      const f = fn(codes, 'f');
      const raise = blocksWith(f, v, 'RAISE_VARARGS')[0]!;
      const out = f.cfg.blocks[raise]!.successors.map((ei) => f.cfg.edges[ei]!);
      assert.equal(out.length, 1);
      assert.equal(out[0]!.kind, 'exception');
      const handler = f.cfg.blocks[out[0]!.to]!;
      const names = f.decoded.instructions.slice(handler.first, handler.end + 3).map((i) => v.table.opname[i.baseOpcode]);
      // 3.7–3.8: WITH_CLEANUP_START; 3.9+: WITH_EXCEPT_START.
      assert.ok(names.includes('WITH_EXCEPT_START') || names.includes('WITH_CLEANUP_START'), `handler ${names.join(' ')}`);
      assert.equal(out[0]!.handler!.lasti, v.features.hasExceptionTable);
    });

    it('async for / async with: END_ASYNC_FOR is in a handler block reached by an exception edge', () => {
      const { v, codes } = load(version, 'async_for');
      const f = fn(codes, 'f');
      // 3.7 has no END_ASYNC_FOR: its handler tests for StopAsyncIteration itself.
      const end = v.table.op('END_ASYNC_FOR') >= 0 ? blocksWith(f, v, 'END_ASYNC_FOR')
        : [...new Set(f.decoded.instructions.flatMap((i, k) => (i.argrepr === 'StopAsyncIteration' ? [f.cfg.blockOf[k]!] : [])))];
      assert.equal(end.length, 1);
      const entered = f.cfg.edges.filter((e) => e.to === end[0] || f.cfg.blocks[end[0]!]!.predecessors.includes(e.index));
      assert.ok(entered.some((e) => e.kind === 'exception'), 'END_ASYNC_FOR block is a handler');
      assert.ok(f.cfg.loops.length >= 1);
    });

    // `match` is 3.10+ syntax: older versions have no fixture and no such test.
    (fs.existsSync(path.join(fixtures, version, 'match_statement.pyc')) ? it : noTest)('match: one branch per pattern test, every case body reachable', () => {
      const { codes } = load(version, 'match_statement');
      const f = fn(codes, 'f');
      const branches = f.cfg.edges.filter((e) => e.kind === 'branch');
      assert.ok(branches.length >= 12, `${branches.length} branch edges`);
      assert.equal(branches.filter((e) => e.taken).length, branches.filter((e) => e.taken === false).length);
      assert.equal(f.cfg.unreachable.length, 0);
      assert.equal(f.cfg.loops.length, 0);
    });

    it('nested loops: the for loop holds the while loop (whose continue may start a second header); break leaves both', () => {
      const { v, codes } = load(version, 'nested_loops');
      const f = fn(codes, 'f');
      const { cfg } = f;
      const outer = cfg.loops.find((l) => l.depth === 1)!;
      assert.equal(cfg.loops.filter((l) => l.depth === 1).length, 1);
      // The outer loop's header is the FOR_ITER.
      assert.ok(blocksWith(f, v, 'FOR_ITER').includes(outer.header));
      const outerBlocks = loopBlocks(cfg, outer.index);
      assert.ok(outerBlocks.every((b) => dominates(cfg, outer.header, b)));
      // `while True` is one natural loop, or two nested ones when `continue` jumps to the line's NOP and the end of
      // the body past it: either way inside the for loop.
      const inner = cfg.loops.filter((l) => l.depth >= 2);
      assert.ok(inner.length >= 1 && inner.length <= 2, `${inner.length} inner loops`);
      for (const l of inner) {
        const blocks = loopBlocks(cfg, l.index);
        assert.ok(blocks.every((b) => outerBlocks.includes(b) && dominates(cfg, l.header, b)));
        assert.ok(!blocks.includes(outer.header));
      }
      // break out of the while loop: an edge from inside the innermost loop to outside it; break out of the for loop:
      // an edge from inside it to a block that returns without END_FOR (the else clause is skipped).
      const innermost = inner.find((l) => l.depth === Math.max(...inner.map((x) => x.depth)))!;
      const ib = loopBlocks(cfg, innermost.index);
      assert.ok(cfg.edges.some((e) => ib.includes(e.from) && !ib.includes(e.to) && e.kind !== 'exception'), 'break edge');
      assert.ok(cfg.edges.some((e) => outerBlocks.includes(e.from) && !outerBlocks.includes(e.to) && e.from !== outer.header), 'break out of for');
      assert.equal(cfg.irreducible, false);
    });

    it('generators: a loop for the for and one for yield from (3.11+: SEND); the StopIteration handler covers the body (3.12+)', () => {
      const { v, codes } = load(version, 'generators');
      const g = fn(codes, 'gen');
      assert.ok(blocksWith(g, v, 'YIELD_VALUE').length >= 1 || blocksWith(g, v, 'YIELD_FROM').length >= 1);
      if (v.release.minor >= 12) {
        const h = blocksWith(g, v, 'CALL_INTRINSIC_1').filter((b) => g.cfg.blocks[b]!.handler);
        assert.equal(h.length, 1, 'INTRINSIC_STOPITERATION_ERROR handler');
        assert.ok(g.cfg.edges.filter((e) => e.kind === 'exception' && e.to === h[0]).length >= 3);
      }
      assert.equal(g.cfg.loops.length, v.release.minor <= 10 ? 1 : 2, '3.7–3.10: YIELD_FROM loops on itself, not in the graph');
    });

    it('comprehensions: a loop per comprehension (inlined into the function from 3.12); the symbolic stack reads a + b * c', () => {
      const { v, codes } = load(version, 'comprehensions');
      const f = fn(codes, 'f');
      const loopsInF = f.cfg.loops.filter((l) => v.table.opname[f.decoded.instructions[f.cfg.blocks[l.header]!.first]!.baseOpcode] === 'FOR_ITER').length;
      // Four comprehensions, four loops: from 3.12 the list, set and dict comprehensions are inlined into f; 3.15
      // adds a fifth, in f, that drains the generator into a list when `list` is the builtin.
      let total = 0;
      for (const [key, a] of codes) {
        if (key.startsWith('main@')) continue;
        total += a.cfg.loops.filter((l) => v.table.opname[a.decoded.instructions[a.cfg.blocks[l.header]!.first]!.baseOpcode] === 'FOR_ITER').length;
      }
      assert.equal(total, v.release.minor >= 15 ? 5 : 4);
      if (v.release.minor >= 12) assert.ok(loopsInF >= 3, 'list, set and dict comprehensions inlined');
      else {
        assert.equal(f.cfg.loops.length, 0);
        for (const c of ['<listcomp>', '<setcomp>', '<dictcomp>', '<genexpr>']) assert.equal(fn(codes, c).cfg.loops.length, 1, c);
      }
      const e = fn(codes, 'expr');
      const sym = symbolicStack(e.cfg, e.depths, v);
      const adds = e.decoded.instructions.map((i, k) => [i, k] as const).filter(([i]) => i.argrepr === '+' || i.opname === 'BINARY_ADD');
      assert.equal(adds.length, 1);
      const k = adds[0]![1];
      assert.deepEqual(sym.before(k), ['a', 'b * c']);
      assert.deepEqual(sym.after(k), ['a + b * c']);
      const loop = fn(codes, v.release.minor >= 12 ? 'f' : '<listcomp>');
      const s2 = symbolicStack(loop.cfg, loop.depths, v);
      const forIter = loop.decoded.instructions.findIndex((i) => i.opname === 'FOR_ITER');
      assert.ok(s2.after(forIter)!.some((x) => x.startsWith('next(')), JSON.stringify(s2.after(forIter)));
      // The list being built: `[]` before the loop, `[…]` at its header once the back edge brings the appended list.
      assert.ok(s2.before(forIter)!.includes('[…]'), JSON.stringify(s2.before(forIter)));
      assert.ok(!s2.before(forIter)!.includes('φ'), JSON.stringify(s2.before(forIter)));
    });
  });
}

describe('dominators, back edges and loops against brute force', () => {
  it('on every code object of the fixtures', () => {
    let checked = 0;
    for (const version of VERSIONS) {
      for (const snippet of SNIPPETS) {
        if (!fs.existsSync(path.join(fixtures, version, `${snippet}.pyc`))) continue;
        for (const a of load(version, snippet).codes.values()) {
          const { cfg } = a;
          const nb = cfg.blocks.length;
          const reach = (skip: number): Uint8Array => {
            const seen = new Uint8Array(nb);
            if (skip === 0) return seen;
            const work = [0];
            seen[0] = 1;
            while (work.length) {
              const b = work.pop()!;
              for (const ei of cfg.blocks[b]!.successors) {
                const t = cfg.edges[ei]!.to;
                if (t !== skip && !seen[t]) { seen[t] = 1; work.push(t); }
              }
            }
            return seen;
          };
          const all = reach(-1);
          for (let b = 0; b < nb; b++) assert.equal(cfg.blocks[b]!.reachable, all[b] === 1);
          for (let d = 0; d < nb; d++) {
            const without = reach(d);
            for (let b = 0; b < nb; b++) {
              if (!all[b] || !all[d]) continue;
              const brute = b === d || !without[b];
              assert.equal(dominates(cfg, d, b), brute, `${version} ${snippet}: does ${d} dominate ${b}?`);
            }
          }
          for (const e of cfg.edges) {
            if (!all[e.from]) continue;
            assert.equal(e.back, dominates(cfg, e.to, e.from));
          }
          // Each natural loop (blocks that reach a latch without passing the header) is inside its loop's blocks.
          for (const l of cfg.loops) {
            const body = new Set([l.header]);
            const work = l.backEdges.map((ei) => cfg.edges[ei]!.from);
            while (work.length) {
              const b = work.pop()!;
              if (body.has(b)) continue;
              body.add(b);
              for (const ei of cfg.blocks[b]!.predecessors) if (all[cfg.edges[ei]!.from]) work.push(cfg.edges[ei]!.from);
            }
            assert.deepEqual([...body].sort((x, y) => x - y), loopBlocks(cfg, l.index), `${version} ${snippet}: loop at ${l.header}`);
            checked++;
          }
        }
      }
    }
    assert.ok(checked > 30, `${checked} loops`);
  });
});
