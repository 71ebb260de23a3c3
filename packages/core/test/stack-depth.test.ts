/**
 * The control-flow and stack-depth analysis on code written by hand: CPython's rules for co_stacksize, and nonsense
 * — jumps outside the code, control running off its end, stacks going below zero, paths that disagree, broken
 * exception tables, unbalanced 3.10 block stacks — which must end in a one-line BytescopeError, never a crash or a
 * hang; plus a bounded mutation run over real code objects and very large inputs. The real compilers' output is
 * checked in cfg.test.ts and, for co_stacksize, over whole standard libraries in packages/python.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BytescopeError } from '../src/errors.js';
import { decodeCode } from '../src/bytecode/decode.js';
import type { CodeObject } from '../src/pyc/code-object.js';
import { readPyc } from '../src/pyc/read-pyc.js';
import { getVersion, type VersionInfo } from '../src/version/registry.js';
import { buildCfg } from '../src/analysis/cfg.js';
import { checkStackSize, compilerStacksize, computeStackDepths } from '../src/analysis/stack-depth.js';
import { symbolicStack } from '../src/analysis/symbolic-stack.js';
import { Prng } from '../testkit/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const fixtures = path.join(repoRoot, 'packages/core/test/fixtures/cfg');

/** A real code object of `version` (the first function of a fixture) to build hand-written code on. */
function baseCode(version: string): CodeObject {
  const pyc = readPyc(new Uint8Array(fs.readFileSync(path.join(fixtures, version, 'nested_loops.pyc'))));
  const f = pyc.code.consts.find((c) => c.type === 'code');
  assert.ok(f && f.type === 'code');
  return f.code;
}

type Op = readonly [string, number?];

/** Wordcode for `ops` (with zeroed inline caches after each instruction from 3.11). */
function assemble(v: VersionInfo, ops: readonly Op[]): Uint8Array {
  const out: number[] = [];
  for (const [name, arg = 0] of ops) {
    const op = v.table.op(name);
    assert.ok(op >= 0 && op < 256, `${name} in ${v.version}`);
    out.push(op, arg);
    for (let i = 0; i < v.table.cacheUnits[op]!; i++) out.push(0, 0);
  }
  return Uint8Array.from(out);
}

/** An exception table of entries [start, end, target, depth, lasti] in code units (InternalDocs/exception_handling.md). */
function exceptionTable(entries: readonly (readonly [number, number, number, number, boolean])[]): Uint8Array {
  const out: number[] = [];
  const varint = (x: number, first: boolean) => {
    const chunks: number[] = [];
    do { chunks.unshift(x % 64); x = Math.floor(x / 64); } while (x > 0);
    chunks.forEach((c, i) => out.push(c | (i < chunks.length - 1 ? 64 : 0) | (first && i === 0 ? 128 : 0)));
  };
  for (const [start, end, target, depth, lasti] of entries) {
    varint(start, true);
    varint(end - start, false);
    varint(target, false);
    varint(depth * 2 + (lasti ? 1 : 0), false);
  }
  return Uint8Array.from(out);
}

function codeOf(version: string, ops: readonly Op[], extra: Partial<CodeObject> = {}): { code: CodeObject; v: VersionInfo } {
  const v = getVersion(version)!;
  const base = baseCode(version);
  return { v, code: { ...base, code: assemble(v, ops), exceptiontable: new Uint8Array(0), linetable: new Uint8Array(0), flags: 0, ...extra } };
}

function analyse(code: CodeObject, v: VersionInfo) {
  const cfg = buildCfg(decodeCode(code, v), v);
  const depths = computeStackDepths(cfg, v);
  return { cfg, depths, symbolic: symbolicStack(cfg, depths, v) };
}

function throwsBad(f: () => unknown, message: RegExp): void {
  assert.throws(f, (e: unknown) => e instanceof BytescopeError && !e.message.includes('\n') && message.test(e.message));
}

