/**
 * The same source compiled by two CPython versions, instruction by instruction: code objects paired by qualified
 * name (and first line), and in each pair the two instruction sequences aligned so that an instruction lines up with
 * the one doing its job in the other version — `BINARY_ADD` beside `BINARY_OP (+)`, `LOAD_METHOD` beside
 * `LOAD_ATTR`, `CALL_FUNCTION` beside `CALL` (with `PRECALL` alone on its own row), `LOAD_FAST` beside
 * `LOAD_FAST_BORROW`.
 *
 * Pairing uses the instruction reference's history: its curated replacement links (`REPLACEMENTS`: what replaced
 * a removed instruction, and with which argument), followed forward through the versions in between, and a few
 * families of forms of one instruction. Arguments are compared by their typed values (`argval`): names without the
 * `NULL` a load pushes beside a global or method, constants by value (code objects by name, file and first line),
 * operators by `dis`'s text of them, and jump targets not at all (they differ by layout alone).
 *
 * The alignment maximises a score summed over paired rows (a weighted longest common subsequence): the same
 * instruction with the same argument scores most, a replacement with the matching argument a little less, a pair
 * with a different argument less still, and rows on the same source line get a small bonus. Large code objects are
 * cut at source lines that occur once on each side (patience anchors) before the quadratic step. The input is decoded
 * code (`decodeModule`); pure functions, no DOM: the explorer's Compare view and tests use them.
 */
import type { Instruction } from '../bytecode/decode.js';
import type { CodeObject } from '../pyc/code-object.js';
import { REPLACEMENTS, type Replacement } from '../reference/history.js';
import { compareVersions, versionAtLeast } from '../version/py-version.js';
import type { VersionInfo } from '../version/registry.js';
import { LOAD_FAST_FORMS, STORE_FAST_FORMS, SUPERINSTRUCTIONS, SUPERINSTRUCTION_PARTS, UNCONDITIONAL_JUMPS } from './categories.js';
import { decodeModule, type DecodedModule, type ModuleCode } from './decoded-module.js';

/** What the alignment reads of an instruction (a decoded `Instruction` has it). */
export type AlignInstruction = Pick<Instruction, 'opname' | 'baseOpcode' | 'arg' | 'argval' | 'argrepr' | 'line'>;

/**
 * How a row of the alignment pairs its instructions:
 * - `same`: the same opname with the same argument (jump targets and other layout aside);
 * - `renamed`: different opnames doing the same job (a replacement or another form of the instruction) with the
 *   same argument, such as `BINARY_ADD` and `BINARY_OP (+)`;
 * - `changed`: paired, but the argument differs (or the opname too);
 * - `a-only` / `b-only`: an instruction of one side with no counterpart in the other.
 */
export type AlignRowKind = 'same' | 'renamed' | 'changed' | 'a-only' | 'b-only';

/** One row of an aligned pair of instruction sequences. */
export interface AlignedRow {
  readonly kind: AlignRowKind;
  /** Index of the instruction in side A's sequence, or null (`b-only`). */
  readonly a: number | null;
  /** Index of the instruction in side B's sequence, or null (`a-only`). */
  readonly b: number | null;
  /** Why two different opnames are paired (from the reference's replacement links or a family of forms). */
  readonly note?: string;
}

/** Counts of one aligned pair of sequences. */
export interface AlignSummary {
  /** Instructions of side A and of side B. */
  readonly a: number;
  readonly b: number;
  readonly same: number;
  readonly renamed: number;
  readonly changed: number;
  readonly aOnly: number;
  readonly bOnly: number;
  /** Opnames that occur in A but nowhere in B, and the reverse (sorted). */
  readonly opnamesOnlyA: readonly string[];
  readonly opnamesOnlyB: readonly string[];
}

