/**
 * Mutators of the fuzz harness. A fuzz input is a `.pyc` of the corpora changed by a few mutations, chosen by a
 * {@link Prng} so that input `i` of a run with seed `s` is always the same bytes:
 *
 * - structure-aware ones read the file, change its code-object tree and write it back with the marshal writer:
 *   reference bombs (shared tuples, lists, dicts, sets, slices; shared code objects), very deep nesting,
 *   self-referencing containers, a large constant loaded by thousands of instructions, huge ints, EXTENDED_ARG
 *   chains, out-of-range const/name/local/jump arguments, odd-length or random co_code, garbage line, location and
 *   exception tables, odd names and integer fields;
 * - byte-level ones work on any bytes, guided by a scan of the marshal data: bit flips, truncation, splices of two
 *   files, length fields set huge, reference indices out of range or to an object still being read, swapped type
 *   codes, another version's magic number.
 */
import type { CodeLayout, CodeObject } from '../src/pyc/code-object.js';
import { codeLayoutFor } from '../src/pyc/marshal.js';
import type { PyObject } from '../src/pyc/objects.js';
import { PY_NONE } from '../src/pyc/objects.js';
import { parsePycHeader } from '../src/pyc/header.js';
import { readPyc, type PycFile } from '../src/pyc/read-pyc.js';
import { getVersion, type VersionInfo } from '../src/version/registry.js';
import {
  codeObjectsOf, exceptionTableEntry, instruction, le32, rawNode, selfRefNode, utf8Surrogatepass, writeMarshal, type Prng,
} from '../testkit/index.js';
import { scanMarshal, type Scan } from './scan.js';

/** A corpus file, with what the mutators learn from it (lazily). */
export interface Seed {
  readonly name: string;
  readonly data: Uint8Array;
  /** Header size, version and layout, when the header parses. */
  readonly header?: { readonly size: number; readonly version: string; readonly layout: CodeLayout };
  /** The parsed file, when it reads. */
  readonly pyc?: PycFile;
  /** A scan of its marshal data. */
  readonly scan?: Scan;
}

/** Prepares a corpus file for mutation. */
export function makeSeed(name: string, data: Uint8Array): Seed {
  let header: Seed['header'];
  let pyc: PycFile | undefined;
  let scan: Scan | undefined;
  try {
    const h = parsePycHeader(data);
    header = { size: h.size, version: h.magic.version, layout: codeLayoutFor(h.magic.version) };
    scan = scanMarshal(data, h.size, header.layout);
    pyc = readPyc(data);
  } catch {
    // byte-level mutations only
  }
  return { name, data, header, pyc, scan };
}

/** A fuzz input and the names of the mutations that made it. */
export interface Mutant {
  readonly data: Uint8Array;
  readonly ops: readonly string[];
}

/** Largest input the mutators build (bytes). */
export const MAX_INPUT = 512 * 1024;

// ---------------------------------------------------------------------------------------------------------------
// Code trees

/** The distinct code objects of a tree that {@link replaceCode} can reach (through co_consts directly), at most 5000. */
export function codesOf(root: CodeObject): CodeObject[] {
  return codeObjectsOf(root, { max: 5000, inContainers: false });
}

/** The tree with `target` replaced by `repl` (sharing preserved). */
function replaceCode(root: CodeObject, target: CodeObject, repl: CodeObject): CodeObject {
  const memo = new Map<CodeObject, CodeObject>();
  const wrappers = new Map<PyObject, PyObject>();
  const rec = (c: CodeObject, depth: number): CodeObject => {
    if (c === target) return repl;
    const known = memo.get(c);
    if (known) return known;
    memo.set(c, c); // cycles cannot happen in read trees; this only stops repeated work
    if (depth > 1500) return c;
    let changed = false;
    const consts = c.consts.map((k) => {
      if (k.type !== 'code') return k;
      let w = wrappers.get(k);
      if (!w) {
        const n = rec(k.code, depth + 1);
        w = n === k.code ? k : { type: 'code', code: n };
        wrappers.set(k, w);
      }
      if (w !== k) changed = true;
      return w;
    });
    const r = changed ? { ...c, consts } : c;
    memo.set(c, r);
    return r;
  };
  return rec(root, 0);
}

