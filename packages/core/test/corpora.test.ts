/**
 * Reads every `.pyc`/`.pyo` of the two shared corpora (`../shared/corpora` beside the clone; see its README):
 * `xdis/bytecode_<version>/` and `pycdc/<name>.<version>.pyc`, compiled by CPython 1.0–3.15, PyPy, GraalPy and
 * RustPython.
 *
 * - CPython 2.7 and 3.0–3.15: every file loads, and every code object in it is structurally sound: decoded with its
 *   version's opcode table (every jump lands on an instruction, no argument index out of range, exception table
 *   entries on instruction boundaries) and disassembled to text. 2.7 and 3.0–3.9 are also walked with the rules of
 *   their era (below), written independently of the tables: instruction lengths, jump targets, const/name/local/cell
 *   indexes, and the line ranges of `co_lnotab`; both must count the same instructions.
 * - Every other version and implementation fails with a one-line `BytescopeError` naming the file's magic number.
 *
 * Two files need a word:
 * - `xdis/bytecode_2.7/` holds four files with magic 62218, which no CPython wrote: PyPy 2.7 writes CPython 2.7's
 *   62211 + 7. They are the files of `xdis/bytecode_2.7pypy/` again (the same code objects but for `co_filename`), and they
 *   carry PyPy's trace: their module code object lacks CO_NOFREE (0x40), which CPython 2.7 sets on every code object
 *   without cell or free variables (checked below against all CPython 2.7 files). So they are PyPy files and must
 *   be refused like the other PyPy files.
 * - `xdis/bytecode_pypy38/` holds one PyPy 3.8 file that carries CPython 3.8's final magic 3413. Nothing in the
 *   header tells it apart, so Bytescope reads it as CPython 3.8, which is what the file claims to be. The test pins
 *   that: it loads as 3.8 and passes the 3.8 structural walk, but its bytecode uses opcodes >= 200 (PyPy's own,
 *   e.g. LOOKUP_METHOD) that CPython 3.8 never had (its highest is 163); a 3.8 disassembler will show them as unknown.
 *
 * The `roundtrip_pyc/` folders of some xdis directories hold no bytecode: symbolic links of the xdis repository
 * stored as text (`../x.pyc`). They are checked to be exactly that and then left out.
 *
 * The expected number of files per group is pinned as a minimum, so that an empty or misplaced corpus cannot pass.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { CodeObject } from '../src/pyc/code-object.js';
import { disassembleToText } from '../src/text/dis-text.js';
import { BytescopeError } from '../src/errors.js';
import { decodeCode } from '../src/bytecode/decode.js';
import { linesFromLnotab, type LineRange } from '../src/bytecode/line-table.js';
import { readPyc } from '../src/pyc/read-pyc.js';
import { getVersion } from '../src/version/registry.js';
import { codeObjectsOf } from '../testkit/index.js';
import { corporaDir as corporaRoot, repoRoot } from '../testkit/corpora.js';

const corporaDir = corporaRoot();

type Impl = 'CPython' | 'PyPy' | 'GraalPy' | 'RustPython' | 'Dropbox CPython';

interface Entry {
  /** Path relative to the corpora directory. */
  readonly rel: string;
  readonly corpus: 'xdis' | 'pycdc';
  readonly impl: Impl;
  /** `major.minor` of the Python the file is for. */
  readonly version: string;
  readonly data: Uint8Array;
  /** The first two bytes as a little-endian number: what a magic number is, whatever else the file is. */
  readonly magic: number;
  /** For files whose directory names a different implementation than the file is (see the top comment). */
  readonly stray?: string;
}

interface Corpus {
  readonly entries: readonly Entry[];
  /** `roundtrip_pyc/` link stubs: path → link text. */
  readonly stubs: ReadonlyMap<string, string>;
}

const PYPY27_MAGIC = 62218;
const CO_NOFREE = 0x40;

