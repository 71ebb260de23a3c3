/**
 * The nesting of exception-table entries (src/analysis/exception-nesting.ts) on code compiled by each real CPython
 * 3.11–3.15 (test/fixtures/cfg/<version>/*.pyc, see cfg.test.ts): the level of every instruction of a source line
 * is how many `try`/`with` blocks the line sits in, whatever the compiler did to the table; and a hand-made table
 * whose handlers lead in a circle ends.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeCode, type DecodedCode } from '../src/bytecode/decode.js';
import { codeTree } from '../src/pyc/code-tree.js';
import { readPyc } from '../src/pyc/read-pyc.js';
import { getVersion } from '../src/version/registry.js';
import { exceptionNesting } from '../src/analysis/exception-nesting.js';
import { toJsonModel } from '../src/json/model.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/cfg');

function decoded(version: string, snippet: string, name: string): DecodedCode {
  const pyc = readPyc(new Uint8Array(fs.readFileSync(path.join(fixtures, version, `${snippet}.pyc`))));
  const node = codeTree(pyc.code).find((n) => n.code.name === name);
  assert.ok(node, `${snippet}.${name}`);
  return decodeCode(node.code, getVersion(version)!);
}

/** The nesting level of each instruction of each source line (0 where no entry covers it), as a set per line. */
function levelsByLine(d: DecodedCode): Map<number, Set<number>> {
  const nest = exceptionNesting(d);
  const out = new Map<number, Set<number>>();
  for (const ins of d.instructions) {
    if (ins.line === null) continue;
    const i = d.exceptionTable.findIndex((e) => e.start <= ins.offset && ins.offset < e.end);
    const level = i < 0 ? 0 : nest[i]!.level;
    let s = out.get(ins.line);
    if (!s) out.set(ins.line, (s = new Set()));
    s.add(level);
  }
  return out;
}

for (const version of ['3.11', '3.12', '3.13', '3.14', '3.15']) {
  test(`exception nesting in code compiled by CPython ${version}: levels follow the try/with blocks of the source`, () => {
    // try_except_finally.py, f(): line 3 in `try` inside `try … finally` (2); line 5 in an `except` clause, whose
    // cleanup leads to the finally (1); line 9 the `else:` clause, inside the finally only (1); line 11 the
    // finally's body (its normal copy uncovered, its exceptional copy covered by cleanup only: 0).
    const f = levelsByLine(decoded(version, 'try_except_finally', 'f'));
    assert.deepEqual([...f.get(3)!], [2], 'r = 10 // x');
    assert.deepEqual([...f.get(5)!], [1], 'r = -1');
    assert.deepEqual([...f.get(9)!], [1], 'r += 1');
    assert.deepEqual([...f.get(11)!], [0], 'g = r * 2');
    // with_statement.py, f(): the body of the `with` (1), after it (0).
    const w = levelsByLine(decoded(version, 'with_statement', 'f'));
    assert.deepEqual([...w.get(15)!], [1], 'raise KeyError(c)');
    assert.deepEqual([...w.get(16)!], [1], 'x = 1');
    assert.deepEqual([...w.get(17)!], [0], 'return 2');
  });
}

test('the JSON model carries each entry\'s nesting; a 3.10 code object has none', () => {
  const file = readPyc(new Uint8Array(fs.readFileSync(path.join(fixtures, '3.13', 'try_except_finally.pyc'))));
  const json = toJsonModel(file);
  const f = json.code_objects.find((c) => c.co_name === 'f')!;
  const d = decoded('3.13', 'try_except_finally', 'f');
  assert.deepEqual(f.exception_table.map((e) => ({ block: e.block, next: e.next, level: e.level })), exceptionNesting(d));
  assert.ok(f.exception_table.some((e) => e.block) && f.exception_table.some((e) => !e.block && e.next !== null));
  assert.deepEqual(exceptionNesting(decoded('3.10', 'try_except_finally', 'f')), []);
});

test('a hand-made table whose handlers lead in a circle, or into their own range, ends', () => {
  const d = decoded('3.13', 'try_except_finally', 'f');
  const t = d.exceptionTable;
  const [a, b] = [t[0]!, t[1]!];
  const circle: DecodedCode = { ...d, exceptionTable: [{ ...a, target: b.start }, { ...b, target: a.start }] };
  const n = exceptionNesting(circle);
  assert.deepEqual(n.map((x) => x.next), [1, 0]);
  assert.ok(n.every((x) => x.level <= 2));
  const self: DecodedCode = { ...d, exceptionTable: [{ ...a, target: a.start }] };
  assert.equal(exceptionNesting(self)[0]!.next, null);
});

