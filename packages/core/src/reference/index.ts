/**
 * The instruction reference across versions: every opcode of CPython 3.10–3.15 explained, with its stack effect,
 * argument, caches, family, a live-checked example and its history derived from the generated tables.
 */
export {
  explain, allOpnames, allEntries, opnameVersions, referenceVersions, referenceIndex, searchReference, summaryOf,
  formatEntry, formatVersionDiff, referenceExamples, referenceTimeline, stackEffectAt, describeMissing,
  type ReferenceEntry, type StackEffectInfo, type CacheInfo, type ExampleInfo, type ReferenceIndexItem, type SearchHit,
  type SearchOptions, type ExampleCheck, type TimelineStep, type StackEffectAt,
} from './reference.js';
export {
  versionDiff, opHistory, historyBrief, presenceMap, allKnownOpnames, argumentValues, REPLACEMENTS,
  type VersionDiff, type OpHistory, type HistoryEvent, type ReplacementLink, type Replacement, type OpKind, type OpPresence,
} from './history.js';
export { argumentInfo, argKinds, type ArgumentInfo, type ArgKind } from './arguments.js';
export { evalStackEffect, modelText, parseSignature, signatureNet, type StackSignature, type StackItem } from './stack.js';
export { OP_DOCS, SPECIALIZED_DOCS, INSTRUMENTED_DOCS, type OpDoc, type SpecializedDoc, type SpecializedKind } from './descriptions.js';
export { EXAMPLES, isUnproducible, type ExampleDef, type ExampleSnippet, type UnproducibleExample } from './examples.js';
export { pick, rangeCovers, byVersion, type Versioned, type ByVersion } from './versioned.js';
