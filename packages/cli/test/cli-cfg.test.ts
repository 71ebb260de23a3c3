/**
 * `bytescope cfg` and `bytescope dis --stack/--symbolic/--function`, on `.pyc` files written by real CPython: a
 * sample compiled here by the embedded 3.12 (one runtime per process), source compiled by the CLI with
 * `--python 3.10`, and files of the shared corpora.
 */
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { compileSource, loadRuntime } from '@bytescope/python';
import { CORPORA, assertOneLineError, cli, cliAsync, tempDir } from './helpers.js';

const tmp = tempDir('cfg');

const SOURCE = `def total(xs):
    t = 0
    for x in xs:
        try:
            t += 1 / x
        except ZeroDivisionError:
            pass
    return t

class C:
    def m(self, a):
        def inner(b):
            return "q\\"<{b}>" if b else [a, b, (a, b)]
        while a:
            a -= 1
        return inner
`;

interface Block { id: number; start: number; end: number; instructions: { offset: number; opname: string; argrepr: string }[]; depth: number | null; reachable: boolean; loop_header: boolean; loop_depth: number; idom: number | null }
interface Edge { from: number; to: number; kind: string; taken?: boolean; back: boolean; handler?: { depth: number; lasti: boolean } }
interface CodeGraph { qualname: string; firstlineno: number; co_stacksize: number; blocks: Block[]; edges: Edge[] }
interface CfgDoc { file: string; version: string; code_objects: CodeGraph[] }

function cfgJson(args: string[]): CfgDoc {
  const r = cli(['cfg', ...args]);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as CfgDoc;
}

let pyc312 = '';
before(async () => {
  const rt = await loadRuntime('3.12');
  const r = compileSource(rt, new TextEncoder().encode(SOURCE), 'sample.py');
  assert.ok(r.ok);
  pyc312 = path.join(tmp, 'sample.cpython-312.pyc');
  writeFileSync(pyc312, r.pyc);
});

