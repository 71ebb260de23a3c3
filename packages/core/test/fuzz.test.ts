/**
 * Hostile input: everything the core does with untrusted bytes must end in a result or a one-line BytescopeError,
 * quickly and within bounded memory.
 *
 * - the resource limits of the reader, repr and JSON model, on values built in code;
 * - hand-crafted hostile files (src/fuzz/fixtures.ts): each ends as expected;
 * - every regression fixture in test/fixtures/hostile/ (crashers the fuzzer once found, and the small hand-crafted
 *   files) ends in a result or a BytescopeError;
 * - a bounded fuzz run with a fixed seed over the corpora (`../shared/corpora`; skipped when absent). Longer runs:
 *   `npm run fuzz -- --seconds N`.
 *
 * The text listing gets its output budget from `disassembleToText`'s `maxOutputChars` option. Until dis-text.ts has
 * that option (probed below), crashes in the text stages are reported as TODO instead of failures.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeObject } from '../src/pyc/code-object.js';
import { disassembleToText, type DisOptions } from '../src/text/dis-text.js';
import { BytescopeError } from '../src/errors.js';
import { MAX_EXCEPTION_TABLE_VALUE, parseExceptionTable } from '../src/bytecode/exception-table.js';
import { toJsonModel } from '../src/json/model.js';
import { jsonOutputBudget } from '../src/json/size.js';
import { MAX_MARSHAL_DEPTH, readMarshal } from '../src/pyc/marshal.js';
import type { PyObject } from '../src/pyc/objects.js';
import { PY_NONE } from '../src/pyc/objects.js';
import { readPyc } from '../src/pyc/read-pyc.js';
import { REPR_MAX_INT_DIGITS, REPR_MAX_LENGTH, reprInt, reprObject } from '../src/text/repr.js';
import { getVersion } from '../src/version/registry.js';
import { handcraftedFixtures } from '../fuzz/fixtures.js';
import { defaultCorporaDir, formatStats, fuzz, loadCorpus, type CrashRecord } from '../fuzz/fuzzer.js';
import { writeMarshal } from '../fuzz/marshal-writer.js';
import { Prng } from '../fuzz/prng.js';
import { runInput, type RunResult } from '../fuzz/run.js';

// The compiled test is packages/core/dist/test/fuzz.test.js; the repository root is four levels up.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const corporaDir = defaultCorporaDir(repoRoot);
const hostileDir = path.join(repoRoot, 'packages/core/test/fixtures/hostile');
const FUZZ_SEED = 20261124;
const FUZZ_SECONDS = Number(process.env.BYTESCOPE_FUZZ_SECONDS ?? 6);
/** Per-stage CPU time limit in these tests (the harness default). */
const TIME_LIMIT_MS = 1000;

const v312 = getVersion('3.12')!;

/** A module code object of 3.12 returning its first constant. */
function module312(consts: PyObject[]): CodeObject {
  const t = v312.table;
  return {
    layout: '3.11', argcount: 0, posonlyargcount: 0, kwonlyargcount: 0, nlocals: 0, stacksize: 1, flags: 0,
    code: Uint8Array.of(t.op('RESUME'), 0, t.op('LOAD_CONST'), 0, t.op('RETURN_VALUE'), 0),
    consts, names: [], varnames: [], cellvars: [], freevars: [], localsplusnames: [], localspluskinds: new Uint8Array(0),
    filename: 't.py', name: '<module>', qualname: '<module>', firstlineno: 1, linetable: new Uint8Array(0),
    exceptiontable: new Uint8Array(0), id: 0,
  };
}

/** Whether dis-text.ts enforces `maxOutputChars` (the proposed output budget of the listing). */
const TEXT_HAS_BUDGET = (() => {
  const o: DisOptions & { maxOutputChars?: number } = { maxOutputChars: 10 };
  try {
    disassembleToText(module312([PY_NONE]), v312, o);
    return false;
  } catch (e) {
    return e instanceof BytescopeError && e.kind === 'limit';
  }
})();
const TEXT_TODO = TEXT_HAS_BUDGET ? undefined : 'disassembleToText has no maxOutputChars budget yet: see the patch for dis-text.ts in the hostile-input report';

const isTextStage = (stage: string) => stage === 'text' || stage === 'text-options';

function assertThrowsKind(fn: () => unknown, kind: string, what: string): BytescopeError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof BytescopeError, `${what}: threw ${String(e)} instead of a BytescopeError`);
    assert.equal(e.kind, kind, `${what}: ${e.message}`);
    assert.ok(!/[\r\n]/.test(e.message), `${what}: message of several lines`);
    return e;
  }
  assert.fail(`${what}: did not throw`);
}

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}

