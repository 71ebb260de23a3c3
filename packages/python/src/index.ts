/**
 * @bytescope/python — real CPython (Pyodide, offline) for what needs an interpreter: compiling source,
 * generating tables and golden data.
 */
export {
  PYTHON_VERSIONS, DEFAULT_PYTHON_VERSION, RUNTIME_PACKAGES, isPythonVersion, loadRuntime, runtimeDirectory,
  mountHostDirectory, type PythonVersion, type PythonRuntime, type LoadOptions, type PyodideLike,
} from './runtime.js';
export {
  compileSource, compileInRuntime, compileErrorFrom, formatCompileError, type CompileResult, type CompileOptions, type PythonCompileError,
  type PyodideCompileHost,
} from './compile.js';
export { PYTHON_FILES, PYTHON_MODULES_DIR, installPythonModules, pythonModulesProgram, type PythonCodeRunner } from './python-modules.js';
export { runPythonInChild } from './child.js';
export { CompileThread, type CompileThreadOptions } from './compile-thread.js';
export { RUNTIME_STACK_MB, runtimeStackMb } from './runtime-stack.js';
export { type StartKind, warmStartCacheDir } from './warm-start.js';
export { makeWarmStart } from './warm-start-make.js';
export * from './lab/index.js';
export * from './reference-example.js';
export { runLiveExample, runReferenceExamples } from './reference-check.js';
export { traceInRuntime, TRACE_DEFAULT_MAX_STEPS, TRACE_DEFAULT_TIMEOUT_MS, TRACE_MAX_STEPS, type TraceOptions, type TraceResult } from './trace.js';