/** Offsets of instruction starts (skipping caches) in `code`. */
function instructionOffsets(code: Uint8Array, v: VersionInfo): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < code.length; ) {
    out.push(i);
    i += 2 + 2 * v.table.cacheUnits[code[i]!]!;
  }
  return out;
}

function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Values

/** A random leaf value. */
function leaf(rng: Prng): PyObject {
  switch (rng.int(8)) {
    case 0: return PY_NONE;
    case 1: return { type: 'int', value: BigInt(rng.range(-1000, 100000)) };
    case 2: return { type: 'str', value: randomString(rng, rng.size(200)) };
    case 3: return { type: 'bytes', value: rng.bytes(rng.size(200)) };
    case 4: return { type: 'float', value: rng.pick([0, -0, 1.5, NaN, Infinity, 1e300, 5e-324]) };
    case 5: return { type: 'complex', real: rng.pick([0, -0, 1, NaN]), imag: rng.pick([0, 2, -Infinity]) };
    case 6: return { type: 'int', value: -(2n ** BigInt(rng.range(53, 400))) };
    default: return { type: 'tuple', items: [] };
  }
}

/** A string with awkward characters: quotes, controls, non-ASCII, lone surrogates, astral characters. */
function randomString(rng: Prng, n: number): string {
  const pool = ['a', 'Z', '0', ' ', "'", '"', '\\', '\n', '\t', '\x00', '\x7f', 'é', '\u2028', '\ud800', '\udfff', '\ud83d\ude00', '\u0301', '€', '\u{10ffff}'];
  const chunk = (k: number) => {
    let s = '';
    for (let i = 0; i < k; i++) s += rng.chance(0.6) ? String.fromCharCode(0x61 + rng.int(26)) : rng.pick(pool);
    return s;
  };
  if (n <= 512) return chunk(n);
  return chunk(256).repeat(Math.ceil(n / 256)).slice(0, n) + chunk(16); // long ones: a random chunk repeated
}

type ContainerKind = 'tuple' | 'list' | 'set' | 'frozenset' | 'dict' | 'frozendict' | 'slice';

function containerKinds(layout: CodeLayout, version: string): ContainerKind[] {
  const minor = Number(version.split('.')[1]);
  const kinds: ContainerKind[] = ['tuple', 'list', 'set', 'frozenset', 'dict'];
  if (version.startsWith('3.') && minor >= 14) kinds.push('slice');
  if (version.startsWith('3.') && minor >= 15) kinds.push('frozendict');
  return layout === '2.7' ? kinds.filter((k) => k !== 'slice') : kinds;
}

/** A container of `kind` holding `items` (a dict pairs them up; a slice takes three). */
function container(kind: ContainerKind, items: PyObject[]): PyObject {
  switch (kind) {
    case 'dict': case 'frozendict': {
      const entries: [PyObject, PyObject][] = [];
      for (let i = 0; i + 1 < items.length; i += 2) entries.push([items[i]!, items[i + 1]!]);
      if (items.length % 2) entries.push([{ type: 'int', value: BigInt(entries.length) }, items[items.length - 1]!]);
      return { type: kind, entries };
    }
    case 'slice': return { type: 'slice', start: items[0] ?? PY_NONE, stop: items[1] ?? PY_NONE, step: items[2] ?? PY_NONE };
    default: return { type: kind, items };
  }
}

/** A reference bomb: each level holds the level below `width` times (shared), `depth` levels. */
function bomb(rng: Prng, kinds: ContainerKind[], depth: number): PyObject {
  let o = leaf(rng);
  const mixed = rng.chance(0.3);
  const kind = rng.pick(kinds);
  for (let i = 0; i < depth; i++) {
    const width = rng.chance(0.8) ? 2 : rng.range(2, 8);
    const items: PyObject[] = Array.from({ length: width }, () => o);
    if (rng.chance(0.1)) items.push(leaf(rng));
    o = container(mixed ? rng.pick(kinds) : kind, items);
  }
  return o;
}