/** One code object of either side, with its counterpart and their aligned instructions. */
export interface CodeObjectAlignment {
  /** The qualified name (`C.m.<locals>.<lambda>`), derived from the nesting where the version does not store it. */
  readonly qualname: string;
  readonly firstLine: number;
  /** The code objects (null: none on that side) and their indices in their modules (= in their JSON models). */
  readonly a: ModuleCode | null;
  readonly b: ModuleCode | null;
  readonly aIndex: number | null;
  readonly bIndex: number | null;
  readonly rows: readonly AlignedRow[];
  readonly summary: AlignSummary;
  /** Why a code object has no counterpart, when a known change explains it (inlined comprehensions). */
  readonly note?: string;
}

/** Two compilations of one source, aligned. */
export interface ModuleAlignment {
  readonly versionA: string;
  readonly versionB: string;
  /** Code objects in side A's order; those only in B follow what precedes them in B. */
  readonly objects: readonly CodeObjectAlignment[];
  /** Totals over every code object (opname sets over the whole modules). */
  readonly totals: AlignSummary;
}

/** Options of the alignment. */
export interface AlignOptions {
  /**
   * The largest score table (rows × columns) aligned in one piece; larger code objects are cut at anchors first,
   * and a piece still larger is shown unpaired (its A rows, then its B rows). Default 2,000,000.
   */
  readonly maxCells?: number;
}

// ---- how instructions relate -----------------------------------------------------------------------------------

/**
 * Forms of one instruction that are not replacements (both exist side by side in some version): a borrowed or
 * checked `LOAD_FAST`, the 3.13+ superinstructions, `LOAD_SMALL_INT` for small integer constants.
 */
const FAMILIES: readonly { readonly members: readonly string[]; readonly note: string }[] = [
  {
    members: [...LOAD_FAST_FORMS],
    note: 'Forms of LOAD_FAST: borrowed (3.14), checked for an unbound local, cleared (inlined comprehensions, 3.12), two loads in one (3.13).',
  },
  {
    members: [...STORE_FAST_FORMS],
    note: 'Forms of STORE_FAST: two local operations in one instruction (3.13).',
  },
  { members: ['LOAD_CONST', 'LOAD_SMALL_INT'], note: 'LOAD_SMALL_INT (3.14) pushes a small integer given by its argument, without co_consts.' },
  {
    members: ['RETURN_CONST', 'LOAD_CONST', 'LOAD_SMALL_INT'],
    note: 'RETURN_CONST (3.12–3.13) returns a constant; other versions load it (LOAD_CONST or LOAD_SMALL_INT), then RETURN_VALUE.',
  },
  { members: ['CALL', 'CALL_KW'], note: 'CALL_KW (3.13) is CALL with keyword arguments.' },
  {
    members: [...UNCONDITIONAL_JUMPS],
    note: 'Unconditional jumps: which one the compiler emits depends on the layout of the code.',
  },
];

/** How two different opnames relate: the note to show, and an argument one side's opname implies. */
export interface OpRelation {
  readonly note: string;
  /** The argument the replacement gives `side`'s instruction (`BINARY_ADD` → `BINARY_OP` with `+`). */
  readonly impliedArg?: { readonly side: 'older' | 'newer'; readonly value: string };
}

let replacementsByOld: Map<string, Replacement[]> | undefined;
function byOld(): Map<string, Replacement[]> {
  if (!replacementsByOld) {
    replacementsByOld = new Map();
    for (const r of REPLACEMENTS) {
      const list = replacementsByOld.get(r.old) ?? [];
      list.push(r);
      replacementsByOld.set(r.old, list);
    }
  }
  return replacementsByOld;
}

function linkNote(r: Replacement): string {
  const by = r.by.map((n, i) => (i === 0 && r.arg !== undefined ? `${n} (${r.arg})` : n)).join(' + ');
  return `${r.old} → ${by} in ${r.version}: ${r.note}`;
}

const relationCache = new Map<string, OpRelation | null>();

/**
 * How `older` (an opname of version `olderVersion`) relates to a different opname `newer` of version
 * `newerVersion`, or null when they are unrelated. Related are: a chain of replacement links from `older` forward
 * through the versions in between (`CALL_FUNCTION` → `PRECALL` + `CALL` in 3.11 → `CALL` in 3.12), one replacement
 * link in either direction whatever its version (`RETURN_CONST` and `LOAD_CONST`), and members of one family of forms.
 */
