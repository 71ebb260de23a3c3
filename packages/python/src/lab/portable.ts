/**
 * The platform-neutral part of the performance lab (no Node imports): what a browser build imports. Its Web Worker
 * serves the lab with {@link serveLab}, which installs the driver from the embedded Python modules itself.
 */
export { LabError, LabTimeout, LabStepLimit, LabCrash, formatDuration, type LabErrorKind } from './errors.js';
export {
  runnerFromPyodide, installLabDriver, handleLabRequest, LAB_DIR, LAB_DRIVER_CONFIG,
  type PythonRunner, type PyodideRunnerSource, type LabDriverConfig, type LabTransport, type LabLimits, type LabRequest,
  type LabResponse, type LabResponseOf, type LabRunRequest, type LabCompareRequest, type LabSpecializeRequest, type LabCompileRequest, type LabTraceRequest, type LabTraceResponse,
  type LabInfoRequest, type LabVariant, type LabException, type LabStopInfo, type LabOutput, type LabInstructionCount,
  type LabCodeCounts, type LabCodeIdentity, type LabCounts, type LabRunResponse, type LabTiming, type LabVariantResult, type LabSpread,
  type LabCompareResponse, type LabRatio, type LabCacheField, type LabSpecState, type LabSpecInstruction, type LabSpecCode,
  type LabSpecializeResponse, type LabCompileResponse, type LabInfoResponse, type LabFailureResponse,
} from './protocol.js';
export {
  LabSession, LAB_DEFAULT_TIMEOUT_MS, LAB_DEFAULT_MAX_STEPS, LAB_KILL_GRACE_MS, stepsFor,
  type LabConnect, type LabTraceOptions, type LabRunLimits, type LabRunOptions, type LabCompareOptions, type LabSpecializeOptions,
  type LabHintsResult,
} from './session.js';
export { HINT_RULES, codeSpans, hintsFromModule, hintsFromPyc, spansText, type HintSpan, type LabHint, type LabHintRule, type LabHintRuleId } from './hints.js';
export { PRESETS, PRESET_IDS, isPresetId, type LabPreset, type LabPresetId } from './presets.js';
export { specCodeTitle, warmupHeading } from './warmup-text.js';
export {
  serveLab, connectLab, type LabPort, type LabWorkerMessage, type LabRequestMessage, type ConnectLabOptions,
} from './transport.js';
export { byCount, formatTime, formatRatio, formatLevel, ratioSentence, compareVerdicts, timingMethod } from './format.js';
export {
  traceInRuntime, TRACE_DEFAULT_MAX_STEPS, TRACE_DEFAULT_TIMEOUT_MS, TRACE_MAX_STEPS, type TraceOptions, type TraceResult,
} from '../trace.js';