/** Marshal bytes of a chain of `depth` nested containers (without ref flags), written directly. */
function deepChain(rng: Prng, depth: number, layout: CodeLayout, version: string): Uint8Array {
  const kinds = containerKinds(layout, version);
  const kind = rng.pick(kinds);
  const head: number[] = [];
  const tail: number[] = [];
  for (let i = 0; i < depth; i++) {
    const k = rng.chance(0.2) ? rng.pick(kinds) : kind;
    switch (k) {
      case 'tuple': head.push(0x29, 1); break;
      case 'list': head.push(0x5b, 1, 0, 0, 0); break;
      case 'set': head.push(0x3c, 1, 0, 0, 0); break;
      case 'frozenset': head.push(0x3e, 1, 0, 0, 0); break;
      case 'dict': head.push(0x7b, 0x4e); tail.push(0x30); break;
      case 'frozendict': head.push(0x7d, 0x4e); tail.push(0x30); break;
      case 'slice': head.push(0x3a, 0x4e, 0x4e); break;
    }
  }
  tail.reverse();
  return concat(head, [0x4e], tail);
}

// ---------------------------------------------------------------------------------------------------------------
// Structure-aware mutations

interface Ctx {
  readonly rng: Prng;
  readonly seed: Seed & { readonly pyc: PycFile; readonly header: NonNullable<Seed['header']> };
  readonly v: VersionInfo | undefined;
  root: CodeObject;
}

/** Picks a code object to change (the module more often than not). */
function target(ctx: Ctx): CodeObject {
  const all = codesOf(ctx.root);
  return ctx.rng.chance(0.4) ? all[0]! : ctx.rng.pick(all);
}

function update(ctx: Ctx, c: CodeObject, patch: Partial<CodeObject>): void {
  ctx.root = replaceCode(ctx.root, c, { ...c, ...patch });
}

/** Adds a constant to `c` (returns its index) and, when there are opcode tables, `loads` LOAD_CONSTs of it. */
function addConst(ctx: Ctx, c: CodeObject, k: PyObject, loads: number): void {
  const index = c.consts.length;
  let code = c.code;
  const v = ctx.v;
  if (v && loads > 0) {
    const load = instruction(v, v.table.op('LOAD_CONST'), index);
    const pop = v.table.op('POP_TOP');
    const unit = pop >= 0 && ctx.rng.chance(0.5) ? [...load, ...instruction(v, pop, 0)] : load;
    const body: number[] = [];
    for (let i = 0; i < loads; i++) body.push(...unit);
    code = ctx.rng.chance(0.5) ? concat(body, code) : concat(code, body);
  }
  update(ctx, c, { consts: [...c.consts, k], code });
}

type StructOp = (ctx: Ctx) => string;