export function opRelation(older: string, newer: string, olderVersion: string, newerVersion: string): OpRelation | null {
  if (older === newer) return null;
  const key = `${older}|${newer}|${olderVersion}|${newerVersion}`;
  const hit = relationCache.get(key);
  if (hit !== undefined) return hit;
  const found = findRelation(older, newer, olderVersion, newerVersion);
  relationCache.set(key, found);
  return found;
}

function findRelation(older: string, newer: string, olderVersion: string, newerVersion: string): OpRelation | null {
  const links = byOld();
  // A chain of replacements forward in time, within the two versions.
  interface Step { readonly op: string; readonly version: string; readonly path: readonly Replacement[] }
  const queue: Step[] = [{ op: older, version: olderVersion, path: [] }];
  const seen = new Set<string>([older]);
  while (queue.length) {
    const s = queue.shift()!;
    for (const r of links.get(s.op) ?? []) {
      if (compareVersions(r.version, s.version) <= 0 || compareVersions(r.version, newerVersion) > 0) continue;
      for (const next of r.by) {
        const path = [...s.path, r];
        if (next === newer) {
          const last = path[path.length - 1]!;
          return {
            note: path.map(linkNote).join(' Then '),
            ...(last.arg !== undefined && last.by[0] === newer ? { impliedArg: { side: 'newer' as const, value: last.arg } } : {}),
          };
        }
        if (!seen.has(next)) { seen.add(next); queue.push({ op: next, version: r.version, path }); }
      }
    }
  }
  // One link in either direction, whatever its version: the two do the same job.
  for (const r of links.get(older) ?? []) {
    if (r.by.includes(newer)) {
      return { note: linkNote(r), ...(r.arg !== undefined && r.by[0] === newer ? { impliedArg: { side: 'newer' as const, value: r.arg } } : {}) };
    }
  }
  for (const r of links.get(newer) ?? []) {
    if (r.by.includes(older)) {
      return { note: linkNote(r), ...(r.arg !== undefined && r.by[0] === older ? { impliedArg: { side: 'older' as const, value: r.arg } } : {}) };
    }
  }
  for (const f of FAMILIES) if (f.members.includes(older) && f.members.includes(newer)) return { note: f.note };
  return null;
}

/**
 * An instruction's argument as the alignment compares it, from its typed value: a name without the `NULL`/`self` a
 * load pushes for a call (`NULL + len` and `len + NULL` are `len`), the two names of a superinstruction (`x, y`), a
 * comparison operator without the `bool(…)` of 3.13+, a code object constant by name, file and first line (not by
 * address), a small integer by value (`LOAD_SMALL_INT`, whose value `dis` does not repeat), nothing for a jump target
 * (it differs by layout alone), and otherwise `dis`'s text of the argument (other constants, operators, flags).
 * `v` is the version that decoded the instruction.
 */
export function comparableArg(ins: AlignInstruction, v: VersionInfo): string {
  const a = ins.argval;
  switch (a.kind) {
    case 'offset': return '';
    case 'name':
      // 3.15: IMPORT_NAME's flags make `import x` lazy or eager, which is part of what it does.
      if (ins.baseOpcode === v.table.op('IMPORT_NAME') && v.features.importNameFlags && ins.arg !== null && ins.arg & 3 && a.value) {
        return `${a.value} + ${ins.arg & 1 ? 'lazy' : 'eager'}`;
      }
      return a.value;
    case 'names': return `${a.value[0]}, ${a.value[1]}`;
    case 'compare': return a.value;
    case 'const': return a.value.type === 'code' ? codeKey(a.value.code) : ins.argrepr;
    case 'int': return ins.baseOpcode === v.table.op('LOAD_SMALL_INT') ? String(a.value) : ins.argrepr;
    default: return ins.argrepr;
  }
}

