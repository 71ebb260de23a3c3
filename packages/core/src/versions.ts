/**
 * The CPython versions whose bytecode Bytescope decodes, each with its generated opcode table and the few
 * named switches where `dis` behaves differently between versions. Versions are data: one decoder and one
 * formatter read these.
 */
import t310 from './tables/cpython-310.js';
import t311 from './tables/cpython-311.js';
import t312 from './tables/cpython-312.js';
import t313 from './tables/cpython-313.js';
import t314 from './tables/cpython-314.js';
import t315 from './tables/cpython-315.js';
import { OpcodeTable, type OpcodeTableData } from './opcode-table.js';
import { registerFinalMagic } from './magic.js';
import { printableTableFromRanges, type PrintableTable } from './repr.js';

/** Behaviour switches of one version's `dis` and bytecode format. */
export interface VersionFeatures {
  /** 3.11+: inline CACHE code units follow some instructions. */
  readonly hasCaches: boolean;
  /** 3.11+: the code object has an exception table (before: SETUP_* opcodes). */
  readonly hasExceptionTable: boolean;
  /** 3.13+: jump targets get labels `L1:` and offsets are hidden unless asked for. */
  readonly labelsInListing: boolean;
  /** 3.11+: the PEP 657 location table (with columns); 3.10: the PEP 626 line table. */
  readonly locationTable: boolean;
  /** 3.12+: `co_lines()` merges consecutive ranges of the same line. */
  readonly mergeLineRanges: boolean;
  /** 3.13+: `findlinestarts` yields a start for a range without a line (`None`). */
  readonly noneLineStarts: boolean;
  /** 3.12+: relative jumps count from the end of the instruction's caches. */
  readonly jumpsSkipCaches: boolean;
  /** 3.11+: `dis` wraps EXTENDED_ARG accumulation like a signed 32-bit C int. */
  readonly wrapExtendedArg: boolean;
  /** 3.11 only: of the `hasconst` opcodes, only LOAD_CONST shows its constant. */
  readonly onlyLoadConstResolves: boolean;
  /** 3.13+: `NULL` markers follow the name (`x + NULL`); before they precede it (`NULL + x`). */
  readonly nullAfterName: boolean;
  /** 3.12+: LOAD_ATTR's oparg carries a method bit (name index = arg >> 1). */
  readonly loadAttrMethodBit: boolean;
  /** 3.11+: LOAD_GLOBAL's oparg carries a NULL bit (name index = arg >> 1). */
  readonly loadGlobalNullBit: boolean;
  /** 3.15+: IMPORT_NAME's oparg carries lazy/eager bits (name index = arg >> 2). */
  readonly importNameFlags: boolean;
  /** COMPARE_OP: how far the comparison index is shifted inside the oparg (0, 4 or 5). */
  readonly compareShift: number;
  /** 3.13+: COMPARE_OP bit 16 asks for a bool result: shown as `bool(<)`. */
  readonly compareBoolBit: boolean;
  /** 3.12+: CACHE lines show `name: value` whether or not the instruction is specialized. */
  readonly cacheValuesAlways: boolean;
  /** 3.13 only: every cache field's value is read from the first cache unit (a bug of that `dis`). */
  readonly cacheValueFromFirstUnit: boolean;
  /** 3.14+: IS_OP / CONTAINS_OP show `is`/`is not`, `in`/`not in`. */
  readonly isContainsArgrepr: boolean;
  /** 3.15+: LOAD_COMMON_CONSTANT's `argval` is the constant, not the oparg. */
  readonly commonConstantArgval: boolean;
  /** Options this version's `dis` has. */
  readonly options: { readonly showCaches: boolean; readonly showOffsets: boolean; readonly showPositions: boolean };
}

/** A supported version: its tables and switches. */
export interface VersionInfo {
  /** `major.minor`, e.g. `3.14`. */
  readonly version: string;
  readonly table: OpcodeTable;
  readonly features: VersionFeatures;
  /** `str.isprintable()` of this version, for `repr`. */
  readonly printable: PrintableTable;
}

function features(minor: number): VersionFeatures {
  return {
    hasCaches: minor >= 11,
    hasExceptionTable: minor >= 11,
    labelsInListing: minor >= 13,
    locationTable: minor >= 11,
    mergeLineRanges: minor >= 12,
    noneLineStarts: minor >= 13,
    jumpsSkipCaches: minor >= 12,
    wrapExtendedArg: minor >= 11,
    onlyLoadConstResolves: minor === 11,
    nullAfterName: minor >= 13,
    loadAttrMethodBit: minor >= 12,
    loadGlobalNullBit: minor >= 11,
    importNameFlags: minor >= 15,
    compareShift: minor >= 13 ? 5 : minor === 12 ? 4 : 0,
    compareBoolBit: minor >= 13,
    cacheValuesAlways: minor >= 12,
    cacheValueFromFirstUnit: minor === 13,
    isContainsArgrepr: minor >= 14,
    commonConstantArgval: minor >= 15,
    options: { showCaches: minor >= 11, showOffsets: minor >= 13, showPositions: minor >= 14 },
  };
}

const DATA: readonly OpcodeTableData[] = [t310, t311, t312, t313, t314, t315];
const cache = new Map<string, VersionInfo>();
for (const d of DATA) registerFinalMagic(d.version, d.magic);

/** The versions whose bytecode can be disassembled, oldest first. */
export const DIS_VERSIONS: readonly string[] = DATA.map((d) => d.version);

/** The tables and switches of `version` (`3.10` … `3.15`), or undefined when there are none. */
export function getVersion(version: string): VersionInfo | undefined {
  const hit = cache.get(version);
  if (hit) return hit;
  const data = DATA.find((d) => d.version === version);
  if (!data) return undefined;
  const minor = Number(version.split('.')[1]);
  const info: VersionInfo = {
    version,
    table: new OpcodeTable(data),
    features: features(minor),
    printable: printableTableFromRanges(data.nonPrintable),
  };
  cache.set(version, info);
  return info;
}
