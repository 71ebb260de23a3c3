/**
 * The analyses' common ground: a module decoded (src/analysis/decoded-module.ts) in the JSON model's order, each
 * instruction's own source line, qualified names derived where the version does not store them (qualnames.ts), and the
 * opname categories (categories.ts). Inputs: test/fixtures/compiled (one source compiled by CPython 3.10 … 3.15).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as categories from '../src/analysis/categories.js';
import { decodeModule } from '../src/analysis/decoded-module.js';
import { qualnames } from '../src/analysis/qualnames.js';
import { BytescopeError } from '../src/errors.js';
import { toJsonModel } from '../src/json/model.js';
import { codeTree } from '../src/pyc/code-tree.js';
import { readPyc, type PycFile } from '../src/pyc/read-pyc.js';
import { getVersion } from '../src/version/registry.js';
import { PYTHON_VERSIONS } from '../src/version/supported.js';

const fixtures = fileURLToPath(new URL('../../test/fixtures/compiled/', import.meta.url));
const pyc = (name: string, version: string): PycFile => readPyc(new Uint8Array(readFileSync(`${fixtures}${name}.${version}.pyc`)));

test('qualified names: 3.10 derives what 3.11 stores (comprehension parents, global and nonlocal defs, private names)', () => {
  const derived = qualnames(codeTree(pyc('nested', '3.10').code));
  const stored = codeTree(pyc('nested', '3.11').code).map((n) => n.code.qualname);
  assert.deepEqual(derived, stored);
  for (const q of [
    'C.m.<locals>.<listcomp>', // a function's comprehension: <locals>
    'C.<listcomp>.<lambda>', // a comprehension's lambda: no <locals>
    'outer.<locals>.inner.<locals>.<listcomp>.<lambda>',
    'outer.<locals>.<genexpr>.<genexpr>',
    'outer.<locals>.K.__priv.<locals>.__deep', // `__deep` is the local `_K__deep` of the method
    'gf', // `global gf` in glob()
    'nl.<locals>.w.<locals>.h', // `nonlocal h` in w()
  ]) assert.ok(derived.includes(q), q);
  // 3.11+ keeps what the code object says, whatever the nesting.
  const tree = codeTree(pyc('nested', '3.12').code);
  const moved = tree.map((n) => (n.code.name === 'gf' ? { ...n, code: { ...n.code, qualname: 'elsewhere.gf' } } : n));
  assert.ok(qualnames(moved).includes('elsewhere.gf'));
});

test('a decoded module lists the code objects of the JSON model, in its order, with their qualified names', () => {
  for (const v of PYTHON_VERSIONS) {
    for (const name of ['fg', 'nested']) {
      const file = pyc(name, v);
      const m = decodeModule(file);
      const json = toJsonModel(file);
      assert.equal(m.version, getVersion(v));
      assert.equal(m.codeObjects.length, json.code_objects.length);
      m.codeObjects.forEach((c, i) => {
        const j = json.code_objects[i]!;
        assert.deepEqual([c.index, c.parent, c.code.name, c.code.firstlineno], [j.index, j.parent, j.co_name, j.co_firstlineno]);
        if (j.co_qualname !== null) assert.equal(c.qualname, j.co_qualname);
        // Instruction.line is co_lines' line (JSON `line`); lineNumber is what dis shows.
        assert.deepEqual(c.decoded.instructions.map((x) => [x.offset, x.line]), j.instructions.map((x) => [x.offset, x.line]), `${name} ${v} ${c.qualname}`);
      });
    }
  }
  // Up to 3.12 an instruction without a line of its own shows the line before it; it has none.
  const lineless = ['3.10', '3.11', '3.12'].flatMap((v) => decodeModule(pyc('nested', v)).codeObjects)
    .flatMap((c) => c.decoded.instructions).filter((x) => x.line === null);
  assert.ok(lineless.length > 0 && lineless.some((x) => x.lineNumber !== null));
  assert.throws(() => decodeModule({ version: '3.16', code: pyc('fg', '3.10').code }),
    (e: unknown) => e instanceof BytescopeError && e.kind === 'unsupported');
});

test('opname categories: names of real opcodes, subsets where they say so, opcode numbers per version', () => {
  const sets = Object.entries(categories).filter((e): e is [string, ReadonlySet<string>] => e[1] instanceof Set);
  assert.ok(sets.length >= 12);
  const known = new Set(PYTHON_VERSIONS.flatMap((v) => [...getVersion(v)!.table.opname]));
  for (const [name, set] of sets) {
    assert.ok(set.size > 0, name);
    for (const op of set) assert.ok(known.has(op) || PYTHON_VERSIONS.some((v) => getVersion(v)!.table.op(op) >= 0), `${name}: ${op} is no opname of 3.10 … 3.15`);
  }
  const union = new Set([...categories.VARIABLE_LOADS, ...categories.CONST_LOADS]);
  assert.deepEqual([...categories.SIMPLE_LOADS].sort(), [...union].sort());
  for (const op of categories.UNCONDITIONAL_JUMPS) assert.ok(categories.NO_FALLTHROUGH.has(op));
  for (const op of categories.PAIR_LOADS) assert.ok(categories.SUPERINSTRUCTIONS.has(op) && categories.LOAD_FAST_FORMS.has(op));
  for (const v of PYTHON_VERSIONS) {
    const info = getVersion(v)!;
    const ops = categories.opcodesOf(categories.NO_FALLTHROUGH, info);
    assert.equal(ops, categories.opcodesOf(categories.NO_FALLTHROUGH, info), 'made once');
    assert.ok(ops.has(info.table.op('RETURN_VALUE')));
    for (const op of ops) assert.ok(categories.NO_FALLTHROUGH.has(info.table.opname[op] ?? ''), `${v}: ${op}`);
  }
});