/** A code object constant as the alignment compares it: what `dis` shows of it, without its address. */
function codeKey(c: CodeObject): string {
  return `<code object ${c.name}, file ${JSON.stringify(c.filename)}, line ${c.firstlineno}>`;
}

// ---- aligning two sequences ------------------------------------------------------------------------------------

interface Prepared {
  readonly op: string;
  readonly arg: string;
  /** The parts of a superinstruction's argument (`x, y`), else null. */
  readonly parts: readonly string[] | null;
  readonly line: number | null;
  readonly words: readonly string[];
}

function prepare(ins: AlignInstruction, v: VersionInfo): Prepared {
  const op = v.table.opname[ins.baseOpcode] ?? ins.opname;
  const arg = comparableArg(ins, v);
  const parts = SUPERINSTRUCTIONS.has(op) ? (ins.argval.kind === 'names' ? [...ins.argval.value] : [arg]) : null;
  return { op, arg, parts, line: ins.line, words: op.split('_') };
}

// Scores of a pair. Two weak pairs (a different argument) must not outweigh one strong pair; odd points only break
// ties (a superinstruction pairs with the first of its two halves).
const S_SAME = 32;
const S_RELATED = 26;
const S_SAME_OP = 10;
const S_RELATED_OTHER_ARG = 8;
const S_SHARED_WORD = 2;
const S_SAME_LINE = 4;
const S_FIRST_HALF = 1;

interface Pairing { readonly kind: 'same' | 'renamed' | 'changed'; readonly score: number; readonly note?: string }

/** 0 when the arguments differ; else 2, or 1 for the second half of a superinstruction's. */
function argsAgree(x: Prepared, y: Prepared): 0 | 1 | 2 {
  if (x.arg === y.arg) return 2;
  const half = (p: readonly string[], v: string) => (p[0] === v ? 2 : p.includes(v) ? 1 : 0);
  if (x.parts && !y.parts) return half(x.parts, y.arg);
  if (y.parts && !x.parts) return half(y.parts, x.arg);
  return 0;
}

class Scorer {
  private readonly aOlder: boolean;
  private readonly older: string;
  private readonly newer: string;

  constructor(versionA: VersionInfo, versionB: VersionInfo) {
    this.aOlder = compareVersions(versionA.version, versionB.version) <= 0;
    this.older = (this.aOlder ? versionA : versionB).version;
    this.newer = (this.aOlder ? versionB : versionA).version;
  }

  /** Relations of A's opnames to B's (and the shared-word bonus), looked up once per pair of opnames. */
  private readonly relations = new Map<string, Map<string, { readonly rel: OpRelation; readonly shared: number } | null>>();

  private relationOf(x: Prepared, y: Prepared): { readonly rel: OpRelation; readonly shared: number } | null {
    let row = this.relations.get(x.op);
    if (!row) { row = new Map(); this.relations.set(x.op, row); }
    let hit = row.get(y.op);
    if (hit === undefined) {
      const rel = this.aOlder ? opRelation(x.op, y.op, this.older, this.newer) : opRelation(y.op, x.op, this.older, this.newer);
      hit = rel ? { rel, shared: x.words.some((w) => y.words.includes(w)) ? S_SHARED_WORD : 0 } : null;
      row.set(y.op, hit);
    }
    return hit;
  }

  /** The kind and note of the pair {@link score} rated last. */
  private lastKind: Pairing['kind'] = 'same';
  private lastNote: string | undefined;

  /** How `x` (side A) and `y` (side B) pair, or null when they may not. */
  pair(x: Prepared, y: Prepared): Pairing | null {
    const score = this.score(x, y);
    if (!score) return null;
    return this.lastNote === undefined ? { kind: this.lastKind, score } : { kind: this.lastKind, score, note: this.lastNote };
  }

