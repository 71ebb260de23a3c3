/**
 * The JSON model of a disassembly (`bytescope.dis/1`): a plain, JSON-serializable, deterministic object with the
 * file's header, then every code object in `dis` order with what `dis.code_info` shows, its exception table, line
 * starts, and per instruction the fields of that version's `dis.Instruction` with CPython's semantics, plus a few
 * documented extras. The schema is described field by field in `docs/json-schema.md`.
 *
 * The model is a view of {@link decodeCode}: it computes nothing about instructions that the decoder does not.
 */
import { decodeCode, type DecodedCode, type Instruction } from '../bytecode/decode.js';
import type { ExceptionTableEntry } from '../bytecode/exception-table.js';
import { exceptionNesting, type HandlerNesting } from '../analysis/exception-nesting.js';
import { BytescopeError, isStackOverflow } from '../errors.js';
import { codeRepr, type CodeObject } from '../pyc/code-object.js';
import type { PyObject } from '../pyc/objects.js';
import type { PycFile } from '../pyc/read-pyc.js';
import { MAX_CODE_TREE_NODES, codeTree, type CodeTreeNode } from '../pyc/code-tree.js';
import { REPR_MAX_DEPTH, reprObject } from '../text/repr.js';
import { disVersionRange, getVersion, type VersionInfo } from '../version/registry.js';
import {
  JSON_SCHEMA_ID, type BytescopeJson, type JsonCacheField, type JsonCacheInfoItem, type JsonCodeObject, type JsonConst,
  type JsonExceptionEntry, type JsonHeader, type JsonInstruction, type JsonModelOptions, type JsonPositions, type JsonPyValue,
} from './schema.js';
import { CostSum, Meter, jsonOutputBudget, type Cost } from './size.js';
import { ValueEncoder, hexBytes } from './values.js';

/** Input of {@link toJsonModel}: a loaded `.pyc`, or a code object and the version to disassemble it as. */
export type JsonModelInput = PycFile | { readonly code: CodeObject; readonly version: string };

/**
 * The names of `dis.Instruction`'s namedtuple fields in `version`, in order (3.10: 8 fields; 3.11/3.12: + positions;
 * 3.13+: 12 fields). Every one of them is present in a {@link JsonInstruction} of that version.
 */
export function disInstructionFields(v: VersionInfo): readonly string[] {
  if (v.features.labelsInListing) {
    return ['opname', 'opcode', 'arg', 'argval', 'argrepr', 'offset', 'start_offset', 'starts_line', 'line_number',
      'label', 'positions', 'cache_info'];
  }
  const base = ['opname', 'opcode', 'arg', 'argval', 'argrepr', 'offset', 'starts_line', 'is_jump_target'];
  return v.features.locationTable ? [...base, 'positions'] : base;
}

/** `dis.pretty_flags(flags)` as its list of names (joined with `", "` it is the text `code_info` prints). */
export function prettyFlagNames(flags: number, v: VersionInfo): string[] {
  const known = new Map<bigint, string>(v.table.data.compilerFlagNames.map(([bit, name]) => [BigInt(bit), name]));
  const names: string[] = [];
  let f = BigInt(flags);
  const hex = (n: bigint) => (n < 0n ? '-0x' + (-n).toString(16) : '0x' + n.toString(16));
  for (let i = 0n; i < 32n; i++) {
    const flag = 1n << i;
    if (f & flag) {
      names.push(known.get(flag) ?? hex(flag));
      f ^= flag;
      if (!f) return names;
    }
  }
  names.push(hex(f));
  return names;
}

/**
 * The most code objects one document may list. Marshal back-references let a small file name the same code object
 * many times (and `dis` expands every occurrence), so a hostile file could otherwise ask for an exponential tree.
 */
export const JSON_MAX_CODE_OBJECTS = MAX_CODE_TREE_NODES;

