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

/**
 * What installing needs of a runtime: running Python code (a Pyodide instance, a lab `PythonRunner`), and, when the
 * runtime has one, its file system (Pyodide's `FS`), which writes the files without passing them through Python.
 */
export interface PythonCodeRunner {
  runPython(code: string): unknown;
  FS?: { writeFile(path: string, data: Uint8Array): void; mkdirTree?(path: string): void };
}

/**
 * The program that puts {@link PYTHON_MODULES_DIR} first on `sys.path` once the files are written, and forgets the
 * import system's directory listings of that directory (only those: `importlib.invalidate_caches()` would also
 * import `importlib.metadata` on 3.11+, a few hundred milliseconds on a fresh runtime).
 */
const PATH_PROGRAM = [
  'def _bytescope_path(d):',
  '    import sys',
  '    if d not in sys.path:',
  '        sys.path.insert(0, d)',
  '    for k in [k for k in sys.path_importer_cache if isinstance(k, str) and k.startswith(d)]:',
  '        del sys.path_importer_cache[k]',
  `_bytescope_path(${JSON.stringify(PYTHON_MODULES_DIR)})`,
  'del _bytescope_path',
].join('\n');

/**
 * The Python program that installs `files` (by default every module, {@link PYTHON_FILES}) into the runtime that
 * runs it: for a host that can only send it a program, such as a child process. Installing again is harmless.
 */
export function pythonModulesProgram(files: Readonly<Record<string, string>> = PYTHON_FILES): string {
  return [
    'def _bytescope_install(root, files):',
    '    import os',
    '    for rel, text in files.items():',
    '        path = os.path.join(root, rel)',
    '        os.makedirs(os.path.dirname(path), exist_ok=True)',
    "        with open(path, 'w', encoding='utf-8') as f:",
    '            f.write(text)',
    `_bytescope_install(${JSON.stringify(PYTHON_MODULES_DIR)}, __import__('json').loads(${JSON.stringify(JSON.stringify(files))}))`,
    'del _bytescope_install',
    PATH_PROGRAM,
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
  const fs = host.FS;
  if (fs?.mkdirTree) {
    // Straight into the file system: a program carrying every file as one string literal costs CPython a tokenizer
    // pass over ~75 KB and a JSON decode (100-500 ms on a fresh runtime).
    const utf8 = new TextEncoder();
    for (const [rel, text] of Object.entries(PYTHON_FILES)) {
      const file = `${PYTHON_MODULES_DIR}/${rel}`;
      fs.mkdirTree(file.slice(0, file.lastIndexOf('/')));
      fs.writeFile(file, utf8.encode(text));
    }
    host.runPython(PATH_PROGRAM);
  } else {
    host.runPython(pythonModulesProgram());
  }
  installed.add(host);
}