  /** The score of a pair (0: they may not pair), without building the pairing: the table's inner loop. */
  score(x: Prepared, y: Prepared): number {
    const line = x.line !== null && x.line === y.line ? S_SAME_LINE : 0;
    this.lastNote = undefined;
    if (x.op === y.op) {
      const agree = argsAgree(x, y);
      this.lastKind = agree ? 'same' : 'changed';
      return (agree ? S_SAME : S_SAME_OP) + line;
    }
    const r = this.relationOf(x, y);
    if (!r) return 0;
    const agree = this.agreement(x, y, r.rel);
    this.lastKind = agree ? 'renamed' : 'changed';
    this.lastNote = r.rel.note;
    return (agree ? S_RELATED + (agree === 2 ? S_FIRST_HALF : 0) : S_RELATED_OTHER_ARG) + r.shared + line;
  }

  private agreement(x: Prepared, y: Prepared, rel: OpRelation): 0 | 1 | 2 {
    if (!rel.impliedArg) return argsAgree(x, y);
    const newerIsB = this.aOlder;
    const side = (rel.impliedArg.side === 'newer') === newerIsB ? y : x;
    return side.arg === rel.impliedArg.value ? 2 : 0;
  }
}

/**
 * Aligns instruction sequences `a` (decoded with the tables of `versionA`) and `b` (of `versionB`): every instruction
 * of each side appears in exactly one row, in order, paired with the instruction of the other side that does its job
 * where there is one. Versions are any the core decodes (2.7, 3.0 … 3.15), in either order (the same version is allowed).
 */
export function alignInstructions(a: readonly AlignInstruction[], b: readonly AlignInstruction[], versionA: VersionInfo, versionB: VersionInfo,
  options: AlignOptions = {}): AlignedRow[] {
  const pa = a.map((i) => prepare(i, versionA));
  const pb = b.map((i) => prepare(i, versionB));
  const scorer = new Scorer(versionA, versionB);
  const maxCells = options.maxCells ?? 2_000_000;
  const out: AlignedRow[] = [];
  alignRange(pa, pb, 0, pa.length, 0, pb.length, scorer, maxCells, out);
  return noteSuperinstructionParts(out, pa, pb);
}

function sameFamily(x: string, y: string): boolean {
  return x === y || FAMILIES.some((f) => f.members.includes(x) && f.members.includes(y));
}

/**
 * A row of one side next to a row pairing a superinstruction of the other side with one of its halves is its
 * other half (`LOAD_FAST b` beside `LOAD_FAST a` ↔ `LOAD_FAST_LOAD_FAST (a, b)`): it stays unpaired, with a note.
 */
function noteSuperinstructionParts(rows: AlignedRow[], pa: readonly Prepared[], pb: readonly Prepared[]): AlignedRow[] {
  return rows.map((r, i) => {
    if (r.kind !== 'a-only' && r.kind !== 'b-only') return r;
    const mine = r.kind === 'a-only' ? pa[r.a!]! : pb[r.b!]!;
    for (const k of [i - 1, i + 1, i - 2, i + 2]) {
      const n = rows[k];
      if (!n || n.a === null || n.b === null) continue;
      const other = r.kind === 'a-only' ? pb[n.b]! : pa[n.a]!;
      const parts = SUPERINSTRUCTION_PARTS[other.op];
      if (!parts || !other.parts) continue;
      const h = other.parts.findIndex((p, x) => p === mine.arg && sameFamily(parts[x]!, mine.op));
      if (h < 0) continue;
      return { ...r, note: `Done by ${other.op} (${other.parts.join(', ')}) on the other side, which does two instructions in one.` };
    }
    return r;
  });
}

function matchRow(x: number, y: number, p: Pairing): AlignedRow {
  return p.note !== undefined && p.kind !== 'same' ? { kind: p.kind, a: x, b: y, note: p.note } : { kind: p.kind, a: x, b: y };
}