function instructionJson(
  ins: Instruction, d: DecodedCode, v: VersionInfo, argval: JsonPyValue, entries: readonly number[],
): JsonInstruction {
  const f = v.features;
  const t = v.table;
  const r: Record<string, unknown> = {
    opname: ins.opname, opcode: ins.opcode, arg: ins.arg, argval, argrepr: ins.argrepr, offset: ins.offset,
  };
  const positions: JsonPositions = ins.positions ? [ins.positions[0], ins.positions[1], ins.positions[2], ins.positions[3]] : [null, null, null, null];
  const fields = t.data.cacheFormat[t.opname[ins.baseOpcode]!] ?? [];
  const code = d.code.code;
  if (f.labelsInListing) {
    r.start_offset = ins.startOffset;
    r.starts_line = ins.startsLine;
    r.line_number = ins.lineNumber;
    r.label = ins.label;
    r.positions = positions;
    if (ins.cacheUnits) {
      // As `dis` builds it; 3.13 reads every field from the first cache unit.
      let at = ins.offset + 2;
      r.cache_info = fields.map(([name, size]): JsonCacheInfoItem => {
        const item: JsonCacheInfoItem = [name, size, hexBytes(code, at, at + 2 * size)];
        if (!f.cacheValueFromFirstUnit) at += 2 * size;
        return item;
      });
    } else r.cache_info = null;
    r.is_jump_target = ins.isJumpTarget;
  } else {
    r.starts_line = ins.startsLine ? ins.lineNumber : null;
    r.is_jump_target = ins.isJumpTarget;
    if (f.locationTable) r.positions = positions;
  }
  r.base_opcode = ins.baseOpcode;
  r.base_opname = t.opname[ins.baseOpcode]!;
  r.line = ins.line;
  r.jump_target = ins.jumpTarget;
  if (ins.cacheUnits) {
    let at = ins.offset + 2;
    const cacheFields = fields.map(([name, size]): JsonCacheField => {
      const field = { name, offset: at, size, data: hexBytes(code, at, at + 2 * size) };
      at += 2 * size;
      return field;
    });
    r.cache = { offset: ins.offset + 2, units: ins.cacheUnits, fields: cacheFields };
  } else r.cache = null;
  r.exception_entries = entries;
  const first = entries.length ? d.exceptionTable[entries[0]!]! : undefined;
  r.exception_handler = first === undefined ? null : {
    entry: entries[0]!, target: first.target, target_label: f.labelsInListing ? d.labels.get(first.target) ?? null : null,
    depth: first.depth, lasti: first.lasti,
  };
  return r as unknown as JsonInstruction;
}

/**
 * For each instruction (offsets ascending), the indices of the exception-table entries covering it, in table order.
 * One sweep over the entries sorted by start and by end; while the covering set does not change, instructions share
 * one array. The size of the result (which a few hundred entries covering thousands of instructions make quadratic) is
 * checked against the budget as the sweep goes, before anything is written out.
 */
function coveringEntries(table: readonly ExceptionTableEntry[], offsets: readonly number[], meter: Meter): number[][] {
  const none: number[] = [];
  if (!table.length) return offsets.map(() => none);
  const live = table.map((_, i) => i).filter((i) => table[i]!.start < table[i]!.end);
  const byStart = [...live].sort((a, b) => table[a]!.start - table[b]!.start || a - b);
  const byEnd = [...live].sort((a, b) => table[a]!.end - table[b]!.end || a - b);
  const active = new Set<number>();
  let nextStart = 0;
  let nextEnd = 0;
  let current = none;
  let changed = false;
  let emitted = 0;
  return offsets.map((offset) => {
    while (nextStart < byStart.length && table[byStart[nextStart]!]!.start <= offset) { active.add(byStart[nextStart++]!); changed = true; }
    while (nextEnd < byEnd.length && table[byEnd[nextEnd]!]!.end <= offset) { active.delete(byEnd[nextEnd++]!); changed = true; }
    if (changed) {
      current = active.size ? [...active].sort((a, b) => a - b) : none;
      changed = false;
    }
    emitted += current.length;
    meter.need(emitted * 8); // each number costs at least its digits, a comma or a line break, and indentation
    return current;
  });
}

