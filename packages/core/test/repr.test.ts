/**
 * Compares repr.ts with real CPython (Pyodide): CPython 3.14 in this process for everything, and CPython 3.15 in a
 * child process (one Pyodide per process) for `frozendict`. Inputs are generated here from a seeded PRNG and sent to
 * Python in one batch per kind; the expected text always comes from Python's `repr()`.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { makeCode, Prng } from '../testkit/index.js';
import type { CodeObject } from '../src/pyc/code-object.js';
import { codeAddress } from '../src/pyc/code-object.js';
import type { PyObject } from '../src/pyc/objects.js';
import {
  PY_ELLIPSIS, PY_FALSE, PY_NONE, PY_STOP_ITERATION, PY_TRUE, PY_UNKNOWN,
} from '../src/pyc/objects.js';
import {
  type PrintableTable, REPR_MAX_DEPTH, printableTableFromRanges, reprBytes, reprComplex, reprFloat, reprObject,
  reprStr,
} from '../src/text/repr.js';

interface Pyodide {
  runPython(code: string): unknown;
  globals: { set(name: string, value: unknown): void };
}

const SEED = Number(process.env.REPR_TEST_SEED ?? 0x5eed1234);

/** The test kit's seeded generator, so that failures are reproducible (REPR_TEST_SEED). */
const prng = new Prng(SEED);
const rng = (): number => prng.next();
const randInt = (n: number): number => prng.int(n);
const pick = <T>(xs: readonly T[]): T => prng.pick(xs);

// ---------------------------------------------------------------------------------------------------------------
// Python side

/** Helpers evaluated once in each runtime: value builders for generated expressions and a value → JSON describer. */
const PY_PRELUDE = String.raw`
import sys, json, struct, marshal
sys.set_int_max_str_digits(0)
sys.setrecursionlimit(20000)
def _f(h): return struct.unpack('>d', bytes.fromhex(h))[0]
def _c(h): return marshal.loads(b'y' + struct.pack('<dd', _f(h[:16]), _f(h[16:])))
def _code(name, filename, firstlineno):
    c = (lambda: 0).__code__.replace(co_name=name, co_filename=filename, co_firstlineno=12345678)
    d = marshal.dumps(c)
    k = struct.pack('<i', 12345678)
    assert d.count(k) == 1
    return marshal.loads(d.replace(k, struct.pack('<i', firstlineno)))
def _desc(v):
    t = type(v)
    if v is None: return ['None']
    if v is ...: return ['Ellipsis']
    if v is StopIteration: return ['StopIteration']
    if t is bool: return ['bool', v]
    if t is int: return ['int', str(v)]
    if t is float: return ['float', struct.pack('>d', v).hex()]
    if t is complex: return ['complex', struct.pack('>d', v.real).hex(), struct.pack('>d', v.imag).hex()]
    if t is str: return ['str', v]
    if t is bytes: return ['bytes', v.hex()]
    if t in (tuple, list, set, frozenset): return [t.__name__, [_desc(x) for x in v]]
    if t is dict or t.__name__ == 'frozendict': return [t.__name__, [[_desc(k), _desc(x)] for k, x in v.items()]]
    if t is slice: return ['slice', _desc(v.start), _desc(v.stop), _desc(v.step)]
    if t is type(_desc.__code__): return ['code', v.co_name, v.co_filename, v.co_firstlineno, hex(id(v))]
    raise TypeError(t)
def _nest(kind, n):
    v = 1
    for _ in range(n):
        v = [v] if kind == 'list' else (v,) if kind == 'tuple' else {1: v}
    return v
def _nonprintable_ranges():
    r = []
    prev = False
    for i in range(0x110000):
        np = not chr(i).isprintable()
        if np != prev:
            r.append(i)
            prev = np
    if prev: r.append(0x110000)
    return r
def _eval_all(exprs_json):
    out = []
    for e in json.loads(exprs_json):
        v = eval(e)
        out.append([repr(v), _desc(v)])
    return json.dumps(out)
`;