function alignRange(pa: readonly Prepared[], pb: readonly Prepared[], aLo: number, aHi: number, bLo: number, bHi: number,
  scorer: Scorer, maxCells: number, out: AlignedRow[]): void {
  // The common prefix and suffix of identical instructions need no table.
  const head: AlignedRow[] = [];
  while (aLo < aHi && bLo < bHi && pa[aLo]!.op === pb[bLo]!.op && pa[aLo]!.arg === pb[bLo]!.arg) head.push({ kind: 'same', a: aLo++, b: bLo++ });
  const tail: AlignedRow[] = [];
  while (aHi > aLo && bHi > bLo && pa[aHi - 1]!.op === pb[bHi - 1]!.op && pa[aHi - 1]!.arg === pb[bHi - 1]!.arg) tail.push({ kind: 'same', a: --aHi, b: --bHi });
  out.push(...head);
  const n = aHi - aLo;
  const m = bHi - bLo;
  if (n === 0 || m === 0) {
    unpaired(aLo, aHi, bLo, bHi, out);
  } else if ((n + 1) * (m + 1) <= maxCells) {
    alignTable(pa, pb, aLo, aHi, bLo, bHi, scorer, out);
  } else {
    const anchors = lineAnchors(pa, pb, aLo, aHi, bLo, bHi);
    if (!anchors.length) {
      unpaired(aLo, aHi, bLo, bHi, out);
    } else {
      let i = aLo;
      let j = bLo;
      for (const r of anchors) {
        alignRange(pa, pb, i, r.aStart, j, r.bStart, scorer, maxCells, out);
        alignRange(pa, pb, r.aStart, r.aEnd, r.bStart, r.bEnd, scorer, maxCells, out);
        i = r.aEnd;
        j = r.bEnd;
      }
      alignRange(pa, pb, i, aHi, j, bHi, scorer, maxCells, out);
    }
  }
  for (let k = tail.length - 1; k >= 0; k--) out.push(tail[k]!);
}

/** Two ranges left unpaired: A's rows, then B's. */
function unpaired(aLo: number, aHi: number, bLo: number, bHi: number, out: AlignedRow[]): void {
  for (let i = aLo; i < aHi; i++) out.push({ kind: 'a-only', a: i, b: null });
  for (let j = bLo; j < bHi; j++) out.push({ kind: 'b-only', a: null, b: j });
}

/** The weighted longest common subsequence of two ranges, by a full score table. */
function alignTable(pa: readonly Prepared[], pb: readonly Prepared[], aLo: number, aHi: number, bLo: number, bHi: number,
  scorer: Scorer, out: AlignedRow[]): void {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const w = m + 1;
  const h = new Int32Array((n + 1) * w);
  for (let i = 1; i <= n; i++) {
    const x = pa[aLo + i - 1]!;
    for (let j = 1; j <= m; j++) {
      const up = h[(i - 1) * w + j]!;
      const left = h[i * w + j - 1]!;
      let best = up > left ? up : left;
      const s = scorer.score(x, pb[bLo + j - 1]!);
      if (s > 0) {
        const diag = h[(i - 1) * w + j - 1]! + s;
        if (diag > best) best = diag;
      }
      h[i * w + j] = best;
    }
  }
  const rev: AlignedRow[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0) {
      const p = scorer.pair(pa[aLo + i - 1]!, pb[bLo + j - 1]!);
      if (p && h[i * w + j] === h[(i - 1) * w + j - 1]! + p.score) {
        rev.push(matchRow(aLo + i - 1, bLo + j - 1, p));
        i--; j--;
        continue;
      }
    }
    // Walking back, B's rows first: in a gap, A's rows then come before B's.
    if (j > 0 && (i === 0 || h[i * w + j] === h[i * w + j - 1])) { rev.push({ kind: 'b-only', a: null, b: bLo + j - 1 }); j--; }
    else { rev.push({ kind: 'a-only', a: aLo + i - 1, b: null }); i--; }
  }
  for (let k = rev.length - 1; k >= 0; k--) out.push(rev[k]!);
}

interface Run { readonly line: number; readonly start: number; readonly end: number }

