/**
 * The versions whose bytecode Bytescope decodes, each with its generated opcode table and its feature switches.
 * Versions are data: one decoder and one formatter read these. Each table is a function that parses its data (JSON
 * text) when first asked for, so that a listing of one version reads no other version's table.
 */
import t27 from '../tables/cpython-27.js';
import t30 from '../tables/cpython-30.js';
import t31 from '../tables/cpython-31.js';
import t32 from '../tables/cpython-32.js';
import t33 from '../tables/cpython-33.js';
import t34 from '../tables/cpython-34.js';
import t35 from '../tables/cpython-35.js';
import t36 from '../tables/cpython-36.js';
import t37 from '../tables/cpython-37.js';
import t38 from '../tables/cpython-38.js';
import t39 from '../tables/cpython-39.js';
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

/** The function that makes each version's table data, oldest first. */
const DATA: ReadonlyArray<readonly [string, () => OpcodeTableData]> = [
  ['2.7', t27], ['3.0', t30], ['3.1', t31], ['3.2', t32], ['3.3', t33], ['3.4', t34], ['3.5', t35], ['3.6', t36],
  ['3.7', t37], ['3.8', t38], ['3.9', t39],
  ['3.10', t310], ['3.11', t311], ['3.12', t312], ['3.13', t313], ['3.14', t314], ['3.15', t315],
];
const cache = new Map<string, VersionInfo>();

/** The versions whose bytecode can be disassembled, oldest first. */
export const DIS_VERSIONS: readonly string[] = DATA.map(([v]) => v);

/** The tables and switches of `version` (`2.7`, `3.0` … `3.15`), or undefined when there are none. */
export function getVersion(version: string): VersionInfo | undefined {
  const hit = cache.get(version);
  if (hit) return hit;
  const entry = DATA.find(([v]) => v === version);
  const release = parsePyVersion(version);
  if (!entry || !release) return undefined;
  const data = entry[1]();
  if (data.version !== version) throw new Error(`the table of ${version} says it is ${data.version}`);
  const features = featuresOf(release);
  const info: VersionInfo = {
    version,
    release,
    table: new OpcodeTable(data),
    features,
    printable: printableTableFromRanges(data.nonPrintable, features.python2Repr ? 'python2' : features.floatRepr17 ? 'float17' : undefined),
  };
  cache.set(version, info);
  return info;
}

/** The versions that can be disassembled as a range for messages: `2.7 … 3.15`. */
export function disVersionRange(separator = ' … '): string {
  return `${DIS_VERSIONS[0]}${separator}${DIS_VERSIONS[DIS_VERSIONS.length - 1]}`;
}