describe('bytescope cfg', () => {
  test('JSON: every code object, exception edges for try/except, a back edge for each loop', () => {
    const doc = cfgJson([pyc312]);
    assert.equal(doc.version, '3.12');
    assert.deepEqual(doc.code_objects.map((c) => [c.qualname, c.firstlineno]),
      [['<module>', 1], ['total', 1], ['C', 10], ['C.m', 11], ['C.m.<locals>.inner', 12]]);
    const total = doc.code_objects[1]!;
    const exc = total.edges.filter((e) => e.kind === 'exception');
    assert.ok(exc.length >= 2, 'try/except gives exception edges');
    for (const e of exc) assert.ok(e.handler && typeof e.handler.lasti === 'boolean' && e.handler.depth >= 0);
    assert.ok(exc.some((e) => total.blocks[e.to]!.instructions[0]!.opname === 'PUSH_EXC_INFO'));
    const back = total.edges.filter((e) => e.back);
    assert.ok(back.length >= 1);
    for (const e of back) assert.ok(total.blocks[e.to]!.loop_header);
    assert.ok(doc.code_objects[3]!.edges.some((e) => e.back), 'the while loop of C.m has a back edge');
    for (const c of doc.code_objects) {
      for (const e of c.edges) assert.match(e.kind, /^(fallthrough|jump|branch|exception)$/);
      const max = Math.max(0, ...c.blocks.map((b) => b.depth ?? 0));
      assert.ok(max <= c.co_stacksize);
      assert.equal(c.blocks[0]!.idom, null);
      for (const b of c.blocks) assert.ok(b.start < b.end && b.instructions[0]!.offset === b.start);
    }
  });

  test('--function selects one code object and its nested ones', () => {
    assert.deepEqual(cfgJson(['--function', 'C.m', pyc312]).code_objects.map((c) => c.qualname), ['C.m', 'C.m.<locals>.inner']);
    const inner = cfgJson(['--function', 'C.m.<locals>.inner', pyc312]).code_objects;
    assert.equal(inner.length, 1);
    assert.equal(inner[0]!.firstlineno, 12);
    assert.ok(inner[0]!.edges.some((e) => e.kind === 'branch'));
  });

  for (const format of ['dot', 'mermaid'] as const) {
    test(`--format ${format}: the same nodes and edges as the JSON, labels escaped`, () => {
      const doc = cfgJson([pyc312]);
      const r = cli(['cfg', '--format', format, pyc312]);
      assert.equal(r.code, 0, r.err);
      const graphs = format === 'dot' ? r.out.split(/^(?=digraph )/m) : r.out.split(/^(?=%% )/m);
      assert.equal(graphs.length, doc.code_objects.length);
      graphs.forEach((g, k) => {
        const c = doc.code_objects[k]!;
        if (format === 'dot') {
          assert.match(g, /^digraph "[^"\n]*" \{\n[\s\S]*\n\}\n$/);
          // Every line inside is a node, an edge or the node defaults; quotes balance on each line.
          const lines = g.trimEnd().split('\n').slice(1, -1);
          for (const l of lines) {
            assert.match(l, /^  (node \[.*\];|B\d+ \[label=".*"(, .*)?\];|B\d+ -> B\d+ \[.*\];)$/, l);
            assert.equal(l.replace(/\\./g, '').split('"').length % 2, 1, `unbalanced quotes: ${l}`);
          }
          assert.equal(lines.filter((l) => /^  B\d+ \[/.test(l)).length, c.blocks.length);
          assert.equal(lines.filter((l) => / -> /.test(l)).length, c.edges.length);
          assert.equal(lines.filter((l) => /style=dotted/.test(l)).length, c.edges.filter((e) => e.kind === 'exception').length);
          assert.equal(lines.filter((l) => /label="[^"]*back/.test(l) && / -> /.test(l)).length, c.edges.filter((e) => e.back).length);
          assert.equal(lines.filter((l) => /fillcolor=lightgrey/.test(l)).length, c.blocks.filter((b) => !b.reachable).length);
        } else {
          const lines = g.trimEnd().split('\n');
          assert.match(lines[1]!, /^flowchart TD$/);
          const body = lines.slice(2);
          for (const l of body) {
            assert.match(l, /^  (B\d+\["[^"]*"\]|B\d+ (-->|==>|-\.->)(\|"[^"]*"\|)? B\d+|classDef .*;|class [B\d,]+ unreachable;)$/, l);
          }
          assert.equal(body.filter((l) => /^  B\d+\["/.test(l)).length, c.blocks.length);
          assert.equal(body.filter((l) => /^  B\d+ (-->|==>|-\.->)/.test(l)).length, c.edges.length);
          assert.equal(body.filter((l) => /\|"[^"]*back[^"]*"\|/.test(l)).length, c.edges.filter((e) => e.back).length);
        }
      });
      // The string constant with a quote, < > and braces came through escaped.
      if (format === 'dot') assert.match(r.out, /q\\\\\\"\\<\{b\}\\>|'q\\"\\<\\\{b\\\}\\>'/);
      else assert.match(r.out, /#34;#60;\{b\}#62;/);
    });
  }

  test('3.10 source compiled with --python: qualnames derived, exception edges from the block stack', async () => {
    const file = path.join(tmp, 'sample.py');
    writeFileSync(file, SOURCE);
    const r = await cliAsync(['cfg', '--python', '3.10', file]);
    assert.equal(r.code, 0, r.err);
    const doc = JSON.parse(r.out) as CfgDoc;
    assert.equal(doc.version, '3.10');
    assert.deepEqual(doc.code_objects.map((c) => c.qualname), ['<module>', 'total', 'C', 'C.m', 'C.m.<locals>.inner']);
    assert.ok(doc.code_objects[1]!.edges.some((e) => e.kind === 'exception' && e.handler !== undefined));
    assert.ok(doc.code_objects[1]!.edges.some((e) => e.back));
  });

  test('corpus files of 3.10-3.15 give a graph for every code object', () => {
    let checked = 0;
    for (const v of ['3.10', '3.11', '3.12', '3.13', '3.14', '3.15']) {
      const dir = path.join(CORPORA, 'xdis', `bytecode_${v}`);
      if (!existsSync(dir)) continue;
      const name = readdirSync(dir).sort().find((n) => /try.*\.pyc$/.test(n));
      if (name === undefined) continue;
      const file = path.join(dir, name);
      checked++;
      const doc = cfgJson([file]);
      assert.equal(doc.version, v);
      assert.ok(doc.code_objects.some((c) => c.edges.some((e) => e.kind === 'exception')), `${file}: exception edges`);
    }
    assert.ok(checked >= 3, `only ${checked} corpus files found`);
  });

  test('errors: one line, exit 2 for usage, 1 for a bad file', () => {
    let r = cli(['cfg', '--format', 'svg', pyc312]);
    assert.equal(r.code, 2);
    assertOneLineError(r.err, /--format must be json, dot or mermaid/);
    r = cli(['cfg']);
    assert.equal(r.code, 2);
    assertOneLineError(r.err, /cfg needs one FILE/);
    r = cli(['cfg', '--function', 'nope', pyc312]);
    assert.equal(r.code, 2);
    assertOneLineError(r.err, /no code object named "nope" \(there are: <module>, total/);
    r = cli(['cfg', '--bogus', pyc312]);
    assert.equal(r.code, 2);
    assertOneLineError(r.err, /bogus/);
    const bad = path.join(tmp, 'bad.pyc');
    writeFileSync(bad, 'not a pyc at all');
    r = cli(['cfg', bad]);
    assert.equal(r.code, 1);
    assertOneLineError(r.err, /bad\.pyc: not a \.pyc file/);
    r = cli(['cfg', path.join(tmp, 'missing.pyc')]);
    assert.equal(r.code, 1);
    assertOneLineError(r.err, /missing\.pyc/);
  });
});

interface DisInstr { opname: string; offset: number; stack_before?: number | null; stack_after?: number | null; stack?: string[] | null }
interface DisCode { index: number; parent: number | null; co_qualname: string | null; co_stacksize: number; instructions: DisInstr[] }

describe('bytescope dis --stack, --symbolic, --function', () => {
  test('the depth column: depth before each instruction, its maximum is co_stacksize, cache rows blank', () => {
    const json = cli(['dis', '--format', 'json', pyc312]);
    const sizes = (JSON.parse(json.out) as { code_objects: DisCode[] }).code_objects.map((c) => c.co_stacksize);
    const r = cli(['dis', '--stack', '-C', pyc312]);
    assert.equal(r.code, 0, r.err);
    const listings = r.out.split(/^Disassembly of .*\n/m);
    assert.equal(listings.length, sizes.length);
    listings.forEach((text, k) => {
      const rows = text.split('\n').filter((l) => l !== '' && !/^(ExceptionTable:|  \d+ to \d+ -> )/.test(l));
      const depths: number[] = [];
      for (const row of rows) {
        const m = /^ *(\d+|-) /.exec(row);
        if (/ CACHE /.test(row)) assert.match(row, /^ {3}/, row);
        else {
          assert.ok(m, `no depth: ${row}`);
          if (m[1] !== '-') depths.push(Number(m[1]));
        }
      }
      // The deepest value pushed is on the stack before the next instruction.
      assert.equal(Math.max(...depths), sizes[k]!, `code object ${k}`);
    });
  });

  test('--format json: stack_before/stack_after per instruction; their maximum is co_stacksize', () => {
    const r = cli(['dis', '--stack', '--format', 'json', pyc312]);
    assert.equal(r.code, 0, r.err);
    const codes = (JSON.parse(r.out) as { code_objects: DisCode[] }).code_objects;
    assert.equal(codes.length, 5);
    for (const c of codes) {
      let max = 0;
      for (const i of c.instructions) {
        assert.ok('stack_before' in i && 'stack_after' in i && !('stack' in i));
        max = Math.max(max, i.stack_before ?? 0, i.stack_after ?? 0);
      }
      assert.equal(max, c.co_stacksize, c.co_qualname ?? '');
    }
  });

  test('--symbolic: the stack after each instruction, in text and JSON', () => {
    const r = cli(['dis', '--stack', '--symbolic', '--function', 'total', pyc312]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /GET_ITER +\[iter\(xs\)\]\n/);
    assert.match(r.out, /BINARY_OP +11 \(\/\) +\[iter\(xs\), t, 1 \/ x\]\n/);
    const j = cli(['dis', '--stack', '--symbolic', '--format', 'json', '--function', 'total', pyc312]);
    const codes = (JSON.parse(j.out) as { code_objects: DisCode[] }).code_objects;
    assert.deepEqual(codes.find((c) => c.co_qualname === 'total')!.instructions.find((i) => i.opname === 'GET_ITER')!.stack, ['iter(xs)']);
    const bad = cli(['dis', '--symbolic', pyc312]);
    assert.equal(bad.code, 2);
    assertOneLineError(bad.err, /--symbolic needs --stack/);
  });

  test('--function: that code object and its nested ones; plain text unchanged', () => {
    const whole = cli(['dis', pyc312]);
    const r = cli(['dis', '--function', 'C.m', pyc312]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^ +0 MAKE_CELL +1 \(a\)\n\n 11 +2 RESUME/);
    assert.match(r.out, /Disassembly of <code object inner at 0x[0-9a-f]+, file "sample.py", line 12>:/);
    assert.doesNotMatch(r.out, /code object total/);
    // The function's listing is the tail of the whole listing, as dis prints it.
    assert.ok(whole.out.endsWith(r.out), 'the tail of the whole listing');
    const j = cli(['dis', '--function', 'C.m.<locals>.inner', '--format', 'json', pyc312]);
    const codes = (JSON.parse(j.out) as { code_objects: DisCode[] }).code_objects;
    assert.deepEqual(codes.map((c) => c.co_qualname), ['C.m.<locals>.inner']);
    const none = cli(['dis', '--function', 'nope', pyc312]);
    assert.equal(none.code, 2);
    assertOneLineError(none.err, /no code object named "nope"/);
  });
});
