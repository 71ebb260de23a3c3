/**
 * The performance lab: run code in real CPython 3.10–3.15 and see why one version of it is faster — instruction
 * counts, specialization, timings of variants side by side, static hints, and presets that teach.
 *
 * Platform-neutral parts (protocol, session, hints, presets, errors) also serve a browser Web Worker; `node.ts`
 * adds the child-process transport and one-call helpers.
 */
export * from './portable.js';
export {
  forkLabTransport, openLab, openNativeLab, runWithCounts, specialize, compareVariants, runPreset, hints, LAB_LOAD_TIMEOUT_MS,
  type LabTarget,
} from './node.js';
export { probePythonExe, spawnNativeLabTransport, NATIVE_LAB_MIN_VERSION, type NativePythonInfo } from './native.js';