const RETURN_NONE: Record<string, readonly Op[]> = {
  '3.10': [['LOAD_CONST', 0], ['RETURN_VALUE']],
  '3.11': [['LOAD_CONST', 0], ['RETURN_VALUE']],
  '3.12': [['RETURN_CONST', 0]],
  '3.13': [['RETURN_CONST', 0]],
  '3.14': [['LOAD_CONST', 0], ['RETURN_VALUE']],
  '3.15': [['LOAD_CONST', 0], ['RETURN_VALUE']],
};
const VERSIONS = Object.keys(RETURN_NONE);
const resume = (version: string): Op[] => (version === '3.10' ? [] : [['RESUME', 0]]);

describe('CPython rules for co_stacksize', () => {
  it('from 3.13 a code object that never pushes still gets a stack of 1; before, 0', () => {
    for (const version of VERSIONS) {
      const { code, v } = codeOf(version, [...resume(version), ['RAISE_VARARGS', 0]]);
      const { depths } = analyse(code, v);
      assert.equal(depths.max, 0);
      assert.equal(compilerStacksize(depths, v), v.release.minor >= 13 ? 1 : 0, version);
    }
  });

  it('3.10 generator code starts with the first sent value on the stack, which GEN_START pops', () => {
    const { code, v } = codeOf('3.10', [['GEN_START', 0], ['LOAD_CONST', 0], ['RETURN_VALUE']], { flags: 0x20 });
    const { depths } = analyse(code, v);
    assert.deepEqual([...depths.before], [1, 0, 1]);
    throwsBad(() => analyse({ ...code, flags: 0 }, v), /below zero after GEN_START/);
  });

  it('3.11 and 3.12: RETURN_GENERATOR leaves the first sent value for the POP_TOP after it', () => {
    for (const version of ['3.11', '3.12', '3.13']) {
      const { code, v } = codeOf(version, [['RETURN_GENERATOR'], ['POP_TOP'], ['RESUME', 0], ...RETURN_NONE[version]!], { flags: 0x20 });
      const { depths, symbolic } = analyse(code, v);
      assert.deepEqual([...depths.before].slice(0, 3), [0, 1, 0], version);
      assert.deepEqual(symbolic.after(0), ['None']);
    }
  });

  it('3.11: PRECALL leaves the stack alone and CALL pops the callable pair and the arguments', () => {
    const { code, v } = codeOf('3.11', [['RESUME', 0], ['PUSH_NULL'], ['LOAD_CONST', 0], ['LOAD_CONST', 0], ['PRECALL', 1], ['CALL', 1], ['RETURN_VALUE']]);
    const { depths } = analyse(code, v);
    assert.deepEqual([...depths.before], [0, 0, 1, 2, 3, 3, 1]);
    assert.equal(checkStackSize(code, v).computed, 3);
  });

  it('3.11+: a handler that no table entry reaches (try: pass) is counted at the depth of its cleanup entry', () => {
    // PUSH_EXC_INFO at 4 covered by its own cleanup entry [4, 8) -> 10 at depth 1 (lasti); nothing else reaches it.
    const ops: Op[] = [['RESUME', 0], ['LOAD_CONST', 0], ['RETURN_VALUE'], ['NOP'], ['PUSH_EXC_INFO'], ['POP_TOP'], ['POP_EXCEPT'], ['LOAD_CONST', 0], ['RETURN_VALUE'], ['COPY', 3], ['POP_EXCEPT'], ['RERAISE', 1]];
    const v = getVersion('3.11')!;
    const units = (k: number) => ops.slice(0, k).reduce((n, [name]) => n + 1 + v.table.cacheUnits[v.table.op(name)]!, 0);
    const table = exceptionTable([[units(4), units(9), units(9), 1, true]]);
    const { code } = codeOf('3.11', ops, { exceptiontable: table });
    const { cfg, depths } = analyse(code, v);
    const dead = cfg.blocks.find((b) => !b.reachable && b.first === 4)!;
    assert.ok(dead, 'the handler is unreachable');
    assert.equal(depths.blockEntry[dead.index], 1);
    // PUSH_EXC_INFO: 1 → 2 (the exception and the previous one); the cleanup handler starts at 1 + lasti + exc = 3
    // and COPY 3 takes it to 4.
    assert.equal(depths.blockEntry[cfg.blockOf[9]!], 3);
    assert.equal(depths.max, 4);
  });
});