function exceptionEntryJson(e: ExceptionTableEntry, d: DecodedCode, labels: boolean, nest: HandlerNesting | undefined): JsonExceptionEntry {
  const l = (off: number) => (labels ? d.labels.get(off) ?? null : null);
  return {
    start: e.start, end: e.end, target: e.target, depth: e.depth, lasti: e.lasti,
    start_label: l(e.start), end_label: l(e.end), target_label: l(e.target),
    block: nest?.block ?? false, next: nest?.next ?? null, level: nest?.level ?? 0,
  };
}

/** The smallest an instruction's JSON gets (a little below the real minimum), to refuse huge code early. */
const MIN_INSTRUCTION_CHARS = 200;

/**
 * Everything about one code object that does not depend on where it is listed, built and measured once however many
 * times marshal back-references list it. Only code-object constants differ between occurrences (their `value` is the
 * index of the listed child): `codeConsts` and `codeArgs` say where they are.
 */
interface CodeEntry {
  readonly fields: Omit<JsonCodeObject, 'index' | 'parent' | 'const_index' | 'depth' | 'co_consts' | 'instruction_count' | 'instructions'>;
  /** Size of `fields` written as an object (without the members left out). */
  readonly fieldsCost: Cost;
  readonly consts: readonly JsonConst[];
  readonly constsCost: Cost;
  readonly instructionCount: number;
  /** Builds (once) and measures the instructions. */
  instructions(): InstructionsEntry;
  /** Indices in `co_consts` of code objects. */
  readonly codeConsts: readonly number[];
}

/** A code object's instructions as JSON, with their size and where code-object constants are loaded. */
interface InstructionsEntry {
  readonly list: readonly JsonInstruction[];
  readonly cost: Cost;
  /** Indices in `list` whose argval is a code object constant, with that constant. */
  readonly codeArgs: readonly (readonly [number, PyObject])[];
}

function codeEntry(c: CodeObject, v: VersionInfo, enc: ValueEncoder, meter: Meter): CodeEntry {
  meter.need((c.code.length >> 1) * MIN_INSTRUCTION_CHARS / 8); // an instruction with the longest caches spans 8+ units
  const d = decodeCode(c, v);
  meter.need(d.instructions.length * MIN_INSTRUCTION_CHARS);
  const flagNames = prettyFlagNames(c.flags, v);
  const table = d.exceptionTable;
  const covering = coveringEntries(table, d.instructions.map((ins) => ins.offset), meter);
  const nesting = exceptionNesting(d);

  const constsSum = new CostSum();
  const consts = c.consts.map((k): JsonConst => {
    const repr = reprObject(k, v.printable);
    const e = enc.encode(k);
    const item = new CostSum();
    item.add(meter.str(repr), 'repr');
    item.add(e.cost, 'value');
    constsSum.add(item.done());
    meter.need(constsSum.partialChars);
    return { repr, value: e.value };
  });
  const codeConsts: number[] = [];
  c.consts.forEach((k, i) => { if (k.type === 'code') codeConsts.push(i); });

  let built: InstructionsEntry | undefined;
  const instructions = (): InstructionsEntry => {
    if (built) return built;
    const codeArgs: [number, PyObject][] = [];
    const instructionsSum = new CostSum();
    const argreprCost = new Map<PyObject, Cost>(); // the repr of a constant loaded many times is measured once
    const entriesCost = new Map<readonly number[], Cost>(); // instructions in the same try block share their list
    const special: Record<string, Cost | undefined> = { argval: undefined, argrepr: undefined, exception_entries: undefined };
    const list = d.instructions.map((ins, i) => {
      const a = ins.argval;
      if (a.kind === 'const' && a.value.type === 'code') codeArgs.push([i, a.value]);
      const argval = enc.argval(a);
      const json = instructionJson(ins, d, v, argval.value, covering[i]!);
      let argrepr: Cost | undefined;
      if (a.kind === 'const' && ins.argrepr.length > 256) {
        argrepr = argreprCost.get(a.value);
        if (!argrepr) argreprCost.set(a.value, (argrepr = meter.str(ins.argrepr)));
      }
      const entries = covering[i]!;
      let entriesC = entriesCost.get(entries);
      if (!entriesC) entriesCost.set(entries, (entriesC = meter.walk(entries)));
      special.argval = argval.cost;
      special.argrepr = argrepr;
      special.exception_entries = entriesC;
      instructionsSum.add(meter.walk(json, special));
      meter.need(instructionsSum.partialChars);
      return json;
    });
    return (built = { list, cost: instructionsSum.done(), codeArgs });
  };

  const fields: CodeEntry['fields'] = {
    repr: codeRepr(c),
    co_name: c.name,
    co_qualname: c.layout === '3.11' ? c.qualname : null,
    co_filename: c.filename,
    co_firstlineno: c.firstlineno,
    co_argcount: c.argcount,
    co_posonlyargcount: c.posonlyargcount,
    co_kwonlyargcount: c.kwonlyargcount,
    co_nlocals: c.nlocals,
    co_stacksize: c.stacksize,
    co_flags: c.flags,
    flag_names: flagNames,
    pretty_flags: flagNames.join(', '),
    co_names: [...c.names],
    co_varnames: [...c.varnames],
    co_cellvars: [...c.cellvars],
    co_freevars: [...c.freevars],
    code_size: c.code.length,
    co_lines: d.lines.map((r) => [r.start, r.end, r.line] as const),
    line_starts: [...d.lineStarts].sort((a, b) => a[0] - b[0]),
    labels: [...d.labels].sort((a, b) => a[0] - b[0]),
    exception_table: table.map((e, i) => exceptionEntryJson(e, d, v.features.labelsInListing, nesting[i])),
  };
  return {
    fields, fieldsCost: meter.walk(fields),
    consts, constsCost: constsSum.done(),
    instructionCount: d.instructions.length, instructions,
    codeConsts,
  };
}

