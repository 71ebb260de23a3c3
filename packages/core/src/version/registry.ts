/**
 * The versions whose bytecode Bytescope decodes, each with its generated opcode table and its feature switches.
 * Versions are data: one decoder and one formatter read these.
 */
import t310 from '../tables/cpython-310.js';
import t311 from '../tables/cpython-311.js';
import t312 from '../tables/cpython-312.js';
import t313 from '../tables/cpython-313.js';
import t314 from '../tables/cpython-314.js';
import t315 from '../tables/cpython-315.js';
import { OpcodeTable, type OpcodeTableData } from '../bytecode/opcode-table.js';
import { printableTableFromRanges, type PrintableTable } from '../text/repr.js';
import { featuresOf, type VersionFeatures } from './features.js';
import { parsePyVersion, type PyVersion } from './py-version.js';

/** A version that can be disassembled: its tables and switches. */
export interface VersionInfo {
  /** `major.minor`, e.g. `3.14`. */
  readonly version: string;
  /** The same version as a value (compare with `versionAtLeast`, never as text). */
  readonly release: PyVersion;
  readonly table: OpcodeTable;
  readonly features: VersionFeatures;
  /** `str.isprintable()` of this version, for `repr`. */
  readonly printable: PrintableTable;
}

const DATA: readonly OpcodeTableData[] = [t310, t311, t312, t313, t314, t315];
const cache = new Map<string, VersionInfo>();

/** The versions whose bytecode can be disassembled, oldest first. */
export const DIS_VERSIONS: readonly string[] = DATA.map((d) => d.version);

/** The tables and switches of `version` (`3.10` … `3.15`), or undefined when there are none. */
export function getVersion(version: string): VersionInfo | undefined {
  const hit = cache.get(version);
  if (hit) return hit;
  const data = DATA.find((d) => d.version === version);
  const release = parsePyVersion(version);
  if (!data || !release) return undefined;
  const info: VersionInfo = {
    version,
    release,
    table: new OpcodeTable(data),
    features: featuresOf(release),
    printable: printableTableFromRanges(data.nonPrintable),
  };
  cache.set(version, info);
  return info;
}