describe('nonsense is a one-line BytescopeError', () => {
  for (const version of VERSIONS) {
    it(`${version}`, () => {
      const r = resume(version);
      const jumpFwd: Op = ['JUMP_FORWARD', 100];
      throwsBad(() => analyse(codeOf(version, [...r, jumpFwd, ...RETURN_NONE[version]!]).code, getVersion(version)!), /JUMP_FORWARD jumps to \d+, not an instruction of the code/);
      throwsBad(() => analyse(codeOf(version, [...r, ['NOP']]).code, getVersion(version)!), /control runs past the end of the code after NOP/);
      throwsBad(() => analyse(codeOf(version, [...r, ['POP_TOP'], ...RETURN_NONE[version]!]).code, getVersion(version)!), /stack depth below zero after POP_TOP/);
      // A conditional jump whose two sides reach the same code with different depths.
      const cond = version === '3.10' ? 'POP_JUMP_IF_FALSE' : version === '3.11' ? 'POP_JUMP_FORWARD_IF_FALSE' : 'POP_JUMP_IF_FALSE';
      const v = getVersion(version)!;
      const target = version === '3.10' ? (r.length + 4) : 1;
      const ops: Op[] = [...r, ['LOAD_CONST', 0], ['LOAD_CONST', 0], [cond, target], ['LOAD_CONST', 0], ...RETURN_NONE[version]!];
      throwsBad(() => analyse(codeOf(version, ops).code, v), /paths reach offset \d+ with stack depths \d+ and \d+/);
    });
  }

  it('3.11+: exception table entries off instruction boundaries or pointing outside the code', () => {
    for (const version of VERSIONS.slice(1)) {
      const v = getVersion(version)!;
      const ops: Op[] = [['RESUME', 0], ['NOP'], ['NOP'], ...RETURN_NONE[version]!];
      throwsBad(() => analyse(codeOf(version, ops, { exceptiontable: exceptionTable([[1, 2, 60, 0, false]]) }).code, v), /exception table entry (jumps to 120|starts at 2), not an instruction/);
      const withCaches = [['RESUME', 0], ['LOAD_CONST', 0], ['LOAD_ATTR', 0], ['POP_TOP'], ...RETURN_NONE[version]!] as Op[];
      // Offset 6 is inside LOAD_ATTR's inline cache.
      throwsBad(() => analyse(codeOf(version, withCaches, { exceptiontable: exceptionTable([[3, 4, 1, 0, false]]) }).code, v), /exception table entry (starts at|ends at|jumps to) \d+, not an instruction/);
    }
  });

  it('3.10: POP_BLOCK without SETUP_*, POP_EXCEPT outside a handler', () => {
    const v = getVersion('3.10')!;
    throwsBad(() => analyse(codeOf('3.10', [['POP_BLOCK'], ['LOAD_CONST', 0], ['RETURN_VALUE']]).code, v), /POP_BLOCK without a SETUP_\* block/);
    const ops: Op[] = [['SETUP_FINALLY', 3], ['POP_EXCEPT'], ['LOAD_CONST', 0], ['RETURN_VALUE'], ['POP_TOP'], ['POP_TOP'], ['POP_TOP'], ['POP_EXCEPT'], ['LOAD_CONST', 0], ['RETURN_VALUE']];
    throwsBad(() => analyse(codeOf('3.10', ops).code, v), /POP_EXCEPT outside an exception handler/);
  });

  it('a stack deeper than MAX_STACK_DEPTH (a handler entry, an EXTENDED_ARG build) is a limit error', () => {
    const ops: Op[] = [['RESUME', 0], ['NOP'], ['LOAD_CONST', 0], ['RETURN_VALUE'], ['POP_TOP'], ['LOAD_CONST', 0], ['RETURN_VALUE']];
    const v = getVersion('3.11')!;
    throwsBad(() => analyse(codeOf('3.11', ops, { exceptiontable: exceptionTable([[1, 2, 4, 2 ** 30, false]]) }).code, v), /stack depth beyond 1048576/);
    const big: Op[] = [['RESUME', 0], ['EXTENDED_ARG', 0x7f], ['EXTENDED_ARG', 0xff], ['UNPACK_SEQUENCE', 0xff], ['LOAD_CONST', 0], ['RETURN_VALUE']];
    throwsBad(() => analyse(codeOf('3.11', [['RESUME', 0], ['LOAD_CONST', 0], ...big.slice(1)]).code, v), /stack depth beyond 1048576 after UNPACK_SEQUENCE/);
  });

  it('an opcode that never runs (CACHE as an instruction, 3.11+)', () => {
    for (const version of VERSIONS.slice(1)) throwsBad(() => analyse(codeOf(version, [['CACHE'], ...RETURN_NONE[version]!]).code, getVersion(version)!), /CACHE has no stack effect/);
  });
});