function lineRuns(p: readonly Prepared[], lo: number, hi: number): Run[] {
  const runs: Run[] = [];
  let i = lo;
  while (i < hi) {
    const line = p[i]!.line;
    let k = i + 1;
    while (k < hi && p[k]!.line === line) k++;
    if (line !== null) runs.push({ line, start: i, end: k });
    i = k;
  }
  return runs;
}

/**
 * Anchors for a range too large for one table: runs of one source line that occur exactly once on each side, the
 * longest increasing sequence of them (patience diff). A run that is the whole range on both sides is no anchor.
 */
function lineAnchors(pa: readonly Prepared[], pb: readonly Prepared[], aLo: number, aHi: number, bLo: number, bHi: number):
  { aStart: number; aEnd: number; bStart: number; bEnd: number }[] {
  const ra = lineRuns(pa, aLo, aHi);
  const rb = lineRuns(pb, bLo, bHi);
  const once = (runs: Run[]) => {
    const count = new Map<number, number>();
    for (const r of runs) count.set(r.line, (count.get(r.line) ?? 0) + 1);
    return new Map(runs.filter((r) => count.get(r.line) === 1).map((r) => [r.line, r] as const));
  };
  const ua = once(ra);
  const ub = once(rb);
  const pairs = [...ua.values()].filter((r) => ub.has(r.line)).map((r) => ({ a: r, b: ub.get(r.line)! }));
  // Longest increasing subsequence of the B positions, in A order (patience sorting).
  const tails: number[] = [];
  const prev = new Int32Array(pairs.length).fill(-1);
  for (let k = 0; k < pairs.length; k++) {
    const v = pairs[k]!.b.start;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]!]!.b.start < v) lo = mid + 1; else hi = mid;
    }
    if (lo > 0) prev[k] = tails[lo - 1]!;
    tails[lo] = k;
  }
  const chain: { aStart: number; aEnd: number; bStart: number; bEnd: number }[] = [];
  for (let k = tails.length ? tails[tails.length - 1]! : -1; k >= 0; k = prev[k]!) {
    const p = pairs[k]!;
    chain.push({ aStart: p.a.start, aEnd: p.a.end, bStart: p.b.start, bEnd: p.b.end });
  }
  chain.reverse();
  if (chain.length === 1 && chain[0]!.aStart === aLo && chain[0]!.aEnd === aHi && chain[0]!.bStart === bLo && chain[0]!.bEnd === bHi) return [];
  return chain;
}

/** The counts of an alignment of `a` and `b`. */
export function summarizeAlignment(rows: readonly AlignedRow[], a: readonly AlignInstruction[], b: readonly AlignInstruction[]): AlignSummary {
  const count = (k: AlignRowKind) => rows.reduce((n, r) => n + (r.kind === k ? 1 : 0), 0);
  return {
    a: a.length, b: b.length, same: count('same'), renamed: count('renamed'), changed: count('changed'),
    aOnly: count('a-only'), bOnly: count('b-only'), ...opnamesOnly(a, b),
  };
}

/** The opnames that occur in `a` but nowhere in `b`, and the reverse (sorted). */
function opnamesOnly(a: readonly AlignInstruction[], b: readonly AlignInstruction[]): Pick<AlignSummary, 'opnamesOnlyA' | 'opnamesOnlyB'> {
  const opsA = new Set(a.map((i) => i.opname));
  const opsB = new Set(b.map((i) => i.opname));
  return {
    opnamesOnlyA: [...opsA].filter((o) => !opsB.has(o)).sort(),
    opnamesOnlyB: [...opsB].filter((o) => !opsA.has(o)).sort(),
  };
}

// ---- pairing code objects --------------------------------------------------------------------------------------

const COMPREHENSION = /(^|\.)<(listcomp|dictcomp|setcomp)>$/;

function missingNote(qualname: string, present: string, absent: string): string | undefined {
  if (COMPREHENSION.test(qualname) && !versionAtLeast(present, 3, 12) && versionAtLeast(absent, 3, 12)) {
    return `CPython ${absent} inlines list, dict and set comprehensions into the enclosing code (PEP 709, 3.12): no code object of their own.`;
  }
  return undefined;
}