const STRUCT_OPS: readonly (readonly [number, StructOp])[] = [
  [6, (ctx) => { // reference bomb constant
    const { rng } = ctx;
    const depth = rng.chance(0.5) ? rng.range(20, 70) : rng.range(3, 19);
    addConst(ctx, target(ctx), bomb(rng, containerKinds(ctx.seed.header.layout, ctx.seed.header.version), depth), rng.chance(0.8) ? rng.range(1, 4) : 0);
    return `bomb${depth}`;
  }],
  [4, (ctx) => { // a large constant loaded many times
    const { rng } = ctx;
    const size = rng.weighted([[3, 1000], [3, 20_000], [2, 100_000], [1, 300_000]] as const);
    const k: PyObject = rng.chance(0.5) ? { type: 'str', value: randomString(rng, 64).repeat(Math.ceil(size / 64)) }
      : rng.chance(0.5) ? { type: 'bytes', value: rng.bytes(size) }
      : { type: 'tuple', items: Array.from({ length: 64 }, () => ({ type: 'str', value: 'x'.repeat(size >> 6) }) as PyObject) };
    const loads = rng.weighted([[3, 10], [3, 300], [2, 5000], [1, 30000]] as const);
    addConst(ctx, target(ctx), k, loads);
    return `bigconst${size}x${loads}`;
  }],
  [4, (ctx) => { // a code object listed many times: shared at each level
    const { rng } = ctx;
    const depth = rng.range(2, 40);
    const width = rng.chance(0.8) ? 2 : rng.range(3, 10);
    const base = codesOf(ctx.root);
    let inner: PyObject = { type: 'code', code: rng.pick(base) };
    for (let i = 0; i < depth; i++) {
      const shell = rng.pick(base);
      inner = { type: 'code', code: { ...shell, consts: [...shell.consts, ...Array.from({ length: width }, () => inner)] } };
    }
    const m = ctx.root;
    ctx.root = { ...m, consts: [...m.consts, inner] };
    return `codebomb${depth}`;
  }],
  [3, (ctx) => { // deep nesting
    const { rng } = ctx;
    const depth = rng.weighted([[3, rng.range(900, 1100)], [2, rng.range(1900, 2100)], [2, rng.range(3000, 100_000)], [1, rng.range(1, 800)]] as const);
    addConst(ctx, target(ctx), rawNode(deepChain(rng, depth, ctx.seed.header.layout, ctx.seed.header.version)), rng.chance(0.7) ? 1 : 0);
    return `deep${depth}`;
  }],
  [2, (ctx) => { // a container that refers to itself (or to an enclosing one) while it is being read
    const { rng } = ctx;
    const kinds = containerKinds(ctx.seed.header.layout, ctx.seed.header.version);
    const inner = container(rng.pick(kinds), [leaf(rng), selfRefNode(rng.chance(0.7) ? 0 : 1)]);
    addConst(ctx, target(ctx), container(rng.pick(kinds), [inner, leaf(rng)]), 1);
    return 'selfref';
  }],
  [3, (ctx) => { // EXTENDED_ARG chains
    const { rng, v } = ctx;
    if (!v) return 'noop';
    const c = target(ctx);
    const n = rng.weighted([[3, rng.range(1, 8)], [2, rng.range(9, 300)], [1, rng.range(300, 20000)]] as const);
    const arg = rng.pick([0xff, 0, 0x7f, 0x80, rng.int(256)]);
    const chain: number[] = [];
    for (let i = 0; i < n; i++) chain.push(v.table.data.extendedArg, arg);
    const offs = instructionOffsets(c.code, v);
    const at = offs.length ? rng.pick(offs) : 0;
    const tail = rng.chance(0.3) ? [rng.int(256), rng.int(256)] : [];
    update(ctx, c, { code: concat(c.code.subarray(0, at), chain, tail, c.code.subarray(at)) });
    return `extarg${n}`;
  }],
  [4, (ctx) => { // arguments out of range (const, name, local, free, jump, compare, …)
    const { rng, v } = ctx;
    if (!v) return 'noop';
    const c = target(ctx);
    const code = c.code.slice();
    const offs = instructionOffsets(code, v);
    const n = rng.range(1, Math.max(1, offs.length >> 2));
    for (let i = 0; i < n && offs.length; i++) code[rng.pick(offs) + 1] = rng.pick([0xff, 0xfe, 0x80, rng.int(256)]);
    update(ctx, c, { code });
    return 'badargs';
  }],
  [2, (ctx) => { // odd-length co_code
    const c = target(ctx);
    update(ctx, c, { code: ctx.rng.chance(0.5) || c.code.length === 0 ? concat(c.code, [ctx.rng.int(256)]) : c.code.subarray(0, c.code.length - 1) });
    return 'oddcode';
  }],
  [3, (ctx) => { // random co_code
    const { rng, v } = ctx;
    const c = target(ctx);
    const units = rng.weighted([[4, rng.size(512)], [2, rng.size(8192)], [1, rng.range(8192, 32768)]] as const);
    let code: Uint8Array;
    if (v && rng.chance(0.6)) {
      // Real opcodes with random arguments.
      const names = v.table.opname.filter((n) => !n.startsWith('<'));
      const body: number[] = [];
      while (body.length < units * 2) body.push(...instruction(v, v.table.op(rng.pick(names)), rng.chance(0.9) ? rng.int(256) : rng.u32() >>> rng.int(32)));
      code = Uint8Array.from(body);
    } else code = rng.bytes(units * 2 + (rng.chance(0.1) ? 1 : 0));
    update(ctx, c, { code });
    return `randcode${units}`;
  }],
  [4, (ctx) => { // garbage line / location table
    const { rng } = ctx;
    const c = target(ctx);
    let linetable: Uint8Array;
    const mode = rng.int(4);
    if (mode === 0) linetable = rng.bytes(rng.size(4096));
    else if (mode === 1) {
      // Many more entries than code units (each 3.11+ entry byte: 1 | code(4) | units-1(3)).
      const n = rng.weighted([[3, rng.range(100, 5000)], [1, rng.range(5000, 100_000)]] as const);
      const b = new Uint8Array(n);
      const code4 = rng.int(16);
      for (let i = 0; i < n; i++) b[i] = 0x80 | ((rng.chance(0.8) ? code4 : rng.int(16)) << 3) | 7;
      linetable = b;
    } else if (mode === 2) {
      // Long varint runs (continuation bits) and extreme line deltas.
      const n = rng.size(2048);
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) b[i] = rng.chance(0.1) ? 0xf0 | rng.int(16) : 0x40 | rng.int(64);
      linetable = concat([0xf7], b);
    } else {
      // Pairs as co_lnotab / the 3.10 table read them: big byte steps, extreme line steps.
      const n = rng.size(4096);
      const b = new Uint8Array(2 * n);
      for (let i = 0; i < n; i++) { b[2 * i] = rng.pick([0, 1, 2, 254, 255]); b[2 * i + 1] = rng.pick([0, 1, 0x7f, 0x80, 0x81, 0xff]); }
      linetable = b;
    }
    update(ctx, c, { linetable, firstlineno: rng.chance(0.2) ? rng.pick([0, -1, 2 ** 31 - 1, -(2 ** 31)]) : c.firstlineno });
    return `linetable${mode}`;
  }],
  [4, (ctx) => { // garbage exception table
    const { rng } = ctx;
    const c = target(ctx);
    const units = c.code.length >> 1;
    const out: number[] = [];
    const mode = rng.int(4);
    if (mode === 3) {
      out.push(...rng.bytes(rng.size(1024)));
    } else {
      const n = mode === 2 ? rng.range(100, 3000) : rng.size(64);
      for (let i = 0; i < n; i++) {
        if (mode === 2) out.push(...exceptionTableEntry(0, units + rng.int(3), rng.int(units + 1), rng.int(8)));
        else {
          const big = () => rng.pick([0, units, units + 1, rng.int(units + 1), 2 ** 20, 2 ** 31, 2 ** 45, rng.u32()]);
          const [start, size, target] = [big(), big(), big()];
          out.push(...exceptionTableEntry(start, size, target, rng.int(1000)));
        }
      }
      if (rng.chance(0.2)) for (let i = rng.range(10, 200); i > 0; i--) out.push(0x7f); // a varint that never ends
    }
    update(ctx, c, { exceptiontable: Uint8Array.from(out) });
    return `exctable${mode}`;
  }],
  [2, (ctx) => { // huge ints
    const { rng } = ctx;
    const bits = rng.weighted([[3, rng.range(60, 20_000)], [2, rng.range(300_000, 400_000)], [1, rng.range(400_000, 2_000_000)]] as const);
    const hex = Array.from({ length: Math.ceil(bits / 4) }, (_, i) => (i === 0 ? '1' : '0123456789abcdef'[rng.int(16)]!)).join('');
    const value = BigInt('0x' + hex) * (rng.chance(0.3) ? -1n : 1n);
    addConst(ctx, target(ctx), { type: 'int', value }, rng.range(0, 3));
    return `bigint${bits}`;
  }],
  [3, (ctx) => { // odd names: controls, quotes, lone surrogates, huge ones, wrong counts
    const { rng } = ctx;
    const c = target(ctx);
    const name = () => randomString(rng, rng.weighted([[40, rng.size(40)], [1, rng.range(10_000, 100_000)]] as const));
    const names = rng.chance(0.5) ? Array.from({ length: rng.size(300) }, name) : c.names.map((n) => (rng.chance(0.5) ? name() : n));
    const lp = c.localsplusnames.map((n) => (rng.chance(0.3) ? name() : n));
    const kinds = rng.chance(0.5) ? c.localspluskinds : rng.bytes(lp.length);
    update(ctx, c, {
      names, localsplusnames: lp, localspluskinds: kinds, varnames: lp.slice(0, c.varnames.length),
      name: rng.chance(0.5) ? name() : c.name, filename: rng.chance(0.5) ? name() : c.filename, qualname: rng.chance(0.5) ? name() : c.qualname,
    });
    return 'names';
  }],
  [2, (ctx) => { // integer fields
    const { rng } = ctx;
    const c = target(ctx);
    const x = () => rng.pick([0, 1, -1, 255, 2 ** 31 - 1, -(2 ** 31), rng.u32() | 0]);
    update(ctx, c, { argcount: rng.chance(0.3) ? x() : c.argcount, stacksize: rng.chance(0.3) ? x() : c.stacksize, flags: rng.chance(0.6) ? x() : c.flags,
      firstlineno: rng.chance(0.5) ? x() : c.firstlineno, posonlyargcount: rng.chance(0.2) ? x() : c.posonlyargcount, nlocals: rng.chance(0.3) ? x() : c.nlocals });
    return 'ints';
  }],
  [2, (ctx) => { // strings with invalid UTF-8 / encoded surrogates, bad text floats, unknown markers
    const { rng } = ctx;
    let k: PyObject;
    const mode = rng.int(4);
    if (mode === 0) {
      const b = concat(utf8Surrogatepass(randomString(rng, rng.size(100))), rng.chance(0.5) ? [0xed, 0xa0, 0x80] : [rng.int(256), rng.int(256)]);
      k = rawNode(concat([0x75], le32(b.length), b));
    } else if (mode === 1) {
      const lit = new TextEncoder().encode(rng.pick(['nan', '-inf', '1e999', 'x', '', '1.5', ' 2 ', 'infinity', '0x10']));
      k = rawNode(concat([0x66, lit.length], lit));
    } else if (mode === 2) k = rawNode(Uint8Array.of(0x3f));
    else k = { type: 'str', value: randomString(rng, rng.size(20_000)) };
    addConst(ctx, target(ctx), k, rng.range(0, 2));
    return `strange${mode}`;
  }],
  [1, (ctx) => { // code objects inside containers, shared
    const { rng } = ctx;
    const all = codesOf(ctx.root);
    const code: PyObject = { type: 'code', code: rng.pick(all) };
    addConst(ctx, target(ctx), { type: 'tuple', items: [code, code, { type: 'frozenset', items: [code] }] }, 1);
    return 'codeintuple';
  }],
];

