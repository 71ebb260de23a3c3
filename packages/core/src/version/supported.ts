/**
 * The CPython versions Bytescope runs (compiles source in, runs the lab in) and the one it uses when none is
 * asked for: the one home of that list. Runtime-free: the CLI, the web page, the Python package and the tests all
 * read it from here. (Which versions can be *disassembled* is a separate, longer list: the versions with opcode
 * tables, `DIS_VERSIONS` in `registry.ts`.)
 */

/** Every version with an embedded CPython runtime (Pyodide), oldest first. */
export const PYTHON_VERSIONS = ['3.10', '3.11', '3.12', '3.13', '3.14', '3.15'] as const;

/** A CPython minor version that has an embedded runtime. */
export type PythonVersion = (typeof PYTHON_VERSIONS)[number];

/** The version used when none is asked for. */
export const DEFAULT_PYTHON_VERSION: PythonVersion = '3.14';

/** True when `v` names a version with an embedded runtime. */
export function isPythonVersion(v: string): v is PythonVersion {
  return (PYTHON_VERSIONS as readonly string[]).includes(v);
}

/** The runtime versions as a range for messages: `3.10 … 3.15`. */
export function pythonVersionRange(separator = ' … '): string {
  return `${PYTHON_VERSIONS[0]}${separator}${PYTHON_VERSIONS[PYTHON_VERSIONS.length - 1]}`;
}