/** Runs `expr` (a Python expression over the JSON string `_in`) and returns its JSON-decoded string result. */
function pyJson<T>(py: Pyodide, input: unknown, expr: string): T {
  py.globals.set('_in', JSON.stringify(input));
  return JSON.parse(py.runPython(expr) as string) as T;
}

let py: Pyodide;
let table: PrintableTable;

before(async () => {
  const spec = 'py314';
  const { loadPyodide } = (await import(spec)) as { loadPyodide(o: object): Promise<Pyodide> };
  py = await loadPyodide({ stdout: () => {}, stderr: () => {} });
  py.runPython(PY_PRELUDE);
  table = printableTableFromRanges(JSON.parse(py.runPython('json.dumps(_nonprintable_ranges())') as string) as number[]);
});

/** Asserts that every actual/expected pair matches, reporting the first few mismatches around their first difference. */
function assertAllEqual(label: string, inputs: readonly unknown[], actual: readonly string[], expected: readonly string[]): void {
  assert.equal(actual.length, expected.length);
  const bad: string[] = [];
  for (let i = 0; i < actual.length; i++) {
    const got = actual[i]!;
    const want = expected[i]!;
    if (got === want) continue;
    let at = 0;
    while (got[at] === want[at]) at++;
    const around = (t: string): string => JSON.stringify(t.slice(Math.max(0, at - 40), at + 40));
    const input = JSON.stringify(inputs[i], (_, v) => typeof v === 'bigint' ? v.toString() : v) ?? '';
    bad.push(`${label} #${i} input=${input.slice(0, 300)} differs at ${at}: got=${around(got)} want=${around(want)}`);
  }
  assert.deepEqual(bad.slice(0, 5), [], `${bad.length} of ${actual.length} mismatches (seed ${SEED})`);
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs

const f64 = new Float64Array(1);
const u8 = new Uint8Array(f64.buffer);
/** Big-endian hex of a double's bits. */
function doubleHex(x: number): string {
  f64[0] = x;
  let s = '';
  for (let i = 7; i >= 0; i--) s += u8[i]!.toString(16).padStart(2, '0');
  return s;
}
function doubleFromHex(h: string): number {
  for (let i = 0; i < 8; i++) u8[7 - i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return f64[0]!;
}
function randomBits(): number {
  for (let i = 0; i < 8; i++) u8[i] = randInt(256);
  return f64[0]!;
}
function nextUp(x: number, dir: 1 | -1): number {
  f64[0] = x;
  const bits = new BigUint64Array(f64.buffer);
  bits[0] = bits[0]! + (x > 0 === (dir > 0) ? 1n : -1n);
  return f64[0]!;
}

const SPECIAL_DOUBLES: readonly number[] = [
  0, -0, Infinity, -Infinity, NaN, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, 2.2250738585072014e-308,
  2.225073858507201e-308, 1, -1, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, 0.0001, 0.00001, 0.00012345, 0.000099999, 1e16,
  9999999999999998, 1e16 + 2, 1e17, 123456789012345.6, 1234567890123456.7, 12345678901234567, 2 ** 53, 2 ** 53 + 2,
  2 ** 63, 2 ** 64, 1e22, 1e23, 5e-324, 1.5, -2.5, 100, 1e100, 1e-100, 1.7976931348623157e308, 4.35, 0.5e-3,
];

function genDoubles(): number[] {
  const out: number[] = [...SPECIAL_DOUBLES];
  for (let i = 0; i < 3000; i++) out.push(randomBits()); // all exponents, NaN payloads, both signs
  for (let i = 0; i < 500; i++) { // subnormals
    for (let j = 0; j < 8; j++) u8[j] = randInt(256);
    u8[7] = u8[7]! & 0x80;
    u8[6] = u8[6]! & 0x0f;
    out.push(f64[0]!);
  }
  for (let i = 0; i < 1500; i++) { // short decimals around the fixed/exponential boundaries
    const digits = String(1 + randInt(10 ** (1 + randInt(9))));
    const x = parseFloat(`${digits}e${randInt(50) - 25 - digits.length + 1}`);
    out.push(rng() < 0.5 ? -x : x);
  }
  for (let k = -325; k <= 309; k++) { // powers of ten and their neighbours
    const x = parseFloat(`1e${k}`);
    out.push(x);
    if (x > 0 && Number.isFinite(x)) out.push(nextUp(x, 1), nextUp(x, -1));
  }
  for (let i = 0; i < 300; i++) out.push(randInt(2 ** 30) * 2 ** (randInt(60) - 10)); // integral values
  return out;
}

// Code points that stress the escaping rules; random picks from these and from all of Unicode.
const STR_POOL: readonly number[] = [
  0x27, 0x22, 0x5c, 0x09, 0x0a, 0x0d, 0x00, 0x01, 0x1b, 0x1f, 0x20, 0x7e, 0x7f, 0x80, 0x9f, 0xa0, 0xa1, 0xad, 0xff,
  0x100, 0x378, 0x2028, 0x2029, 0x200b, 0x200e, 0x3000, 0x3042, 0xfeff, 0xfffd, 0xfffe, 0xffff, 0xe000, 0xf8ff,
  0x10000, 0x1f600, 0x1f9ff, 0xe0001, 0xe007f, 0xf0000, 0x10ffff, 0x10fffd, 0x2fa1d, 0x30000, 0x3134a, 0xe01ef,
  0xd800, 0xdbff, 0xdc00, 0xdfff, 0xd83d, 0xde00, // lone surrogates when not adjacent in the right order
];

function randomCodePoint(): number {
  const r = rng();
  if (r < 0.35) return 0x20 + randInt(0x5f);
  if (r < 0.65) return pick(STR_POOL);
  if (r < 0.8) return randInt(0x10000);
  return randInt(0x110000);
}
function genStrings(): string[] {
  const out: string[] = ['', "'", '"', `'"`, 'abc', "it's", 'say "hi"', `both ' and "`, '\\', 'a\\b', '\ud800',
    '\udc00\ud800', '\ud83d\ude00', 'x\ud83d', '\ude00x', 'caf\u00e9', '\u00ad', '\x7f', '\u0378'];
  for (let i = 0; i < 3000; i++) {
    const len = randInt(i < 2000 ? 12 : 60);
    let s = '';
    for (let j = 0; j < len; j++) s += String.fromCodePoint(randomCodePoint());
    out.push(s);
  }
  for (let i = 0; i < 200; i++) { // printable-ASCII fast path
    let s = '';
    const len = randInt(30);
    for (let j = 0; j < len; j++) s += String.fromCharCode(0x20 + randInt(0x5f));
    out.push(s);
  }
  return out;
}

function genBytes(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let b = 0; b < 256; b++) out.push(Uint8Array.of(b));
  for (const s of ["'", '"', `'"`, "a'b", 'a"b', '\\']) out.push(new TextEncoder().encode(s));
  out.push(new Uint8Array(0));
  for (let i = 0; i < 2000; i++) {
    const a = new Uint8Array(randInt(40));
    for (let j = 0; j < a.length; j++) a[j] = rng() < 0.3 ? pick([0x27, 0x22, 0x5c, 9, 10, 13, 0, 0x7f, 0x80, 0xff]) : randInt(256);
    out.push(a);
  }
  return out;
}
const toHex = (a: Uint8Array): string => Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');

// ---------------------------------------------------------------------------------------------------------------
// Random Python values as expressions, and Python's description back into PyObjects

interface TreeOptions { frozendict: boolean }

function pyStrLiteral(s: string): string {
  // JSON string syntax is valid Python string syntax; lone surrogates come out as \udXXX escapes.
  return JSON.stringify(s);
}

function genScalarExpr(): string {
  switch (randInt(13)) {
    case 0: return pick(['None', '...', 'StopIteration', 'True', 'False']);
    case 1: return String(BigInt(randInt(2 ** 31)) - (1n << 30n));
    case 2: { // big ints, occasionally beyond int_max_str_digits
      const digits = rng() < 0.05 ? 5000 : 1 + randInt(80);
      let s = String(1 + randInt(9));
      for (let i = 1; i < digits; i++) s += String(randInt(10));
      return (rng() < 0.5 ? '-' : '') + s;
    }
    case 3: case 4: return `_f('${doubleHex(pick(doublePool))}')`;
    case 5: return `_c('${doubleHex(pick(doublePool))}${doubleHex(pick(doublePool))}')`;
    case 6: case 7: case 8: return pyStrLiteral(pick(stringPool));
    case 9: case 10: return `bytes.fromhex('${toHex(pick(bytesPool))}')`;
    case 11: return `_code(${pyStrLiteral(pick(stringPool))}, ${pyStrLiteral(pick(stringPool))}, ${pick([0, 1, 7, 100000, -3, 2 ** 31 - 1])})`;
    default: return String(randInt(1000));
  }
}

/** A random expression; `hashable` restricts it to values usable as set items and dict keys. */
function genExpr(depth: number, hashable: boolean, opts: TreeOptions): string {
  if (depth <= 0 || rng() < 0.3) return genScalarExpr();
  const n = randInt(rng() < 0.2 ? 1 : 5);
  const items = (h: boolean): string[] => Array.from({ length: n }, () => genExpr(depth - 1, h, opts));
  const kinds = hashable ? ['tuple', 'frozenset', 'frozendict'] : ['tuple', 'list', 'set', 'frozenset', 'dict', 'slice', 'frozendict'];
  const kind = pick(kinds.filter((k) => opts.frozendict || k !== 'frozendict'));
  switch (kind) {
    case 'tuple': return n === 1 ? `(${items(hashable)[0]},)` : `(${items(hashable).join(', ')})`;
    case 'list': return `[${items(false).join(', ')}]`;
    case 'set': return n === 0 ? 'set()' : `{${items(true).join(', ')}}`;
    case 'frozenset': return `frozenset([${items(true).join(', ')}])`;
    case 'slice': return `slice(${genExpr(depth - 1, false, opts)}, ${genExpr(depth - 1, false, opts)}, ${genExpr(depth - 1, false, opts)})`;
    default: {
      const entries = Array.from({ length: n }, () => `${genExpr(depth - 1, true, opts)}: ${genExpr(depth - 1, hashable, opts)}`);
      return kind === 'dict' ? `{${entries.join(', ')}}` : `frozendict({${entries.join(', ')}})`;
    }
  }
}

type Desc = [string, ...unknown[]];

/** Turns Python's description into a PyObject; each Python code object (by address) becomes one code object of the test kit. */
function fromDesc(d: Desc, addrs: Map<string, CodeObject>): PyObject {
  const [t] = d;
  switch (t) {
    case 'None': return PY_NONE;
    case 'Ellipsis': return PY_ELLIPSIS;
    case 'StopIteration': return PY_STOP_ITERATION;
    case 'bool': return d[1] ? PY_TRUE : PY_FALSE;
    case 'int': return { type: 'int', value: BigInt(d[1] as string) };
    case 'float': return { type: 'float', value: doubleFromHex(d[1] as string) };
    case 'complex': return { type: 'complex', real: doubleFromHex(d[1] as string), imag: doubleFromHex(d[2] as string) };
    case 'str': return { type: 'str', value: d[1] as string };
    case 'bytes': return { type: 'bytes', value: Uint8Array.from((d[1] as string).match(/../g) ?? [], (h) => parseInt(h, 16)) };
    case 'tuple': case 'list': case 'set': case 'frozenset':
      return { type: t, items: (d[1] as Desc[]).map((x) => fromDesc(x, addrs)) };
    case 'dict': case 'frozendict':
      return { type: t, entries: (d[1] as [Desc, Desc][]).map(([k, v]) => [fromDesc(k, addrs), fromDesc(v, addrs)]) };
    case 'slice':
      return { type: 'slice', start: fromDesc(d[1] as Desc, addrs), stop: fromDesc(d[2] as Desc, addrs), step: fromDesc(d[3] as Desc, addrs) };
    case 'code': {
      let code = addrs.get(d[4] as string);
      if (code === undefined) {
        code = makeCode('3.14', { name: d[1] as string, filename: d[2] as string, firstlineno: d[3] as number, id: 1000 + addrs.size });
        addrs.set(d[4] as string, code);
      }
      return { type: 'code', code };
    }
    default: throw new Error(`unexpected description ${String(t)}`);
  }
}

/** Checks reprObject on Python-built values: `results` holds [repr, description] per expression. */
function checkTrees(label: string, exprs: readonly string[], results: [string, Desc][], tbl = table): void {
  const actual: string[] = [];
  const expected: string[] = [];
  for (const [pyRepr, desc] of results) {
    const addrs = new Map<string, CodeObject>();
    actual.push(reprObject(fromDesc(desc, addrs), tbl));
    let want = pyRepr;
    for (const [pyAddr, code] of addrs) want = want.replaceAll(` at ${pyAddr}, file "`, ` at ${codeAddress(code)}, file "`);
    expected.push(want);
  }
  assertAllEqual(label, exprs, actual, expected);
}

// Pools shared by scalar generators (built eagerly; the PRNG sequence is fixed by SEED).
const doublePool = genDoubles();
const stringPool = genStrings();
const bytesPool = genBytes();

// ---------------------------------------------------------------------------------------------------------------

describe('printableTableFromRanges', () => {
  it('agrees with str.isprintable() on every code point', () => {
    const want = py.runPython(`''.join('1' if chr(i).isprintable() else '0' for i in range(0x110000))`) as string;
    let got = '';
    const parts: string[] = [];
    for (let cp = 0; cp < 0x110000; cp++) {
      got += table.isPrintable(cp) ? '1' : '0';
      if ((cp & 0xffff) === 0xffff) { parts.push(got); got = ''; }
    }
    parts.push(got);
    const all = parts.join('');
    const first = [...Array(all.length).keys()].find((i) => all[i] !== want[i]);
    assert.equal(first, undefined, `first difference at U+${first?.toString(16)}`);
  });

  it('handles empty and edge tables', () => {
    const t = printableTableFromRanges([]);
    assert.equal(t.isPrintable(0), true);
    const u = printableTableFromRanges([0, 0x20, 0x7f, 0xa1]);
    assert.deepEqual([0, 0x1f, 0x20, 0x7e, 0x7f, 0xa0, 0xa1].map((c) => u.isPrintable(c)),
      [false, false, true, true, false, false, true]);
  });
});

describe('reprFloat', () => {
  it(`matches repr(float) on ${doublePool.length} doubles`, () => {
    const hex = doublePool.map(doubleHex);
    const want = pyJson<string[]>(py, hex, 'json.dumps([repr(_f(h)) for h in json.loads(_in)])');
    assertAllEqual('float', hex, doublePool.map(reprFloat), want);
  });
});

describe('reprComplex', () => {
  it('matches repr(complex) on random and special pairs', () => {
    const specials = [0, -0, 1, -1, 2.5, Infinity, -Infinity, NaN, 1e16, 1e-5, 1e300, 5e-324];
    const pairs: [number, number][] = [];
    for (const a of specials) for (const b of specials) pairs.push([a, b]);
    for (let i = 0; i < 3000; i++) {
      pairs.push([rng() < 0.2 ? pick(specials) : pick(doublePool), rng() < 0.2 ? pick(specials) : pick(doublePool)]);
    }
    const hex = pairs.map(([a, b]) => doubleHex(a) + doubleHex(b));
    const want = pyJson<string[]>(py, hex, 'json.dumps([repr(_c(h)) for h in json.loads(_in)])');
    assertAllEqual('complex', pairs, pairs.map(([a, b]) => reprComplex(a, b)), want);
  });
});

describe('reprStr', () => {
  it(`matches repr(str) on ${stringPool.length} random strings`, () => {
    const want = pyJson<string[]>(py, stringPool, 'json.dumps([repr(s) for s in json.loads(_in)])');
    assertAllEqual('str', stringPool, stringPool.map((s) => reprStr(s, table)), want);
  });

  it('matches repr(str) on every code point (one string, separated so surrogates stay lone)', () => {
    let s = '';
    const parts: string[] = [];
    for (let cp = 0; cp < 0x110000; cp++) {
      s += String.fromCodePoint(cp) + '|';
      if ((cp & 0xfff) === 0xfff) { parts.push(s); s = ''; }
    }
    const all = parts.join('');
    py.globals.set('_all', all);
    const want = py.runPython('repr(_all)') as string;
    const got = reprStr(all, table);
    if (got !== want) {
      let i = 0;
      while (got[i] === want[i]) i++;
      assert.fail(`first difference near ${JSON.stringify(want.slice(Math.max(0, i - 20), i + 20))} vs ${JSON.stringify(got.slice(Math.max(0, i - 20), i + 20))}`);
    }
  });
});

describe('reprBytes', () => {
  it(`matches repr(bytes) on ${bytesPool.length} byte strings`, () => {
    const hex = bytesPool.map(toHex);
    const want = pyJson<string[]>(py, hex, 'json.dumps([repr(bytes.fromhex(h)) for h in json.loads(_in)])');
    assertAllEqual('bytes', hex, bytesPool.map(reprBytes), want);
  });

  it('matches on a large bytes value', () => {
    const big = new Uint8Array(300_000);
    for (let i = 0; i < big.length; i++) big[i] = randInt(256);
    const hex = toHex(big);
    const want = pyJson<string>(py, hex, 'json.dumps(repr(bytes.fromhex(json.loads(_in))))');
    assert.ok(reprBytes(big) === want);
  });
});

describe('reprObject', () => {
  it('matches repr() of 1500 random nested values (tuple/list/set/frozenset/dict/slice/code, all scalars)', () => {
    const exprs = [
      '()', '(1,)', '(1, 2)', '[]', 'set()', 'frozenset()', '{}', 'slice(None, 2, None)', '{1: (2,), "a": [b"x"]}',
      'frozenset([1, 2])', '{3, 1, 2}', '((),)', '[[[]]]', 'StopIteration', '...', 'None', 'True', '-0', '10**40',
      ...Array.from({ length: 1500 }, () => genExpr(4, false, { frozendict: false })),
    ];
    const results = pyJson<[string, Desc][]>(py, exprs, '_eval_all(_in)');
    checkTrees('tree', exprs, results);
  });

  it('prints code objects like code_repr, including firstlineno 0 → line -1', () => {
    const exprs = ['_code("f", "x.py", 0)', '_code("<module>", "a\\"b.py", 1)', '_code("é\\ud800", "\'", -3)',
      '(_code("g", "", 2**31-1),)'];
    checkTrees('code', exprs, pyJson<[string, Desc][]>(py, exprs, '_eval_all(_in)'));
  });

  it('matches deep nesting below the cap', () => {
    const exprs = [`_nest('list', ${REPR_MAX_DEPTH - 1})`, "_nest('tuple', 300)", "_nest('dict', 300)"];
    checkTrees('deep', exprs, pyJson<[string, Desc][]>(py, exprs, '_eval_all(_in)'));
  });

  it(`does not overflow the stack on hostile nesting (cap ${REPR_MAX_DEPTH})`, () => {
    let o: PyObject = { type: 'int', value: 1n };
    for (let i = 0; i < 100_000; i++) o = { type: i % 2 ? 'list' : 'tuple', items: [o] };
    const s = reprObject(o, table);
    assert.ok(s.includes('...'));
    assert.ok(!s.includes('1'));
    assert.ok(s.length < 5 * REPR_MAX_DEPTH);
    let d: PyObject = PY_NONE;
    for (let i = 0; i < 100_000; i++) d = { type: 'dict', entries: [[PY_NONE, d]] };
    assert.ok(reprObject(d, table).includes('...'));
  });

  it('prints self-containing tuples, lists and dicts (marshal back-references) like Py_ReprEnter', () => {
    // Python builds the same cycles from marshal data: FLAG_REF containers holding a TYPE_REF to themselves.
    const want = pyJson<string[]>(py, null, `json.dumps([repr(marshal.loads(b)) for b in [
      b'\\xa9\\x01r\\x00\\x00\\x00\\x00',
      b'\\xa9\\x02r\\x00\\x00\\x00\\x00r\\x00\\x00\\x00\\x00',
      b'\\xdb\\x02\\x00\\x00\\x00r\\x00\\x00\\x00\\x00\\xa9\\x01r\\x00\\x00\\x00\\x00',
      b'\\xfbi\\x00\\x00\\x00\\x00r\\x00\\x00\\x00\\x000']])`);
    const t1: PyObject[] = [];
    const tuple1: PyObject = { type: 'tuple', items: t1 };
    t1.push(tuple1);
    const t2: PyObject[] = [];
    const tuple2: PyObject = { type: 'tuple', items: t2 };
    t2.push(tuple2, tuple2);
    const l: PyObject[] = [];
    const list: PyObject = { type: 'list', items: l };
    const inner: PyObject[] = [];
    const innerTuple: PyObject = { type: 'tuple', items: inner };
    inner.push(list);
    l.push(list, innerTuple);
    const entries: [PyObject, PyObject][] = [];
    const dict: PyObject = { type: 'dict', entries };
    entries.push([{ type: 'int', value: 0n }, dict]);
    assertAllEqual('cycle', ['t1', 't2', 'list', 'dict'], [tuple1, tuple2, list, dict].map((o) => reprObject(o, table)), want);
  });

  it('prints the marshal unknown marker as <unknown> (no CPython counterpart)', () => {
    assert.equal(reprObject({ type: 'tuple', items: [PY_UNKNOWN] }, table), '(<unknown>,)');
  });

  it('matches CPython 3.15 on frozendict values (child process)', () => {
    const exprs = ['frozendict()', 'frozendict({1: 2})', 'frozendict({frozendict(): frozenset([frozendict()])})',
      ...Array.from({ length: 300 }, () => genExpr(4, false, { frozendict: true }))];
    const child = String.raw`
      const chunks = [];
      for await (const c of process.stdin) chunks.push(c);
      const { loadPyodide } = await import('py315');
      const py = await loadPyodide({ stdout: () => {}, stderr: () => {} });
      py.runPython(${JSON.stringify(PY_PRELUDE)});
      py.globals.set('_in', Buffer.concat(chunks).toString('utf8'));
      process.stdout.write(py.runPython('json.dumps([_nonprintable_ranges(), json.loads(_eval_all(_in))])'));`;
    const cwd = fileURLToPath(new URL('.', import.meta.url));
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', child], {
      cwd, input: JSON.stringify(exprs), encoding: 'utf8', maxBuffer: 1 << 28,
    });
    assert.equal(r.status, 0, r.stderr.slice(-2000));
    // 3.15 has its own Unicode database (e.g. CJK Extension J is printable there), so it gets its own table.
    const [ranges315, results] = JSON.parse(r.stdout) as [number[], [string, Desc][]];
    checkTrees('frozendict', exprs, results, printableTableFromRanges(ranges315));
  });
});
