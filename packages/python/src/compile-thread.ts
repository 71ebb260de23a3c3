/**
 * Compiling source in a worker thread with a large stack (Node). CPython running as WebAssembly keeps its C stack
 * in linear memory, and checks its depth there (3.14+: `RecursionError: Stack overflow … during compilation`; before:
 * a recursion limit that Pyodide sets from the JavaScript stack it measures), but every C call is also a frame on
 * the JavaScript engine's own stack. On Node's main thread (about 1 MB) a deeply nested expression (a 5,000-term
 * `0+1+…` at 3.14) overflows the engine's stack first, and Pyodide dies ("Maximum call stack size exceeded", the
 * runtime unusable). A thread with {@link RUNTIME_STACK_MB} MB of stack lets CPython's own check come first for
 * anything it checks; when the engine's stack still overflows (a recursion CPython does not check, far deeper),
 * the thread is replaced by a fresh one and the compile fails with one honest line.
 */
import { isMainThread, parentPort, workerData, Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { compileSource, type CompileResult } from './compile.js';
import { loadRuntime, type PythonVersion } from './runtime.js';
import { runtimeStackMb } from './runtime-stack.js';

/** What the thread is started with. */
interface ThreadSetup { readonly bytescopeCompileThread: true; readonly version: PythonVersion; readonly liftoffOnly: boolean }

type ThreadMessage =
  | { type: 'ready'; fullVersion: string }
  | { type: 'stderr'; line: string; id?: number }
  | { type: 'result'; id: number; result: CompileResult }
  | { type: 'crash'; id: number; message: string }
  | { type: 'fatal'; message: string };

const SCRIPT = fileURLToPath(import.meta.url);

/** True for the JavaScript engine's stack overflow (`RangeError: Maximum call stack size exceeded`). */
function isStackOverflow(message: string): boolean {
  return /Maximum call stack size exceeded|too much recursion/i.test(message);
}

/** Options of {@link CompileThread}. */
export interface CompileThreadOptions {
  /** Receives Python's stderr (SyntaxWarning…), line by line. */
  stderr?: (line: string) => void;
  /** The thread's stack in MB (default {@link runtimeStackMb}). */
  stackSizeMb?: number;
  /** The runtime's WebAssembly compiled by Liftoff alone (`LoadOptions.liftoffOnly`; a flag of the whole process). */
  liftoffOnly?: boolean;
}

interface Running {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  readonly pending: Map<number, { filename: string; stderr?: (line: string) => void; resolve: (r: CompileResult) => void; reject: (e: Error) => void }>;
}

/**
 * The CPython of `version` in a worker thread with a large stack, compiling source files one at a time. A runtime
 * that dies (the engine's stack overflowed) is replaced for the next compile. The thread does not keep the
 * process alive between compiles; {@link close} ends it.
 */
export class CompileThread {
  private running: Running | undefined;
  private nextId = 1;
  /** How many times the runtime died and was replaced. */
  restarts = 0;
  /** The runtime's full version (`3.14.2`) once a thread has loaded. */
  fullVersion: string | undefined;

  constructor(readonly version: PythonVersion, private readonly options: CompileThreadOptions = {}) {}

  /**
   * Compiles `source` as module `filename` (see `compileSource`). Rejects only when the runtime fails to load.
   * Python's stderr while it compiles (SyntaxWarning…) goes to `stderr`, else to the options' `stderr`.
   */
  async compile(source: Uint8Array, filename: string, stderr?: (line: string) => void): Promise<CompileResult> {
    const r = this.running ?? (this.running = this.start());
    await r.ready;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      r.pending.set(id, { filename, stderr, resolve, reject });
      r.worker.ref();
      r.worker.postMessage({ id, source, filename });
    });
  }

  /** Ends the thread. */
  async close(): Promise<void> {
    const r = this.running;
    this.running = undefined;
    if (r) await r.worker.terminate();
  }

  private start(): Running {
    const stackSizeMb = this.options.stackSizeMb ?? runtimeStackMb();
    const setup: ThreadSetup = { bytescopeCompileThread: true, version: this.version, liftoffOnly: this.options.liftoffOnly === true };
    const worker = new Worker(SCRIPT, { workerData: setup, resourceLimits: { stackSizeMb } });
    const pending: Running['pending'] = new Map();
    let ready!: () => void;
    let failed!: (e: Error) => void;
    const running: Running = { worker, pending, ready: new Promise<void>((res, rej) => { ready = res; failed = rej; }) };
    const lost = (why: string) => {
      if (this.running === running) this.running = undefined;
      const e = new Error(`the Python ${this.version} compile thread ${why}`);
      failed(e);
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    };
    worker.on('message', (m: ThreadMessage) => {
      if (m.type === 'ready') { this.fullVersion = m.fullVersion; ready(); worker.unref(); }
      else if (m.type === 'stderr') ((m.id !== undefined ? pending.get(m.id)?.stderr : undefined) ?? this.options.stderr)?.(m.line);
      else if (m.type === 'fatal') lost(`failed to load: ${m.message}`);
      else {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (!pending.size) worker.unref();
        if (m.type === 'result') { p?.resolve(m.result); return; }
        // The runtime died: the next compile gets a fresh thread.
        if (this.running === running) this.running = undefined;
        this.restarts++;
        void worker.terminate();
        if (!p) return;
        if (isStackOverflow(m.message)) {
          p.resolve({ ok: false, error: {
            type: 'RecursionError', filename: p.filename,
            message: `the source nests too deeply for the WebAssembly runtime: its JavaScript stack (${stackSizeMb} MB) overflowed before CPython's own recursion check (the runtime was restarted)`,
            lineno: null, offset: null, endLineno: null, endOffset: null, text: null,
          } });
        } else p.reject(new Error(`the Python ${this.version} runtime failed: ${m.message.split('\n')[0]}`));
      }
    });
    worker.on('error', (e) => lost(`failed: ${e.message.split('\n')[0]}`));
    worker.on('exit', (code) => { if (pending.size || this.running === running) lost(`stopped (exit code ${code})`); });
    return running;
  }
}