// ---------------------------------------------------------------------------------------------------------------
// Byte-level mutations

/** The magic number bytes of versions to confuse a file with. */
const MAGICS: readonly number[] = [3439, 3495, 3531, 3571, 3600, 3627, 3650, 3413, 3425, 3394, 62211, 3310, 3130, 2900, 3999];

interface ByteCtx {
  readonly rng: Prng;
  data: Uint8Array;
  readonly scan: Scan | undefined;
  readonly corpus: readonly Seed[];
  readonly seed: Seed;
}

function setI32(d: Uint8Array, at: number, x: number): void {
  if (at + 4 <= d.length) new DataView(d.buffer, d.byteOffset, d.byteLength).setInt32(at, x | 0, true);
}

type ByteOp = (ctx: ByteCtx) => string;

const BYTE_OPS: readonly (readonly [number, ByteOp])[] = [
  [5, (ctx) => { // bit flips
    const d = ctx.data.slice();
    const n = ctx.rng.range(1, 8);
    for (let i = 0; i < n && d.length; i++) d[ctx.rng.int(d.length)]! ^= 1 << ctx.rng.int(8);
    ctx.data = d;
    return `flip${n}`;
  }],
  [3, (ctx) => { // interesting bytes
    const d = ctx.data.slice();
    const n = ctx.rng.range(1, 4);
    for (let i = 0; i < n && d.length; i++) d[ctx.rng.int(d.length)] = ctx.rng.pick([0, 0xff, 0x7f, 0x80, 0x72, 0xf2, 0x28, 0x63, 0xe3, 0x30, 0x4e]);
    ctx.data = d;
    return 'bytes';
  }],
  [4, (ctx) => { // truncation (often at an object boundary)
    const { rng } = ctx;
    const toks = ctx.scan?.tokens ?? [];
    const at = toks.length && rng.chance(0.6) ? rng.pick(toks).at + rng.int(6) : rng.int(ctx.data.length + 1);
    ctx.data = ctx.data.slice(0, Math.min(at, ctx.data.length));
    return 'truncate';
  }],
  [3, (ctx) => { // splice with another file
    const { rng } = ctx;
    const other = rng.pick(ctx.corpus);
    const a = ctx.scan?.tokens.length && rng.chance(0.7) ? rng.pick(ctx.scan.tokens).at : rng.int(ctx.data.length + 1);
    const b = other.scan?.tokens.length && rng.chance(0.7) ? rng.pick(other.scan.tokens).at : rng.int(other.data.length + 1);
    ctx.data = concat(ctx.data.subarray(0, a), other.data.subarray(b));
    return 'splice';
  }],
  [2, (ctx) => { // insert, delete or repeat a range
    const { rng } = ctx;
    const d = ctx.data;
    const at = rng.int(d.length + 1);
    const n = rng.size(64);
    const mode = rng.int(3);
    if (mode === 0) ctx.data = concat(d.subarray(0, at), rng.bytes(n), d.subarray(at));
    else if (mode === 1) ctx.data = concat(d.subarray(0, at), d.subarray(Math.min(d.length, at + n)));
    else ctx.data = concat(d.subarray(0, at + n), d.subarray(at));
    return `range${mode}`;
  }],
  [5, (ctx) => { // a length field set huge (or off by a little)
    const { rng } = ctx;
    const toks = (ctx.scan?.tokens ?? []).filter((t) => t.lenAt !== undefined && t.lenAt + (t.lenSize ?? 4) <= ctx.data.length);
    if (!toks.length) return 'noop';
    const t = rng.pick(toks);
    const d = ctx.data.slice();
    if (t.lenSize === 1) d[t.lenAt!] = rng.pick([0xff, 0x80, d[t.lenAt!]! + 1, 0]);
    else {
      const cur = new DataView(d.buffer).getInt32(t.lenAt!, true);
      setI32(d, t.lenAt!, rng.pick([0x7fffffff, -1, -0x80000000, 0x40000000, 0x10000000, cur + 1, cur * 2 + 1, cur - 1, d.length]));
    }
    ctx.data = d;
    return 'hugelen';
  }],
  [4, (ctx) => { // reference indices: out of range, negative, or to an object still being read
    const { rng } = ctx;
    const toks = ctx.scan?.tokens ?? [];
    const refs = toks.filter((t) => t.refAt !== undefined && t.refAt + 4 <= ctx.data.length);
    if (!refs.length) return 'noop';
    const r = rng.pick(refs);
    const d = ctx.data.slice();
    const open = toks.filter((t) => t.slot !== undefined && t.at < r.at && (t.end === undefined || t.end > r.at));
    const slots = ctx.scan?.slots ?? 0;
    const mode = open.length && rng.chance(0.4) ? 0 : 1;
    setI32(d, r.refAt!, mode === 0 ? rng.pick(open).slot! : rng.pick([slots, slots + 1, -1, 0x7fffffff, -0x80000000, rng.int(slots + 10)]));
    ctx.data = d;
    return mode === 0 ? 'refincomplete' : 'refrange';
  }],
  [3, (ctx) => { // swap a type code
    const { rng } = ctx;
    const toks = (ctx.scan?.tokens ?? []).filter((t) => t.at < ctx.data.length);
    if (!toks.length) return 'noop';
    const t = rng.pick(toks);
    const d = ctx.data.slice();
    const codes = [0x28, 0x29, 0x5b, 0x3c, 0x3e, 0x7b, 0x7d, 0x3a, 0x63, 0x73, 0x74, 0x75, 0x61, 0x7a, 0x69, 0x6c, 0x67, 0x79, 0x66, 0x78, 0x72, 0x4e, 0x30, 0x3f, 0x52, 0x49];
    d[t.at] = (d[t.at]! & 0x80) | rng.pick(codes);
    ctx.data = d;
    return 'typecode';
  }],
  [2, (ctx) => { // another version's magic number
    const d = ctx.data.slice();
    const m = ctx.rng.pick(MAGICS);
    if (d.length >= 4) { d[0] = m & 0xff; d[1] = m >> 8; d[2] = 0x0d; d[3] = 0x0a; }
    ctx.data = d;
    return `magic${m}`;
  }],
  [2, (ctx) => { // a code object's integer fields
    const { rng } = ctx;
    const codes = (ctx.scan?.tokens ?? []).filter((t) => t.ints?.length);
    if (!codes.length) return 'noop';
    const t = rng.pick(codes);
    const d = ctx.data.slice();
    setI32(d, rng.pick(t.ints!), rng.pick([-1, 0x7fffffff, -0x80000000, 0xffff, rng.u32() | 0]));
    ctx.data = d;
    return 'codeint';
  }],
];