/** The implementation and version named by an xdis directory `bytecode_<tag>`. */
function classifyXdisDir(tag: string): { impl: Impl; version: string } {
  let m: RegExpExecArray | null;
  if ((m = /^(\d+\.\d+)$/.exec(tag))) return { impl: 'CPython', version: m[1]! };
  if ((m = /^(\d+\.\d+)pypy$/.exec(tag))) return { impl: 'PyPy', version: m[1]! };
  if ((m = /^(\d+\.\d+)dropbox$/.exec(tag))) return { impl: 'Dropbox CPython', version: m[1]! };
  if ((m = /^pypy(\d)(\d+)$/.exec(tag))) return { impl: 'PyPy', version: `${m[1]}.${m[2]}` };
  if ((m = /^graal(\d)(\d+)$/.exec(tag))) return { impl: 'GraalPy', version: `${m[1]}.${m[2]}` };
  if ((m = /^rust-\d+-(\d)(\d+)$/.exec(tag))) return { impl: 'RustPython', version: `${m[1]}.${m[2]}` };
  throw new Error(`unrecognised corpus directory xdis/bytecode_${tag}: teach corpora.test.ts what it holds`);
}

let loaded: Corpus | undefined;

/** Lists and reads the corpora once; throws a clear error when they are missing. */
function corpus(): Corpus {
  if (loaded) return loaded;
  if (!fs.existsSync(path.join(corporaDir, 'xdis')) || !fs.existsSync(path.join(corporaDir, 'pycdc'))) {
    throw new Error(`the test corpora are missing: expected ${corporaDir}/xdis and ${corporaDir}/pycdc ` +
      `(../shared/corpora beside the clone at ${repoRoot}, as CI provides)`);
  }
  const entries: Entry[] = [];
  const stubs = new Map<string, string>();
  const add = (rel: string, corpusName: 'xdis' | 'pycdc', impl: Impl, version: string) => {
    const data = new Uint8Array(fs.readFileSync(path.join(corporaDir, rel)));
    const magic = data.length >= 2 ? data[0]! | (data[1]! << 8) : -1;
    if (impl === 'CPython' && version === '2.7' && magic === PYPY27_MAGIC) {
      entries.push({ rel, corpus: corpusName, impl: 'PyPy', version, data, magic, stray: 'PyPy 2.7 file in a CPython 2.7 directory' });
    } else entries.push({ rel, corpus: corpusName, impl, version, data, magic });
  };
  for (const dir of fs.readdirSync(path.join(corporaDir, 'xdis')).sort()) {
    const m = /^bytecode_(.+)$/.exec(dir);
    if (!m) throw new Error(`unexpected entry xdis/${dir} in the corpora`);
    const { impl, version } = classifyXdisDir(m[1]!);
    for (const name of fs.readdirSync(path.join(corporaDir, 'xdis', dir)).sort()) {
      const rel = `xdis/${dir}/${name}`;
      const full = path.join(corporaDir, rel);
      if (fs.statSync(full).isDirectory()) {
        if (name !== 'roundtrip_pyc') throw new Error(`unexpected directory ${rel} in the corpora`);
        for (const stub of fs.readdirSync(full).sort()) stubs.set(`${rel}/${stub}`, fs.readFileSync(path.join(full, stub), 'latin1'));
        continue;
      }
      if (!/\.py[co]$/.test(name)) throw new Error(`unexpected file ${rel} in the corpora`);
      add(rel, 'xdis', impl, version);
    }
  }
  for (const name of fs.readdirSync(path.join(corporaDir, 'pycdc')).sort()) {
    const m = /^.+\.(\d+\.\d+)\.pyc$/.exec(name);
    if (!m) throw new Error(`unexpected file pycdc/${name} in the corpora (expected <name>.<version>.pyc)`);
    add(`pycdc/${name}`, 'pycdc', 'CPython', m[1]!);
  }
  loaded = { entries, stubs };
  return loaded;
}

const groupOf = (e: Entry) => `${e.impl} ${e.version}`;

function groups(): Map<string, Entry[]> {
  const out = new Map<string, Entry[]>();
  for (const e of corpus().entries) {
    const g = groupOf(e);
    let list = out.get(g);
    if (!list) out.set(g, (list = []));
    list.push(e);
  }
  return out;
}

const minor = (version: string) => Number(version.split('.')[1]);
const READABLE = (e: Entry) => e.impl === 'CPython' && (e.version === '2.7' || (e.version.startsWith('3.') && minor(e.version) <= 15));

