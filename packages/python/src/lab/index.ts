/**
 * The performance lab: run code in real CPython 3.10–3.15 and see why one version of it is faster — instruction
 * counts, specialization, timings of variants side by side, static hints, and presets that teach.
 *
 * Platform-neutral parts (protocol, session, hints, presets, errors) also serve a browser Web Worker; `node.ts`
 * adds the child-process transport and one-call helpers.
 */
export { LabError, LabTimeout, LabStepLimit, LabCrash, type LabErrorKind } from './errors.js';
export {
  runnerFromPyodide, installLabDriver, handleLabRequest, LAB_DIR,
  type PythonRunner, type PyodideRunnerSource, type LabTransport, type LabLimits, type LabRequest, type LabResponse,
  type LabResponseOf, type LabRunRequest, type LabCompareRequest, type LabSpecializeRequest, type LabCompileRequest,
  type LabInfoRequest, type LabVariant, type LabException, type LabStopInfo, type LabOutput, type LabInstructionCount,
  type LabCodeCounts, type LabCounts, type LabRunResponse, type LabTiming, type LabVariantResult, type LabSpread,
  type LabCompareResponse, type LabCacheField, type LabSpecState, type LabSpecInstruction, type LabSpecCode,
  type LabSpecializeResponse, type LabCompileError, type LabCompileResponse, type LabInfoResponse,
  type LabFailureResponse,
} from './protocol.js';
export {
  LabSession, LAB_DEFAULT_TIMEOUT_MS, LAB_KILL_GRACE_MS,
  type LabConnect, type LabRunLimits, type LabRunOptions, type LabCompareOptions, type LabSpecializeOptions,
  type LabCompileResult, type LabHintsResult,
} from './session.js';
export { HINT_RULES, hintsFromModel, hintsFromPyc, type LabHint, type LabHintRule, type LabHintRuleId } from './hints.js';
export { PRESETS, PRESET_IDS, isPresetId, type LabPreset, type LabPresetId } from './presets.js';
export { LAB_DRIVER_PATH, readLabDriverSource } from './driver-source.js';
export {
  forkLabTransport, openLab, runWithCounts, specialize, compareVariants, runPreset, hints, LAB_LOAD_TIMEOUT_MS,
  type LabTarget,
} from './node.js';
