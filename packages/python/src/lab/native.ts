/**
 * The performance lab in a native CPython 3.10+ on the machine (`--python-exe PATH`), Node only: the same driver
 * (`py/bytescope_lab/`, with `serve.py` answering over pipes) in a child process of that interpreter, behind the
 * same {@link LabTransport} as the embedded runtimes. Counts, specialization and timings then come from the
 * interpreter the user will really run.
 */
import { killWithParent } from '../child-exit.js';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PYTHON_FILES } from '../python-modules.js';
import { LabCrash } from './errors.js';
import { LAB_DRIVER_CONFIG, type LabTransport } from './protocol.js';
import { connectLab } from './transport.js';

/** The oldest CPython the lab driver runs in (`sys.monitoring` or `f_trace_opcodes`, `dis.Positions`…). */
export const NATIVE_LAB_MIN_VERSION = [3, 10] as const;

/** What {@link probePythonExe} found out about an interpreter. */
export interface NativePythonInfo {
  /** The path as given. */
  readonly exe: string;
  /** `3.12.7`. */
  readonly fullVersion: string;
  /** `3.12`. */
  readonly version: string;
  /** `sys.implementation.name` (`cpython`). */
  readonly implementation: string;
}

/**
 * Asks `exe` its version (a few milliseconds). Throws a {@link LabCrash} with a one-line message when it cannot be
 * run, is not CPython, or is older than 3.10.
 */
export function probePythonExe(exe: string): NativePythonInfo {
  let text: string;
  try {
    // Python 2 too (no -I, no sys.implementation), so that an old one is named rather than refused blindly.
    text = execFileSync(exe, ['-E', '-s', '-c', 'import sys, platform; sys.stdout.write("%s %d.%d.%d\\n" % ((platform.python_implementation().lower(),) + tuple(sys.version_info[:3])))'], {
      encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new LabCrash(`${exe}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'not executable' : 'does not run as a Python interpreter'}`);
  }
  const m = /^(\S+) (\d+)\.(\d+)\.(\d+)\s*$/.exec(text);
  if (!m) throw new LabCrash(`${exe}: does not run as a Python 3 interpreter`);
  const [major, minor] = [Number(m[2]), Number(m[3])];
  const info = { exe, implementation: m[1]!, fullVersion: `${m[2]}.${m[3]}.${m[4]}`, version: `${m[2]}.${m[3]}` };
  if (info.implementation !== 'cpython') throw new LabCrash(`${exe}: ${info.implementation} ${info.fullVersion}; the lab needs CPython`);
  const [minMajor, minMinor] = NATIVE_LAB_MIN_VERSION;
  if (major < minMajor || (major === minMajor && minor < minMinor)) {
    throw new LabCrash(`${exe}: CPython ${info.fullVersion}; the lab needs CPython ${minMajor}.${minMinor} or newer`);
  }
  return info;
}

/** Milliseconds allowed for a native interpreter to start and load the driver. */
const NATIVE_LOAD_TIMEOUT_MS = 60_000;

/**
 * Starts `exe` serving the lab driver (see `py/bytescope_lab/serve.py`); resolves once it is ready. The modules
 * are written into a fresh temporary directory, removed when the process ends. `kill()` ends it at once (SIGKILL);
 * the process also exits by itself when this one goes away (its stdin closes).
 */
export function spawnNativeLabTransport(exe: string): Promise<LabTransport> {
  const info = probePythonExe(exe);
  const dir = mkdtempSync(path.join(tmpdir(), 'bytescope-lab-'));
  for (const [rel, text] of Object.entries(PYTHON_FILES)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  const boot = `import sys; sys.path.insert(0, ${JSON.stringify(dir)}); import bytescope_lab.serve as s; s.main()`;
  const child = spawn(exe, ['-I', '-B', '-c', boot], { stdio: ['pipe', 'pipe', 'pipe'] });
  killWithParent(child);
  child.stdin.on('error', () => undefined); // a dead child's closed pipe; reported through 'exit'
  child.stdin.write(JSON.stringify(LAB_DRIVER_CONFIG) + '\n');
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => { stderr = (stderr + b.toString('utf8')).slice(-4000); });
  const cleanup = () => { try { rmSync(dir, { recursive: true, force: true }); } catch { /* best effort */ } };
  child.on('exit', cleanup);
  const handlers: ((m: unknown) => void)[] = [];
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (!line.trim()) continue;
      let message: unknown;
      try { message = JSON.parse(line); } catch { continue; }
      for (const h of handlers) h(message);
    }
  });
  const tail = () => (stderr.trim() ? ': ' + stderr.trim().slice(-1500) : '');
  return connectLab(
    {
      postMessage: (m) => { if (child.stdin.writable) child.stdin.write(JSON.stringify(m) + '\n'); },
      onMessage: (h) => { handlers.push(h); },
    },
    {
      label: `${info.implementation === 'cpython' ? 'CPython' : info.implementation} ${info.fullVersion} (${exe})`,
      loadTimeoutMs: NATIVE_LOAD_TIMEOUT_MS,
      kill: () => { child.kill('SIGKILL'); },
      onExit: (h) => {
        child.on('error', (e) => h(`failed: ${e.message}`));
        child.on('exit', (code, signal) => h(`exited (${signal ?? code})${tail()}`));
      },
    },
  );
}
