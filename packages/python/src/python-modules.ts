/**
 * Bytescope's own Python modules, installed into a CPython runtime (Pyodide) the same way in Node and in a
 * browser Web Worker: `bytescope_compile` (compiling source to `.pyc`), the lab driver package `bytescope_lab`,
 * and `bytescope_reference` (the instruction reference's examples). Their sources are `py/` in this package,
 * embedded at build time into one map ({@link PYTHON_FILES}); installing writes them into the runtime's file
 * system, in a directory put first on `sys.path`. Platform-neutral: no Node imports.
 */
import { PYTHON_FILES } from './generated/python-files.js';

export { PYTHON_FILES };

/** The directory of the runtime's file system that holds the modules, first on `sys.path`. */
export const PYTHON_MODULES_DIR = '/tmp/bytescope_py';

/** What installing needs of a runtime: running Python code (a Pyodide instance, a lab `PythonRunner`). */
export interface PythonCodeRunner {
  runPython(code: string): unknown;
}

/**
 * The Python program that installs `files` (by default every module, {@link PYTHON_FILES}) into the runtime that
 * runs it: for a host that can only send it a program, such as a child process. Installing again is harmless.
 */
export function pythonModulesProgram(files: Readonly<Record<string, string>> = PYTHON_FILES): string {
  return [
    'def _bytescope_install(root, files):',
    '    import importlib, os, sys',
    '    for rel, text in files.items():',
    '        path = os.path.join(root, rel)',
    '        os.makedirs(os.path.dirname(path), exist_ok=True)',
    "        with open(path, 'w', encoding='utf-8') as f:",
    '            f.write(text)',
    '    if root not in sys.path:',
    '        sys.path.insert(0, root)',
    '    importlib.invalidate_caches()',
    `_bytescope_install(${JSON.stringify(PYTHON_MODULES_DIR)}, __import__('json').loads(${JSON.stringify(JSON.stringify(files))}))`,
    'del _bytescope_install',
  ].join('\n');
}

const installed = new WeakSet<PythonCodeRunner>();

/**
 * Installs every module into the runtime `host` runs code in, once per host object: afterwards `import
 * bytescope_compile` (and the others) works there. A runtime restored from a memory snapshot gets the files
 * again (a snapshot keeps Python's memory, not the file system).
 */
export function installPythonModules(host: PythonCodeRunner): void {
  if (installed.has(host)) return;
  host.runPython(pythonModulesProgram());
  installed.add(host);
}
