/**
 * @bytescope/core — read CPython `.pyc` files of any modern version and disassemble them exactly as that
 * version's `dis` does. Zero dependencies; runs in Node and browsers.
 */
export { BytescopeError, outputBudget, isStackOverflow, type BytescopeErrorKind } from './errors.js';
export type { PyObject } from './objects.js';
export { codeAddress, type CodeObject, type CodeLayout } from './code-object.js';
export { lookupMagic, readMagic, type MagicInfo } from './magic.js';
export { parsePycHeader, type PycHeader, type PycInvalidation } from './pyc-header.js';
export { readMarshal, codeLayoutFor, MAX_MARSHAL_DEPTH, MAX_MARSHAL_EXPANSION, type MarshalOptions } from './marshal.js';
export { readPyc, type PycFile, type ReadPycOptions } from './pyc.js';
export { parseExceptionTable, type ExceptionTableEntry } from './exception-table.js';
export type { LineRange, Position } from './line-table.js';
export { OpcodeTable, type OpcodeTableData, type StackEffectModel } from './opcode-table.js';
export { getVersion, DIS_VERSIONS, type VersionInfo, type VersionFeatures } from './versions.js';
export { decodeCode, codeLines, findLineStarts, type DecodedCode, type Instruction, type ArgValue } from './instructions.js';
export { disassembleToText, writeDisassembly, checkDisOptions, codeRepr, textOutputBudget, DIS_TEXT_MAX_OUTPUT, type DisOptions } from './dis-text.js';
export { REPR_MAX_LENGTH, REPR_MAX_INT_DIGITS, reprInt, reprObject, reprStr, reprBytes, reprFloat, reprComplex, printableTableFromRanges, type PrintableTable } from './repr.js';
export {
  toJsonModel, jsonOutputBudget, JSON_MAX_OUTPUT, disInstructionFields, prettyFlagNames, JSON_SCHEMA_ID, JSON_MAX_CODE_OBJECTS,
  type BytescopeJson, type JsonModelInput, type JsonModelOptions, type JsonCodeObject, type JsonInstruction,
  type JsonPyValue, type JsonPyObject, type JsonPyType, type JsonConst, type JsonPositions, type JsonCacheInfoItem,
  type JsonCache, type JsonCacheField, type JsonExceptionEntry, type JsonExceptionHandler, type JsonHeader,
} from './json-model.js';
export {
  explain, allOpnames, allEntries, opnameVersions, referenceVersions, referenceIndex, referenceTimeline, searchReference,
  summaryOf, stackEffectAt, describeMissing, formatEntry, formatVersionDiff, referenceExamples, versionDiff, opHistory,
  parseSignature, type StackSignature, type StackItem,
  type ReferenceEntry, type StackEffectInfo, type StackEffectAt, type CacheInfo, type ExampleInfo, type ReferenceIndexItem,
  type SearchHit, type SearchOptions, type TimelineStep, type ExampleCheck, type VersionDiff, type OpHistory,
  type HistoryEvent, type ReplacementLink, type OpKind, type ArgumentInfo, type ArgKind,
} from './reference/index.js';
export {
  alignInstructions, alignModels, comparableArg, opRelation, qualnames, summarizeAlignment,
  type AlignInstruction, type AlignCode, type AlignModel, type AlignRowKind, type AlignedRow, type AlignSummary,
  type CodeObjectAlignment, type ModelAlignment, type AlignOptions, type OpRelation,
} from './analysis/align.js';