/**
 * Aligns two compilations of one source: code objects paired by qualified name (the one with the same first line
 * first, then in order), each pair's instructions aligned by {@link alignInstructions}. A code object without a
 * counterpart gets all its rows as `a-only` or `b-only`.
 */
export function alignModules(a: DecodedModule, b: DecodedModule, options: AlignOptions = {}): ModuleAlignment {
  const va = a.version.version;
  const vb = b.version.version;
  const ins = (co: ModuleCode) => co.decoded.instructions;
  const freeB = new Map<string, number[]>();
  b.codeObjects.forEach((co, j) => { const l = freeB.get(co.qualname) ?? []; l.push(j); freeB.set(co.qualname, l); });
  const pairOf = new Map<number, number>();
  // Same name and first line first, then same name in order.
  for (const exact of [true, false]) {
    a.codeObjects.forEach((co, i) => {
      if (pairOf.has(i)) return;
      const list = freeB.get(co.qualname);
      if (!list?.length) return;
      const k = exact ? list.findIndex((j) => b.codeObjects[j]!.code.firstlineno === co.code.firstlineno) : 0;
      if (k < 0) return;
      pairOf.set(i, list[k]!);
      list.splice(k, 1);
    });
  }
  const entries: CodeObjectAlignment[] = a.codeObjects.map((co, i) => {
    const j = pairOf.get(i);
    const other = j === undefined ? null : b.codeObjects[j]!;
    const rows = other ? alignInstructions(ins(co), ins(other), a.version, b.version, options) : ins(co).map((_, k) => ({ kind: 'a-only' as const, a: k, b: null }));
    const note = other ? undefined : missingNote(co.qualname, va, vb);
    return {
      qualname: co.qualname, firstLine: co.code.firstlineno, a: co, b: other, aIndex: i, bIndex: j ?? null, rows,
      summary: summarizeAlignment(rows, ins(co), other ? ins(other) : []), ...(note ? { note } : {}),
    };
  });
  const pairedB = new Set(pairOf.values());
  b.codeObjects.forEach((co, j) => {
    if (pairedB.has(j)) return;
    const rows = ins(co).map((_, k) => ({ kind: 'b-only' as const, a: null, b: k }));
    const note = missingNote(co.qualname, vb, va);
    const entry: CodeObjectAlignment = {
      qualname: co.qualname, firstLine: co.code.firstlineno, a: null, b: co, aIndex: null, bIndex: j, rows,
      summary: summarizeAlignment(rows, [], ins(co)), ...(note ? { note } : {}),
    };
    // After the entry of the code object that precedes it in B (and the A-only entries that follow that one).
    let at = 0;
    let best = -1;
    entries.forEach((e, k) => { if (e.bIndex !== null && e.bIndex < j && e.bIndex > best) { best = e.bIndex; at = k + 1; } });
    while (at < entries.length && entries[at]!.bIndex === null) at++;
    entries.splice(at, 0, entry);
  });
  const allA = a.codeObjects.flatMap(ins);
  const allB = b.codeObjects.flatMap(ins);
  const sum = (f: (s: AlignSummary) => number) => entries.reduce((n, e) => n + f(e.summary), 0);
  return {
    versionA: va, versionB: vb, objects: entries,
    totals: {
      a: allA.length, b: allB.length, same: sum((s) => s.same), renamed: sum((s) => s.renamed), changed: sum((s) => s.changed),
      aOnly: sum((s) => s.aOnly), bOnly: sum((s) => s.bOnly), ...opnamesOnly(allA, allB),
    },
  };
}

/**
 * Decodes two `.pyc` files (or code objects read as a version) of one source and aligns them: {@link alignModules}
 * of their {@link decodeModule}s.
 */
export function alignPycs(a: { readonly version: string; readonly code: CodeObject }, b: { readonly version: string; readonly code: CodeObject },
  options: AlignOptions = {}): ModuleAlignment {
  return alignModules(decodeModule(a), decodeModule(b), options);
}