/** Files per readable group (both corpora together), as the corpora hold them today: minimums. */
const MIN_READABLE: Readonly<Record<string, number>> = {
  'CPython 2.7': 25, 'CPython 3.0': 9, 'CPython 3.1': 6, 'CPython 3.2': 2, 'CPython 3.3': 9, 'CPython 3.4': 7,
  'CPython 3.5': 9, 'CPython 3.6': 8, 'CPython 3.7': 18, 'CPython 3.8': 23, 'CPython 3.9': 19, 'CPython 3.10': 113,
  'CPython 3.11': 10, 'CPython 3.12': 112, 'CPython 3.13': 105, 'CPython 3.14': 104, 'CPython 3.15': 16,
};

/** Files per refused group, likewise. */
const MIN_REFUSED: Readonly<Record<string, number>> = {
  'CPython 1.0': 9, 'CPython 1.1': 2, 'CPython 1.2': 4, 'CPython 1.3': 6, 'CPython 1.4': 9, 'CPython 1.5': 73,
  'CPython 1.6': 2, 'CPython 2.0': 1, 'CPython 2.1': 80, 'CPython 2.2': 31, 'CPython 2.3': 4, 'CPython 2.4': 2,
  'CPython 2.5': 30, 'CPython 2.6': 7, 'Dropbox CPython 2.5': 1, 'PyPy 2.7': 8, 'PyPy 3.2': 3, 'PyPy 3.5': 3,
  'PyPy 3.6': 4, 'PyPy 3.7': 8, 'PyPy 3.9': 52, 'PyPy 3.10': 151, 'GraalPy 3.10': 8, 'GraalPy 3.11': 52,
  'GraalPy 3.12': 90, 'RustPython 3.13': 6,
};

/** PyPy 3.8's one file: it carries CPython 3.8's magic (see the top comment). */
const PYPY38 = 'PyPy 3.8';