/** Room for the members of a code object that {@link CodeEntry} leaves out, beyond their values. */
const OCCURRENCE_CHARS = 120;

/** The JSON of one listed code object: its cached entry, with the indices of its listed children filled in. */
function codeJson(node: CodeTreeNode, index: number, e: CodeEntry, enc: ValueEncoder, meter: Meter, lazy: boolean): JsonCodeObject {
  const c = node.code;
  const f = e.fields;
  // Charge before copying anything: a code object listed many times fails here, cheaply. Members sit at level 3.
  meter.charge(e.fieldsCost, 2);
  meter.charge(e.constsCost, 3);
  meter.charge({ c: OCCURRENCE_CHARS, n: 6, r: 6 }, 2);
  let consts = e.consts;
  if (node.children.size && e.codeConsts.length) {
    meter.charge({ c: 16 * e.codeConsts.length, n: e.codeConsts.length, r: 3 * e.codeConsts.length }, 3);
    const copy = consts.slice();
    for (const i of e.codeConsts) copy[i] = { repr: copy[i]!.repr, value: enc.encode(c.consts[i]!, node.children.get(c.consts[i]!)).value };
    consts = copy;
  }
  /** This occurrence's instructions: the entry's, with the indices of listed children filled in. */
  const instructions = (): readonly JsonInstruction[] => {
    const ie = e.instructions();
    meter.charge(ie.cost, 3);
    if (!node.children.size || !ie.codeArgs.length) return ie.list;
    meter.charge({ c: 16 * ie.codeArgs.length, n: ie.codeArgs.length, r: 3 * ie.codeArgs.length }, 3);
    const copy = ie.list.slice();
    for (const [i, k] of ie.codeArgs) copy[i] = { ...copy[i]!, argval: enc.encode(k, node.children.get(k)).value };
    return copy;
  };
  const json = {
    index,
    parent: node.parent,
    const_index: node.constIndex,
    depth: node.depth,
    repr: f.repr,
    co_name: f.co_name,
    co_qualname: f.co_qualname,
    co_filename: f.co_filename,
    co_firstlineno: f.co_firstlineno,
    co_argcount: f.co_argcount,
    co_posonlyargcount: f.co_posonlyargcount,
    co_kwonlyargcount: f.co_kwonlyargcount,
    co_nlocals: f.co_nlocals,
    co_stacksize: f.co_stacksize,
    co_flags: f.co_flags,
    flag_names: f.flag_names,
    pretty_flags: f.pretty_flags,
    co_consts: consts,
    co_names: f.co_names,
    co_varnames: f.co_varnames,
    co_cellvars: f.co_cellvars,
    co_freevars: f.co_freevars,
    code_size: f.code_size,
    co_lines: f.co_lines,
    line_starts: f.line_starts,
    labels: f.labels,
    exception_table: f.exception_table,
    instruction_count: e.instructionCount,
  };
  if (!lazy) return { ...json, instructions: instructions() };
  let list: readonly JsonInstruction[] | undefined;
  // An enumerable accessor: JSON.stringify and spreading see a plain member.
  return Object.defineProperty(json, 'instructions', {
    enumerable: true,
    get: () => (list ??= instructions()),
  }) as JsonCodeObject;
}