async function serve(setup: ThreadSetup): Promise<void> {
  const port = parentPort!;
  // Pyodide's own console output (its "fatal error" banner and stack dump) is not the user's: dropped. (Python's
  // stderr goes to `stderr` of the options.)
  for (const k of ['log', 'info', 'warn', 'error', 'debug'] as const) console[k] = () => {};
  const send = (m: ThreadMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  let rt;
  /** The compile under way: its stderr lines carry its id. */
  let current: number | undefined;
  try {
    rt = await loadRuntime(setup.version, {
      liftoffOnly: setup.liftoffOnly,
      stderr: (line) => send(current === undefined ? { type: 'stderr', line } : { type: 'stderr', line, id: current }),
    });
  } catch (e) {
    send({ type: 'fatal', message: e instanceof Error ? e.message : String(e) });
    return;
  }
  const runtime = rt;
  port.on('message', (m: { id: number; source: Uint8Array; filename: string }) => {
    current = m.id;
    try {
      const result = compileSource(runtime, m.source, m.filename);
      send({ type: 'result', id: m.id, result }, result.ok ? [result.pyc.buffer as ArrayBuffer] : []);
    } catch (e) {
      // Pyodide is dead after this (a fatal error): say why, and stop taking work.
      send({ type: 'crash', id: m.id, message: e instanceof Error ? e.message : String(e) });
      port.close();
    }
    current = undefined;
  });
  send({ type: 'ready', fullVersion: runtime.fullVersion });
}

if (!isMainThread && (workerData as Partial<ThreadSetup> | null)?.bytescopeCompileThread === true) {
  void serve(workerData as ThreadSetup);
}