/**
 * Makes fuzz input from `corpus` with `rng` (a generator dedicated to this input). A mutator that fails (a bug of the
 * harness, not of the core) makes the input the first seed unchanged, noted in `ops` with {@link MUTATOR_ERROR}.
 */
export function mutate(corpus: readonly Seed[], rng: Prng): Mutant {
  try {
    return mutateUnchecked(corpus, rng);
  } catch (e) {
    return { data: corpus[0]!.data, ops: [`<${corpus[0]!.name}>`, `${MUTATOR_ERROR} ${(e as Error).message}`] };
  }
}

/** How `ops` names a mutator that threw (the fuzz loop counts these: see `FuzzStats.mutatorErrors`). */
export const MUTATOR_ERROR = 'mutator-error:';

function mutateUnchecked(corpus: readonly Seed[], rng: Prng): Mutant {
  const seed = rng.pick(corpus);
  const ops: string[] = [`<${seed.name}>`];
  let data = seed.data;
  let scan = seed.scan;
  let structured = false;
  if (seed.pyc && seed.header && rng.chance(0.55)) {
    const ctx: Ctx = { rng, seed: seed as Ctx['seed'], v: getVersion(seed.pyc.version), root: seed.pyc.code };
    const n = rng.chance(0.75) ? 1 : 2;
    for (let i = 0; i < n; i++) ops.push(rng.weighted(STRUCT_OPS)(ctx));
    const body = writeMarshal({ type: 'code', code: ctx.root }, seed.header.layout);
    data = concat(seed.data.subarray(0, seed.header.size), body);
    structured = true;
    if (data.length <= MAX_INPUT && rng.chance(0.3)) scan = scanMarshal(data, seed.header.size, seed.header.layout);
  }
  if (data.length > MAX_INPUT) data = data.subarray(0, MAX_INPUT);
  if (!structured || rng.chance(0.3)) {
    const bctx: ByteCtx = { rng, data, scan, corpus, seed };
    const n = rng.weighted([[5, 1], [3, 2], [2, 3]] as const);
    for (let i = 0; i < n; i++) ops.push(rng.weighted(BYTE_OPS)(bctx));
    data = bctx.data.length > MAX_INPUT ? bctx.data.subarray(0, MAX_INPUT) : bctx.data;
  }
  return { data, ops };
}