/**
 * Builds the JSON model of a `.pyc` (or of a code object read as `version`). Throws a {@link BytescopeError}:
 * `unsupported` when the version has no opcode table, `usage` for a bad `depth` or `maxOutputChars`, `limit` beyond
 * {@link JSON_MAX_CODE_OBJECTS} code objects or when the document would exceed its output budget
 * ({@link jsonOutputBudget}, or `maxOutputChars`). The result holds only plain objects, arrays, strings, finite
 * numbers, booleans and null, so `JSON.stringify` of it is deterministic. It is a tree when the file's code objects and
 * constants are: what marshal back-references share (a constant, a code object listed twice) is one shared
 * JavaScript object in the model too, written out at each occurrence by `JSON.stringify`; treat the model as read-only.
 */
export function toJsonModel(input: JsonModelInput, options: JsonModelOptions = {}): BytescopeJson {
  try {
    return buildJsonModel(input, options);
  } catch (e) {
    // Values nested REPR_MAX_DEPTH deep fit Node's default stack with room to spare; a much smaller stack may not.
    if (isStackOverflow(e)) throw new BytescopeError('limit', 'a constant is nested too deeply for the JavaScript stack');
    throw e;
  }
}

function buildJsonModel(input: JsonModelInput, options: JsonModelOptions): BytescopeJson {
  const v = getVersion(input.version);
  if (!v) throw new BytescopeError('unsupported', `no opcode table for Python ${input.version}: the JSON model needs ${disVersionRange()}`);
  if (options.depth !== undefined && !(Number.isInteger(options.depth) && options.depth >= 0)) {
    throw new BytescopeError('usage', `depth must be a whole number >= 0, not ${options.depth}`);
  }
  const max = options.maxOutputChars;
  if (max !== undefined && !(typeof max === 'number' && max > 0)) {
    throw new BytescopeError('usage', `maxOutputChars must be a number > 0, not ${max}`);
  }
  const pyc = 'header' in input ? input : undefined;
  const meter = new Meter(max ?? jsonOutputBudget(pyc?.size));
  const h = pyc?.header;
  const header: JsonHeader | null = h ? {
    magic: h.magic.magic,
    magic_version: h.magic.version,
    prerelease: h.magic.prerelease,
    flags: h.flags,
    invalidation: h.invalidation,
    mtime: h.mtime ?? null,
    source_size: h.sourceSize ?? null,
    source_hash: h.sourceHash ?? null,
    size: h.size,
  } : null;
  meter.charge({ c: 512, n: 16, r: 16 }, 0); // the document's own members and the header
  const nodes = codeTree(input.code, options.depth);
  const enc = new ValueEncoder(v, meter);
  const entries = new Map<CodeObject, CodeEntry>();
  const codeObjects = nodes.map((n, i) => {
    let e = entries.get(n.code);
    if (!e) entries.set(n.code, (e = codeEntry(n.code, v, enc, meter)));
    return codeJson(n, i, e, enc, meter, options.lazyInstructions === true);
  });
  return {
    schema: JSON_SCHEMA_ID,
    python_version: v.version,
    header,
    trailing_bytes: pyc ? pyc.trailingBytes : null,
    code_objects: codeObjects,
  };
}