describe('bounded on any input', () => {
  it('mutated real code objects end in a result or a BytescopeError', () => {
    const rng = new Prng(11);
    const rnd = () => rng.next();
    const pool: { code: CodeObject; v: VersionInfo }[] = [];
    for (const version of VERSIONS) {
      for (const f of fs.readdirSync(path.join(fixtures, version)).filter((n) => n.endsWith('.pyc'))) {
        const pyc = readPyc(new Uint8Array(fs.readFileSync(path.join(fixtures, version, f))));
        const stack: CodeObject[] = [pyc.code];
        while (stack.length) {
          const c = stack.pop()!;
          for (const k of c.consts) if (k.type === 'code') stack.push(k.code);
          pool.push({ code: c, v: getVersion(version)! });
        }
      }
    }
    let ok = 0, bad = 0;
    const t0 = Date.now();
    for (let n = 0; n < 3000; n++) {
      const { code, v } = pool[Math.floor(rnd() * pool.length)]!;
      const bytes = code.code.slice();
      const table = code.exceptiontable.slice();
      for (let m = 1 + Math.floor(rnd() * 4); m > 0; m--) {
        if (table.length && rnd() < 0.3) table[Math.floor(rnd() * table.length)] = Math.floor(rnd() * 256);
        else bytes[Math.floor(rnd() * bytes.length)] = Math.floor(rnd() * 256);
      }
      try {
        const r = analyse({ ...code, code: bytes, exceptiontable: table }, v);
        for (let k = 0; k < r.cfg.decoded.instructions.length; k++) r.symbolic.before(k);
        ok++;
      } catch (e) {
        if (!(e instanceof BytescopeError)) throw new Error(`${v.version} ${code.qualname}: ${String(e)}`);
        assert.ok(!e.message.includes('\n'));
        bad++;
      }
    }
    assert.ok(ok > 100 && bad > 100, `${ok} analysed, ${bad} refused`);
    assert.ok(Date.now() - t0 < 30_000);
  });

  it('large code: 100,000 instructions, 25,000 loops, analysed in linear time', () => {
    for (const version of ['3.10', '3.14']) {
      const v = getVersion(version)!;
      const size = (name: string) => 1 + v.table.cacheUnits[v.table.op(name)]!;
      const ops: Op[] = [];
      const n = 25_000;
      if (version === '3.10') {
        // Every group may jump back to the start: one loop holding everything.
        for (let i = 0; i < n; i++) ops.push(['NOP'], ['LOAD_CONST', 0], ['POP_JUMP_IF_FALSE', 0], ['NOP']);
      } else {
        // Every group is a loop of its own: jump back to the group's start unless the test skips the jump.
        ops.push(['RESUME', 0]);
        const group = size('NOP') + size('LOAD_CONST') + size('POP_JUMP_IF_TRUE') + size('JUMP_BACKWARD');
        for (let i = 0; i < n; i++) ops.push(['NOP'], ['LOAD_CONST', 0], ['POP_JUMP_IF_TRUE', size('JUMP_BACKWARD')], ['JUMP_BACKWARD', group]);
      }
      ops.push(...RETURN_NONE[version]!);
      const { code } = codeOf(version, ops);
      const t0 = Date.now();
      const { cfg, depths } = analyse(code, v);
      const ms = Date.now() - t0;
      assert.ok(cfg.blocks.length > 20_000, `${cfg.blocks.length} blocks`);
      assert.equal(cfg.loops.length, version === '3.10' ? 1 : n);
      assert.equal(depths.max, 1);
      assert.ok(ms < 10_000, `${version}: ${ms} ms`);
    }
  });
});