describe('resource limits', () => {
  it('refuses a shared-reference bomb in repr quickly, and prints smaller shared values in full', () => {
    let o: PyObject = { type: 'str', value: 'leaf' };
    for (let i = 0; i < 200; i++) o = { type: 'tuple', items: [o, o] };
    const [, ms] = timed(() => assertThrowsKind(() => reprObject(o, v312.printable), 'limit', 'tuple bomb'));
    assert.ok(ms < 2000, `took ${ms} ms`);
    let small: PyObject = { type: 'int', value: 7n };
    for (let i = 0; i < 10; i++) small = { type: 'list', items: [small, small] };
    const s = reprObject(small, v312.printable);
    assert.equal(s.split('7').length - 1, 1024);
    assert.equal(s.length, 1024 + 1023 * 2 + 2 * 1023); // leaves, ", " separators, brackets
    assert.ok(REPR_MAX_LENGTH >= 2 ** 24);
  });

  it('prints ints up to REPR_MAX_INT_DIGITS digits, and a marker beyond', () => {
    const max = 10n ** BigInt(REPR_MAX_INT_DIGITS) - 1n;
    assert.equal(reprInt(max).length, REPR_MAX_INT_DIGITS);
    assert.equal(reprInt(-max).length, REPR_MAX_INT_DIGITS + 1);
    assert.match(reprInt(max + 1n), /^<int with more than 100000 digits: \d+ bits>$/);
    assert.match(reprInt(-(1n << 3_000_000n)), /^<negative int with more than 100000 digits: 3000001 bits>$/);
    assert.equal(reprInt(-(2n ** 70n)), (-(2n ** 70n)).toString());
  });

  it('converts marshal longs in linear time and exactly', () => {
    const rng = new Prng(7);
    for (let n = 0; n < 300; n++) {
      const digits = Array.from({ length: rng.range(1, 400) }, () => rng.int(0x8000));
      if (digits[digits.length - 1] === 0) digits[digits.length - 1] = 1;
      let want = 0n;
      for (let i = digits.length - 1; i >= 0; i--) want = (want << 15n) | BigInt(digits[i]!);
      const neg = rng.chance(0.5);
      const b = [0x6c, ...le32(neg ? -digits.length : digits.length)];
      for (const d of digits) b.push(d & 0xff, d >> 8);
      const { value } = readMarshal(Uint8Array.from(b), 0, { layout: '3.11' });
      assert.deepEqual(value, { type: 'int', value: neg ? -want : want });
    }
    const big = [0x6c, ...le32(400_000)];
    for (let i = 0; i < 400_000; i++) big.push(0xff, 0x7f);
    const [r, ms] = timed(() => readMarshal(Uint8Array.from(big), 0, { layout: '3.11' }).value);
    assert.equal(r.type === 'int' && r.value === (1n << 6_000_000n) - 1n, true);
    assert.ok(ms < 3000, `a 6-million-bit long took ${ms} ms`);
  });

  it('refuses marshal data that expands through back-references (a bomb), at read time', () => {
    let o: PyObject = { type: 'str', value: 'x' };
    for (let i = 0; i < 40; i++) o = { type: 'list', items: [o, o, o] };
    const data = writeMarshal(o, '3.11');
    assert.ok(data.length < 2000);
    const e = assertThrowsKind(() => readMarshal(data, 0, { layout: '3.11' }), 'limit', 'list bomb');
    assert.match(e.message, /reference bomb/);
  });

  it('refuses nesting beyond MAX_MARSHAL_DEPTH, and reads nesting just below it without overflowing the stack', () => {
    const nest = (n: number) => Uint8Array.from([...Array.from({ length: n }, () => [0x29, 1]).flat(), 0x4e]);
    assertThrowsKind(() => readMarshal(nest(100_000), 0, { layout: '3.11' }), 'limit', '100k nesting');
    const { value } = readMarshal(nest(MAX_MARSHAL_DEPTH), 0, { layout: '3.11' });
    assert.equal(value.type, 'tuple');
    const s = reprObject(value, v312.printable);
    assert.ok(s.includes('...') && s.length < 5 * MAX_MARSHAL_DEPTH);
  });

  it('refuses an exception table varint beyond 2**50', () => {
    assert.equal(MAX_EXCEPTION_TABLE_VALUE, 2 ** 50);
    assertThrowsKind(() => parseExceptionTable(Uint8Array.from([0xc0, ...new Array<number>(20).fill(0x7f), 1, 1, 1, 1])), 'bad-code', 'varint');
    assert.deepEqual(parseExceptionTable(Uint8Array.from([0x81, 0x02, 0x03, 0x05])), [{ start: 2, end: 6, target: 6, depth: 2, lasti: true }]);
  });

  it('bounds the JSON model: a bomb constant and a tiny budget are limit errors; the estimate is close to the text', () => {
    let o: PyObject = { type: 'str', value: 'boom' };
    for (let i = 0; i < 60; i++) o = { type: 'dict', entries: [[{ type: 'int', value: BigInt(i) }, o], [PY_NONE, o]] };
    const code = module312([{ type: 'tuple', items: [] }]);
    const [, ms] = timed(() => assertThrowsKind(() => toJsonModel({ code: { ...code, consts: [o] }, version: '3.12' }, { maxOutputChars: 1e8 }), 'limit', 'dict bomb'));
    assert.ok(ms < 2000, `took ${ms} ms`);
    assertThrowsKind(() => toJsonModel({ code, version: '3.12' }, { maxOutputChars: 100 }), 'limit', 'tiny budget');
    assertThrowsKind(() => toJsonModel({ code, version: '3.12' }, { maxOutputChars: -1 }), 'usage', 'negative budget');
    assert.equal(jsonOutputBudget(1000), 16 * 2 ** 20);
    assert.equal(jsonOutputBudget(10 * 2 ** 20), 256 * 2 ** 20);
    const dir = path.join(corporaDir, 'xdis/bytecode_3.12');
    if (!fs.existsSync(dir)) return;
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.pyc')).sort().slice(0, 40)) {
      const pyc = readPyc(new Uint8Array(fs.readFileSync(path.join(dir, f))));
      const actual = JSON.stringify(toJsonModel(pyc), null, 1).length;
      toJsonModel(pyc, { maxOutputChars: Math.ceil(actual * 1.15) + 600 }); // the estimate is at most 15% above
      assert.throws(() => toJsonModel(pyc, { maxOutputChars: Math.floor(actual * 0.98) }), BytescopeError, f); // and never below
    }
  });
});