function summary(group: string, list: readonly Entry[], rest: string): void {
  const by = (c: string) => list.filter((e) => e.corpus === c).length;
  console.log(`${group}: ${list.length} files (xdis ${by('xdis')}, pycdc ${by('pycdc')}): ${rest}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Walking code-object trees

/** Line ranges must lie inside the code, in increasing order, each starting on an instruction when `starts` is given. */
function checkLines(lines: readonly LineRange[], codeLength: number, starts: ReadonlySet<number> | undefined, problems: string[]): void {
  let prevEnd = 0;
  for (const r of lines) {
    if (!(r.start >= prevEnd && r.start < r.end && r.end <= codeLength)) {
      problems.push(`line range [${r.start}, ${r.end}) of line ${r.line} is out of order or outside the ${codeLength} bytes of code`);
      return;
    }
    if (starts && !starts.has(r.start)) problems.push(`line ${r.line} starts at ${r.start}, inside an instruction`);
    prevEnd = r.end;
  }
}

// Every version: the core's own decoder.

function checkModern(version: string, code: CodeObject, problems: string[]): number {
  const v = getVersion(version);
  assert.ok(v, `no opcode table for ${version}`);
  let count = 0;
  for (const c of codeObjectsOf(code)) {
    const where = `code object ${JSON.stringify(c.qualname)} (line ${c.firstlineno})`;
    const d = decodeCode(c, v);
    const offsets = new Set(d.instructions.map((i) => i.offset));
    const before = problems.length;
    for (const ins of d.instructions) {
      count++;
      if (ins.jumpTarget !== null && !offsets.has(ins.jumpTarget)) problems.push(`${where}: ${ins.opname} at ${ins.offset} jumps to ${ins.jumpTarget}, not an instruction`);
      if (ins.argrepr.startsWith('<invalid')) problems.push(`${where}: ${ins.opname} at ${ins.offset}: ${ins.argrepr}`);
    }
    const len = c.code.length;
    for (const e of d.exceptionTable) {
      if (!(e.start < e.end && e.end <= len && offsets.has(e.start) && (e.end === len || offsets.has(e.end)) && offsets.has(e.target))) {
        problems.push(`${where}: exception table entry ${e.start} to ${e.end} -> ${e.target} is not on instruction boundaries`);
      }
    }
    // 3.11+ location entries cover caches too and may start inside an instruction's caches; 3.10's may not.
    checkLines(d.lines, len, v.features.locationTable ? undefined : offsets, problems);
    if (problems.length > before + 5) break;
  }
  return count;
}

// 2.7 and 3.0–3.9, besides the decoder: the rules of each era, from CPython's Lib/opcode.py and
// the magic-number history in importlib/_bootstrap_external.py (magic numbers mark when each rule changed; the
// corpora include 3.8a1 files, magic 3401). When this was written, the instruction offsets, jump targets
// (`dis.findlabels`) and line starts (`dis.findlinestarts`) computed here matched those of real CPython 2.7, 3.6,
// 3.7, 3.8 and 3.9 on every file of those versions in the corpora.

const HAVE_ARGUMENT = 90;

interface Era {
  /** 3.6a2+ (magic 3370): every instruction is 2 bytes; before, 1 byte or (with an argument) 3. */
  readonly wordcode: boolean;
  /** 3.6a1+ (magic 3361): `co_lnotab` line increments are signed bytes. */
  readonly signedLnotab: boolean;
  readonly extendedArg: number;
  readonly jrel: ReadonlySet<number>;
  readonly jabs: ReadonlySet<number>;
  readonly name: ReadonlySet<number>;
  readonly free: ReadonlySet<number>;
  /** Entries of `dis.cmp_op`. */
  readonly cmpOps: number;
}

const LOAD_CONST = 100;
const LOCAL_OPS = new Set([124, 125, 126]); // LOAD_FAST STORE_FAST DELETE_FAST
const COMPARE_OP = 107;
// STORE_NAME DELETE_NAME STORE_ATTR DELETE_ATTR STORE_GLOBAL DELETE_GLOBAL LOAD_NAME LOAD_ATTR IMPORT_NAME
// IMPORT_FROM LOAD_GLOBAL
const NAME_OPS = [90, 91, 95, 96, 97, 98, 101, 106, 108, 109, 116];

function eraOf(version: string, magic: number): Era {
  if (version === '2.7') {
    return {
      wordcode: false, signedLnotab: false, extendedArg: 145,
      jrel: new Set([93, 110, 120, 121, 122, 143]), // FOR_ITER JUMP_FORWARD SETUP_LOOP SETUP_EXCEPT SETUP_FINALLY SETUP_WITH
      jabs: new Set([111, 112, 113, 114, 115, 119]), // JUMP_IF_*_OR_POP JUMP_ABSOLUTE POP_JUMP_IF_* CONTINUE_LOOP
      name: new Set(NAME_OPS), free: new Set([135, 136, 137]), cmpOps: 12,
    };
  }
  const jrel = new Set([93, 110, 120, 121, 122]);
  const jabs = new Set([113, 119]);
  if (magic < 3151) { jrel.add(111); jrel.add(112); } // 3.0: relative JUMP_IF_FALSE / JUMP_IF_TRUE
  else for (const op of [111, 112, 114, 115]) jabs.add(op); // 3.1a1: POP_JUMP_IF_*, JUMP_IF_*_OR_POP (absolute)
  if (magic >= 3160) jrel.add(143); // 3.2a1: SETUP_WITH (EXTENDED_ARG moves from 143 to 144)
  if (minor(version) >= 5) jrel.add(154); // 3.5: SETUP_ASYNC_WITH
  if (magic >= 3400) { // 3.8a1: frame blocks move to the compiler
    jrel.delete(120); jrel.delete(121); jabs.delete(119);
    jrel.add(162); // CALL_FINALLY
  }
  if (magic >= 3422) jrel.delete(162); // 3.9a0
  if (magic >= 3423) jabs.add(121); // 3.9a2: JUMP_IF_NOT_EXC_MATCH
  const name = new Set(NAME_OPS);
  if (magic >= 3375 && magic < 3393) name.add(127); // STORE_ANNOTATION, 3.6b1 to 3.7b1
  if (magic >= 3390) name.add(160); // LOAD_METHOD
  const free = new Set([135, 136, 137]); // LOAD_CLOSURE LOAD_DEREF STORE_DEREF
  if (magic >= 3180) free.add(138); // DELETE_DEREF
  if (magic >= 3260) free.add(148); // LOAD_CLASSDEREF
  return {
    wordcode: magic >= 3370, signedLnotab: magic >= 3361, extendedArg: magic >= 3160 ? 144 : 143,
    jrel, jabs, name, free, cmpOps: magic >= 3423 ? 6 : 12,
  };
}

interface Walked { offsets: Set<number>; count: number; maxOpcode: number }

function checkClassicCode(c: CodeObject, era: Era, problems: string[]): Walked {
  const where = `code object ${JSON.stringify(c.name)} (line ${c.firstlineno})`;
  const code = c.code;
  const n = code.length;
  const offsets = new Set<number>();
  const jumps: [number, number][] = [];
  let ext = 0;
  let count = 0;
  let maxOpcode = 0;
  const before = problems.length;
  const bad = (s: string) => { if (problems.length < before + 5) problems.push(`${where}: ${s}`); };
  if (era.wordcode && n % 2) bad(`wordcode of odd length ${n}`);
  for (let i = 0; i < n;) {
    const op = code[i]!;
    offsets.add(i);
    count++;
    maxOpcode = Math.max(maxOpcode, op);
    const size = era.wordcode ? 2 : op >= HAVE_ARGUMENT ? 3 : 1;
    if (i + size > n) { bad(`opcode ${op} at ${i} runs past the end of the ${n} bytes of code`); break; }
    if (era.wordcode || op >= HAVE_ARGUMENT) {
      const arg = era.wordcode ? ext + code[i + 1]! : ext + (code[i + 1]! | (code[i + 2]! << 8));
      if (op === era.extendedArg) ext = arg * (era.wordcode ? 0x100 : 0x10000);
      else {
        ext = 0;
        if (era.jrel.has(op)) jumps.push([i, i + size + arg]);
        else if (era.jabs.has(op)) jumps.push([i, arg]);
        else if (op === LOAD_CONST && arg >= c.consts.length) bad(`LOAD_CONST ${arg} at ${i}: only ${c.consts.length} constants`);
        else if (era.name.has(op) && arg >= c.names.length) bad(`opcode ${op} at ${i}: name ${arg} of ${c.names.length}`);
        else if (LOCAL_OPS.has(op) && arg >= c.varnames.length) bad(`opcode ${op} at ${i}: local ${arg} of ${c.varnames.length}`);
        else if (era.free.has(op) && arg >= c.cellvars.length + c.freevars.length) bad(`opcode ${op} at ${i}: cell ${arg} of ${c.cellvars.length + c.freevars.length}`);
        else if (op === COMPARE_OP && arg >= era.cmpOps) bad(`COMPARE_OP ${arg} at ${i}: only ${era.cmpOps} comparisons`);
      }
    }
    i += size;
  }
  for (const [at, target] of jumps) if (!offsets.has(target)) bad(`jump at ${at} to ${target}, not an instruction`);
  if (c.linetable.length % 2) bad(`co_lnotab of odd length ${c.linetable.length}`);
  if (c.nlocals !== c.varnames.length) bad(`co_nlocals ${c.nlocals} but ${c.varnames.length} varnames`);
  checkLines(linesFromLnotab(c.linetable, c.firstlineno, n, era.signedLnotab), n, offsets, problems);
  return { offsets, count, maxOpcode };
}

function checkClassic(version: string, magic: number, code: CodeObject, problems: string[]): { count: number; maxOpcode: number } {
  const era = eraOf(version, magic);
  let count = 0;
  let maxOpcode = 0;
  for (const c of codeObjectsOf(code)) {
    const w = checkClassicCode(c, era, problems);
    count += w.count;
    maxOpcode = Math.max(maxOpcode, w.maxOpcode);
  }
  return { count, maxOpcode };
}

/** Loads one file and checks its whole code-object tree; returns the problems found and what was walked. */
function checkFile(e: Entry, expectVersion: string): { problems: string[]; codes: number; instructions: number; maxOpcode: number } {
  const problems: string[] = [];
  let pyc;
  try {
    pyc = readPyc(e.data);
  } catch (err) {
    return { problems: [`does not load: ${(err as Error).message}`], codes: 0, instructions: 0, maxOpcode: 0 };
  }
  if (pyc.version !== expectVersion) problems.push(`read as ${pyc.version}, expected ${expectVersion}`);
  if (pyc.trailingBytes) problems.push(`${pyc.trailingBytes} bytes after the code object`);
  const codes = codeObjectsOf(pyc.code).length;
  let instructions = 0;
  let maxOpcode = 0;
  try {
    // Every readable version is decoded with its opcode table and disassembled to text; 2.7 and 3.0–3.9 are also
    // walked by the rules of their era (below), which know the opcode numbers of each alpha and beta by its magic.
    instructions = checkModern(pyc.version, pyc.code, problems);
    const text = disassembleToText(pyc.code, getVersion(pyc.version)!);
    if (!text.trim()) problems.push('empty disassembly');
    if (!(minor(pyc.version) >= 10 && pyc.version.startsWith('3.'))) {
      const walked = checkClassic(pyc.version, pyc.header!.magic.magic, pyc.code, problems);
      if (walked.count !== instructions) problems.push(`the era walk finds ${walked.count} instructions, the decoder ${instructions}`);
      maxOpcode = walked.maxOpcode;
    }
  } catch (err) {
    problems.push(`throws while decoding: ${(err as Error).stack ?? err}`);
  }
  return { problems, codes, instructions, maxOpcode };
}

/** Every group of `mins` has at least its files, and every group of the corpora that `belongs` there is in `mins`. */
function checkGroupCounts(mins: Readonly<Record<string, number>>, belongs: (group: string, list: readonly Entry[]) => boolean): void {
  const g = groups();
  for (const [group, min] of Object.entries(mins)) {
    const n = g.get(group)?.length ?? 0;
    assert.ok(n >= min, `${group}: ${n} files in ${corporaDir}, expected at least ${min}`);
  }
  for (const [group, list] of g) if (belongs(group, list)) assert.ok(group in mins, `group ${group} has no expected count`);
}

// ---------------------------------------------------------------------------------------------------------------

describe('corpora: CPython 2.7 and 3.0–3.15 load and every code object is sound', () => {
  it('the corpora are present and every readable group has its files', () => {
    checkGroupCounts(MIN_READABLE, (group, list) => list.some(READABLE));
  });

  for (const group of Object.keys(MIN_READABLE)) {
    it(group, () => {
      const list = (groups().get(group) ?? []).filter(READABLE);
      assert.ok(list.length >= MIN_READABLE[group]!, `${group}: only ${list.length} files`);
      const failures: string[] = [];
      let codes = 0;
      let instructions = 0;
      for (const e of list) {
        const r = checkFile(e, e.version);
        codes += r.codes;
        instructions += r.instructions;
        for (const p of r.problems) failures.push(`${e.rel}: ${p}`);
      }
      assert.deepEqual(failures, [], `${failures.length} problems in ${group}:\n${failures.slice(0, 40).join('\n')}`);
      const how = minor(group.split(' ')[1]!) >= 10 && group.startsWith('CPython 3.') ? 'decoded and disassembled' : 'decoded, disassembled and walked by era rules';
      summary(group, list, `${codes} code objects, ${instructions} instructions ${how}, all sound`);
    });
  }
});

describe('corpora: other versions and implementations are refused, naming their magic number', () => {
  it('the corpora hold every refused group', () => {
    checkGroupCounts(MIN_REFUSED, (group, list) => group !== PYPY38 && !list.some(READABLE));
  });

  for (const group of Object.keys(MIN_REFUSED)) {
    it(group, () => {
      const list = groups().get(group) ?? [];
      assert.ok(list.length >= MIN_REFUSED[group]!, `${group}: only ${list.length} files`);
      const failures: string[] = [];
      const magics = new Set<number>();
      const kinds = new Set<string>();
      // CPython 1.x–2.6 are recognised as too old; everything else is an unknown magic number.
      const kind = group.startsWith('CPython ') ? 'unsupported' : 'bad-magic';
      for (const e of list) {
        magics.add(e.magic);
        try {
          const p = readPyc(e.data);
          failures.push(`${e.rel}: loaded as ${p.version} instead of being refused`);
        } catch (err) {
          if (!(err instanceof BytescopeError)) { failures.push(`${e.rel}: not a BytescopeError: ${err}`); continue; }
          kinds.add(err.kind);
          if (!new RegExp(`(^|\\D)${e.magic}(\\D|$)`).test(err.message)) failures.push(`${e.rel}: message does not name magic ${e.magic}: ${err.message}`);
          if (err.message.includes('\n')) failures.push(`${e.rel}: message is not one line`);
          if (err.kind !== kind) failures.push(`${e.rel}: error kind ${err.kind}, expected ${kind}: ${err.message}`);
        }
      }
      assert.deepEqual(failures, [], failures.join('\n'));
      const strays = list.filter((e) => e.stray).length;
      summary(group, list, `refused (${[...kinds].join(', ')}) naming magic ${[...magics].sort((a, b) => a - b).join('/')}` +
        (strays ? `; ${strays} of them found in xdis/bytecode_2.7` : ''));
    });
  }

  it('the magic-62218 files of xdis/bytecode_2.7 are PyPy 2.7 files', () => {
    const entries = corpus().entries;
    const strays = entries.filter((e) => e.stray);
    assert.equal(strays.length, 4, 'expected the four PyPy 2.7 files in xdis/bytecode_2.7');
    // CPython 2.7 sets CO_NOFREE on every code object without cells or free variables, the module's included.
    const cpython27 = entries.filter((e) => e.impl === 'CPython' && e.version === '2.7');
    assert.ok(cpython27.length >= MIN_READABLE['CPython 2.7']!);
    for (const e of cpython27) {
      const code = readPyc(e.data).code;
      assert.equal(code.flags & CO_NOFREE, CO_NOFREE, `${e.rel}: CPython 2.7 module code without CO_NOFREE`);
    }
    // Their magic is refused, so read past the 8-byte 2.7 header as a bare code object.
    const as27 = (data: Uint8Array) => readPyc(data.subarray(8), { raw: true, forceVersion: '2.7' }).code;
    let twins = 0;
    for (const e of strays) {
      const code = as27(e.data);
      assert.equal(code.flags & CO_NOFREE, 0, `${e.rel}: has CO_NOFREE like a CPython 2.7 file`);
      const twin = entries.find((t) => t.rel === e.rel.replace('bytecode_2.7/', 'bytecode_2.7pypy/'));
      if (twin) {
        const shape = (c: CodeObject) => codeObjectsOf(c).map((k) => [k.name, k.flags, k.code, k.names, k.varnames, k.linetable]);
        assert.deepEqual(shape(as27(twin.data)), shape(code), `${e.rel} has other bytecode than ${twin.rel}`);
        twins++;
      }
    }
    assert.equal(twins, 3, 'three of the four have a twin in xdis/bytecode_2.7pypy (06_py34_ref.pyc has none)');
    console.log(`PyPy 2.7 in xdis/bytecode_2.7: ${strays.length} files with magic ${PYPY27_MAGIC} and no CO_NOFREE (all ${cpython27.length} CPython 2.7 files have it)`);
  });

  it('PyPy 3.8 carries CPython 3.8\'s magic 3413, so it loads as 3.8 (documented limitation)', () => {
    const list = groups().get(PYPY38) ?? [];
    assert.equal(list.length, 1, 'expected the one PyPy 3.8 file');
    const e = list[0]!;
    assert.equal(e.magic, 3413);
    assert.equal(readPyc(e.data).header!.magic.sharedWith, 'PyPy 3.8', 'the magic names the other implementation that writes it');
    const r = checkFile(e, '3.8');
    assert.deepEqual(r.problems, []);
    // Its bytecode has PyPy's own opcodes (>= 200); CPython 3.8's highest opcode is 163.
    assert.ok(r.maxOpcode >= 200, `expected PyPy opcodes >= 200, highest is ${r.maxOpcode}`);
    summary(PYPY38, list, `loads as CPython 3.8 (same magic 3413); sound by 3.8 rules, but uses PyPy opcodes up to ${r.maxOpcode}`);
  });

  it('roundtrip_pyc/ entries are link stubs to files of the corpus, not bytecode', () => {
    const { stubs, entries } = corpus();
    assert.ok(stubs.size > 0, 'expected the roundtrip_pyc link stubs');
    const known = new Set(entries.map((e) => e.rel));
    for (const [rel, text] of stubs) {
      assert.match(text, /^\.\.\/[\w.-]+\.pyc$/, `${rel} is not a link stub`);
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), text));
      assert.ok(known.has(target), `${rel} links to ${target}, which is not in the corpus`);
    }
    console.log(`roundtrip_pyc: ${stubs.size} link stubs (symbolic links stored as text), all pointing at corpus files; skipped`);
  });
});
