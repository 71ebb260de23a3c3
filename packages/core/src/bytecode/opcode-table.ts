/**
 * The shape of one CPython version's generated opcode data (see `tables/cpython-3XX.ts`, written by
 * `npm run gen:tables` from the real interpreter), and the indexed form the decoder uses.
 */

/**
 * Net stack effect as a function of the oparg: constant, linear, per-byte linear, or tabulated by low byte. In the
 * per-byte form `perArg` counts the low byte and `perHighArg` the rest (`oparg >> 8`); with `perArg16` (3.0–3.5,
 * whose compiler counts the second byte modulo 256 and a third part from bit 16) `perHighArg` counts the second
 * byte only and `perArg16` counts `oparg >> 16`.
 */
export type StackEffectModel =
  | number
  | { base: number; perArg: number; perHighArg?: number; perArg16?: number }
  | { byLowByte: number[] };

/**
 * Generated data for one CPython version. Opcode sets hold opcode numbers. A field the version has nothing for is
 * empty: before 3.11 no caches or specializations; before 3.6 (and in 2.7, which has no `dis.stack_effect`) no stack
 * effects; 2.7 no `nonPrintable` (Python 2's `repr` escapes every non-ASCII character).
 */
export interface OpcodeTableData {
  version: string;
  fullVersion: string;
  /** The magic number of the version's final release (for 3.0–3.5, the last one CPython's history gives it). */
  magic: number;
  marshalVersion: number;
  cacheTag: string;
  haveArgument: number;
  extendedArg: number;
  /** Name of every real opcode 0–255 (specialized names included; holes are `<n>`). */
  opname: string[];
  /** Pseudo-instructions (never in bytecode): name → number ≥ 256. */
  pseudo: Record<string, number>;
  hasarg: number[];
  hasconst: number[];
  hasname: number[];
  hasjrel: number[];
  hasjabs: number[];
  hasjump?: number[];
  haslocal: number[];
  hascompare: number[];
  hasfree: number[];
  hasexc?: number[];
  /** 3.3–3.9 (empty from 3.6): opcodes whose oparg is `positional + 256 * keyword` argument counts. */
  hasnargs?: number[];
  /** Specialized opcode → its base opcode (3.11+). */
  deopt: Record<string, number>;
  /** Base opname → number of inline cache code units. */
  cacheEntries: Record<string, number>;
  /** Base opname → cache fields in order, `[name, size in code units]`. */
  cacheFormat: Record<string, [string, number][]>;
  cmpOp: string[];
  /** `[NB_ name, operator text]` by BINARY_OP oparg (3.11+). */
  nbOps: string[][];
  intrinsic1: string[];
  intrinsic2: string[];
  specialMethods: string[];
  commonConstants: { repr: string; isType: boolean }[];
  /** MAKE_FUNCTION / SET_FUNCTION_ATTRIBUTE flag names by bit. */
  functionFlags: string[];
  /** FORMAT_VALUE conversion names by `arg & 3` (≤ 3.12). */
  formatValueConverters: string[];
  /** `dis.COMPILER_FLAG_NAMES` as `[bit, name]`. */
  compilerFlagNames: [number, string][];
  /** Base and pseudo opname → net stack effect without and with the jump taken. */
  stackEffects: Record<string, { noJump: StackEffectModel; jump: StackEffectModel }>;
  /** Non-printable code points as half-open ranges `[start, end, …]`, per this version's Unicode database. */
  nonPrintable: number[];
}

/** Bits of {@link OpcodeTable.flags}: which argument kinds an opcode has (from the `has*` sets). */
export const enum OpFlag {
  Arg = 1, Const = 2, Name = 4, JRel = 8, JAbs = 16, Jump = 32, Local = 64, Compare = 128, Free = 256, Exc = 512,
  /** `hasnargs` (3.3–3.5: the oparg packs positional and keyword argument counts). */
  NArgs = 1024,
}

/** One version's opcode data, indexed for the decoder. */
export class OpcodeTable {
  /** The generated data this table was built from. */
  readonly data: OpcodeTableData;
  /** Opcode name by number (0–255). */
  readonly opname: readonly string[];
  /** {@link OpFlag} bits by opcode number (0–255), of the base opcode. */
  readonly flags: Uint16Array;
  /** Base (de-specialized) opcode by opcode number. */
  readonly deopt: Uint8Array;
  /** Inline cache code units by opcode number (looked up through the base opcode). */
  readonly cacheUnits: Uint8Array;
  private readonly byName: Map<string, number>;

  constructor(data: OpcodeTableData) {
    this.data = data;
    this.opname = data.opname;
    this.byName = new Map();
    data.opname.forEach((n, i) => { if (!n.startsWith('<')) this.byName.set(n, i); });
    for (const [n, i] of Object.entries(data.pseudo)) this.byName.set(n, i);
    this.deopt = new Uint8Array(256);
    for (let i = 0; i < 256; i++) this.deopt[i] = data.deopt[i] ?? i;
    const sets: [number[] | undefined, OpFlag][] = [
      [data.hasarg, OpFlag.Arg], [data.hasconst, OpFlag.Const], [data.hasname, OpFlag.Name],
      [data.hasjrel, OpFlag.JRel], [data.hasjabs, OpFlag.JAbs], [data.hasjump, OpFlag.Jump],
      [data.haslocal, OpFlag.Local], [data.hascompare, OpFlag.Compare], [data.hasfree, OpFlag.Free],
      [data.hasexc, OpFlag.Exc], [data.hasnargs, OpFlag.NArgs],
    ];
    const base = new Uint16Array(256);
    for (const [set, bit] of sets) for (const op of set ?? []) if (op < 256) base[op]! |= bit;
    this.flags = new Uint16Array(256);
    this.cacheUnits = new Uint8Array(256);
    for (let i = 0; i < 256; i++) {
      const b = this.deopt[i]!;
      this.flags[i] = base[b]!;
      this.cacheUnits[i] = data.cacheEntries[this.opname[b]!] ?? 0;
    }
  }

  /** The number of an opcode by name, or -1 when this version has no such opcode. */
  op(name: string): number {
    return this.byName.get(name) ?? -1;
  }
}
