/**
 * The core's test kit (`@bytescope/core/testkit`): what tests and the fuzz harness use to build input by hand, in
 * any JavaScript runtime. Not part of the library: it lives outside `src/` and is not reachable from the main entry.
 * File locations of the test data (Node only) are in `@bytescope/core/testkit/corpora`.
 */
export { MarshalWriter, writeMarshal, le32, rawNode, refNode, selfRefNode, utf8Surrogatepass } from './marshal-writer.js';
export { instruction, assemble, exceptionTableEntry, returnConst, makeCode, codeObjectsOf, versionInfo, type Op, type CodeSpec, type CodeWalkOptions } from './code.js';
export { pycHeader, assemblePyc, type PycHeaderFields } from './pyc.js';
export { Prng, fnv1a } from './prng.js';
export { listingLineStarts, coLinesLineStarts, compareLineStarts, type LineStartsComparison } from './line-starts.js';
