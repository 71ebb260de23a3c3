/**
 * @bytescope/core — read CPython `.pyc` files of any modern version and disassemble them exactly as that
 * version's `dis` does. Zero dependencies; runs in Node and browsers.
 */
export { BytescopeError, isBytescopeError, outputBudget, isStackOverflow, type BytescopeErrorKind } from './errors.js';
export type { PyObject } from './pyc/objects.js';
export { codeAddress, codeRepr, type CodeObject, type CodeLayout } from './pyc/code-object.js';
export { lookupMagic, readMagic, type MagicInfo } from './pyc/magic.js';
export { parsePycHeader, type PycHeader, type PycInvalidation } from './pyc/header.js';
export { readMarshal, codeLayoutFor, MAX_MARSHAL_DEPTH, MAX_MARSHAL_EXPANSION, type MarshalOptions } from './pyc/marshal.js';
export { readPyc, type PycFile, type ReadPycOptions } from './pyc/read-pyc.js';
export { compareCodeUnits } from './order.js';
export { parseExceptionTable, type ExceptionTableEntry } from './bytecode/exception-table.js';
export type { LineRange, Position } from './bytecode/line-table.js';
export { OpcodeTable, type OpcodeTableData, type StackEffectModel } from './bytecode/opcode-table.js';
export { getVersion, DIS_VERSIONS, disVersionRange, type VersionInfo } from './version/registry.js';
export { featuresOf, type VersionFeatures } from './version/features.js';
export { parsePyVersion, pyVersionOf, asPyVersion, compareVersions, versionAtLeast, isReadableVersion, checkReadableVersion, type PyVersion } from './version/py-version.js';
export { PYTHON_VERSIONS, DEFAULT_PYTHON_VERSION, isPythonVersion, pythonVersionRange, type PythonVersion } from './version/supported.js';
export { decodeCode, codeLines, findLineStarts, lineAtOffset, type DecodedCode, type Instruction, type ArgValue } from './bytecode/decode.js';
export { disassembleToText, writeDisassembly, checkDisOptions, supportedDisOptions, textOutputBudget, DIS_TEXT_MAX_OUTPUT, type DisOptions } from './text/dis-text.js';
export type { ListingColumn } from './text/dis-options.js';
export { stackColumn, formatSymbolic, type StackColumnOptions } from './text/stack-column.js';
export { REPR_MAX_LENGTH, REPR_MAX_INT_DIGITS, reprInt, reprObject, reprStr, reprBytes, reprFloat, reprComplex, printableTableFromRanges, type PrintableTable } from './text/repr.js';
export { toJsonModel, disInstructionFields, prettyFlagNames, JSON_MAX_CODE_OBJECTS, type JsonModelInput } from './json/model.js';
export { jsonOutputBudget, JSON_MAX_OUTPUT } from './json/size.js';
export {
  JSON_SCHEMA_ID, type BytescopeJson, type JsonModelOptions, type JsonCodeObject, type JsonInstruction,
  type JsonPyValue, type JsonPyObject, type JsonPyType, type JsonConst, type JsonPositions, type JsonCacheInfoItem,
  type JsonCache, type JsonCacheField, type JsonExceptionEntry, type JsonExceptionHandler, type JsonHeader,
} from './json/schema.js';
export {
  explain, allOpnames, allEntries, opnameVersions, referenceVersions, referenceIndex, referenceTimeline, searchReference,
  summaryOf, stackEffectAt, describeMissing, formatEntry, formatVersionDiff, referenceExamples, versionDiff, opHistory, historyBrief,
  parseSignature, type StackSignature, type StackItem,
  type ReferenceEntry, type StackEffectInfo, type StackEffectAt, type CacheInfo, type ExampleInfo, type ReferenceIndexItem,
  type SearchHit, type SearchOptions, type TimelineStep, type ExampleCheck, type VersionDiff, type OpHistory,
  type HistoryEvent, type ReplacementLink, type OpKind, type ArgumentInfo, type ArgKind,
} from './reference/index.js';
export { codeTree, MAX_CODE_TREE_NODES, type CodeTreeNode } from './pyc/code-tree.js';
// Analyses work on decoded code (`decodeModule`: every code object's typed instructions, in the JSON model's order),
// never on the JSON model or display texts; opname categories have one home (analysis/categories.ts).
export { decodeModule, type DecodedModule, type ModuleCode } from './analysis/decoded-module.js';
export { qualnames, type QualnameCode, type QualnameNode } from './analysis/qualnames.js';
export { exceptionNesting, type HandlerNesting } from './analysis/exception-nesting.js';
export {
  SIMPLE_LOADS, PAIR_LOADS, TYPE_FAMILIES, CONST_LOADS, VARIABLE_LOADS, VARIABLE_WRITES, SUPERINSTRUCTIONS, SUPERINSTRUCTION_PARTS,
  LOAD_FAST_FORMS, STORE_FAST_FORMS, UNCONDITIONAL_JUMPS, SCOPE_EXITS, NO_FALLTHROUGH, STRING_BUILDS, opcodesOf,
} from './analysis/categories.js';
export {
  alignInstructions, alignModules, alignPycs, comparableArg, opRelation, summarizeAlignment,
  type AlignInstruction, type AlignRowKind, type AlignedRow, type AlignSummary,
  type CodeObjectAlignment, type ModuleAlignment, type AlignOptions, type OpRelation,
} from './analysis/align.js';
export {
  buildCfg, flowKinds, flowKindOf, handlerEntryDepth, dominates, loopBlocks,
  type ControlFlowGraph, type BasicBlock, type CfgEdge, type CfgLoop, type EdgeKind, type FlowKind, type HandlerEntry,
} from './analysis/cfg.js';
export { computeStackDepths, compilerStacksize, checkStackSize, type StackDepths, type StackSizeCheck } from './analysis/stack-depth.js';
export { instructionEffect, initialStackDepth, MAX_STACK_DEPTH } from './analysis/stack-effect.js';
export {
  symbolicStack, slotFlow, MERGED_SLOT, UNKNOWN_SLOT, SYMBOLIC_MAX_LENGTH, type SymbolicStack, type SymbolicStackOptions,
} from './analysis/symbolic-stack.js';
export { pycHeaderFields, type PycHeaderField } from './pyc/header.js';
export {
  byteMap, leafAt, rangePath, rangeName, formatRangePath, childRanges, childByLabel, resolveRef, MAX_BYTE_MAP_RANGES,
  type ByteMap, type ByteRange, type ByteRangeKind, type ByteObjectType, type ByteMapOptions,
} from './pyc/byte-map.js';
// A trace of a program run in real CPython (recorded by @bytescope/python's traceInRuntime; docs/json-schema.md "Trace").
export {
  TRACE_SCHEMA_ID, TRACE_REPR_MAX, TRACE_STACK_MAX, traceCodeOf, stdoutBefore,
  type Trace, type TraceStep, type TraceSlot, type TraceCode, type TraceLocalName, type TraceFallback, type TraceTruncation,
  type TraceOutcome, type TraceEvent, type SlotKind, type StackSource, type TruncationReason, type LocalKind,
} from './trace/model.js';