function le32(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}

/** Splits crashes into those of the text stages while the listing has no budget (TODO) and the others. */
function partition(crashes: readonly { stage: string; text: string }[]): { real: string[]; todo: string[] } {
  const real: string[] = [];
  const todo: string[] = [];
  for (const c of crashes) (TEXT_TODO && isTextStage(c.stage) ? todo : real).push(c.text);
  return { real, todo };
}

function crashText(name: string, r: RunResult): { stage: string; text: string } | undefined {
  return r.crash && { stage: r.crash.stage, text: `${name}: ${r.crash.stage} ${r.crash.why}: ${r.crash.detail}` };
}

describe('hand-crafted hostile files', () => {
  const fixtures = handcraftedFixtures();
  const results = fixtures.map((f) => ({ f, r: runInput(f.data, { timeLimitMs: TIME_LIMIT_MS }) }));
  const { real, todo } = partition(results.flatMap(({ f, r }) => crashText(f.name, r) ?? []));

  it(`${fixtures.length} files end as expected, in a result or a one-line BytescopeError`, () => {
    assert.deepEqual(real, []);
    for (const { f, r } of results) {
      if (r.crash) continue; // counted above or below
      const expect = typeof f.expect === 'string' ? [f.expect] : f.expect;
      assert.ok(expect.includes(r.outcome), `${f.name} (${f.description}): ${r.outcome}, expected ${expect.join(' or ')}; ${r.stages.map((s) => `${s.stage} ${s.outcome}${s.error ? ` ${s.error}` : ''}`).join('; ')}`);
    }
  });

  it('no crash in the text listing', { todo: TEXT_TODO }, () => {
    assert.deepEqual(todo, []);
  });
});

describe('regression fixtures (test/fixtures/hostile)', () => {
  const files = fs.existsSync(hostileDir) ? fs.readdirSync(hostileDir).filter((f) => f.endsWith('.pyc')).sort() : [];
  const results = files.map((f) => ({ f, r: runInput(new Uint8Array(fs.readFileSync(path.join(hostileDir, f))), { timeLimitMs: TIME_LIMIT_MS }) }));
  const { real, todo } = partition(results.flatMap(({ f, r }) => crashText(f, r) ?? []));

  it(`${files.length} files end in a result or a one-line BytescopeError, quickly`, () => {
    assert.ok(files.length > 0, `no fixtures in ${hostileDir}`);
    assert.deepEqual(real, []);
  });

  it('no crash in the text listing', { todo: TEXT_TODO }, () => {
    assert.deepEqual(todo, []);
  });
});

describe(`bounded fuzz run (seed ${FUZZ_SEED}, ${FUZZ_SECONDS} s)`, { skip: !fs.existsSync(corporaDir) && `no corpora at ${corporaDir}` }, () => {
  let crashes: CrashRecord[] = [];
  let summary = '';

  it('runs', (t) => {
    const corpus = loadCorpus(corporaDir);
    assert.ok(corpus.length > 500, `corpus of ${corpus.length} files`);
    const stats = fuzz({ corpus, seed: FUZZ_SEED, seconds: FUZZ_SECONDS, timeLimitMs: TIME_LIMIT_MS });
    summary = formatStats(stats);
    t.diagnostic(summary);
    crashes = stats.crashes;
    assert.ok(stats.inputs >= 20, `only ${stats.inputs} inputs`);
  });

  it('no crash, hang or budget overrun outside the text listing', () => {
    const { real } = partition(crashes.map((c) => ({ stage: c.crash.stage, text: `#${c.index} [${c.ops.join(' ')}]: ${c.crash.stage} ${c.crash.why}: ${c.crash.detail}` })));
    assert.deepEqual(real, [], summary);
  });

  it('no crash in the text listing', { todo: TEXT_TODO }, () => {
    const { todo } = partition(crashes.map((c) => ({ stage: c.crash.stage, text: `#${c.index} [${c.ops.join(' ')}]: ${c.crash.stage} ${c.crash.why}: ${c.crash.detail}` })));
    assert.deepEqual(todo, []);
  });
});
