/**
 * A lab child process (`child-main.ts`) as its users see it: a session's own child (`node.ts`) and the runtime
 * server's spares (`server/lab-relay.ts`). What the child says before anybody listens (its `ready`, or its end) is
 * kept for the first listener.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { killWithParent } from '../child-exit.js';
import { LAB_CHILD_SCRIPT } from './child-main.js';

/**
 * Node's options for a lab child. `--v8-pool-size=1`: one background thread for V8's compiles and garbage
 * collection instead of Node's default of four. While CPython starts, V8 optimises its hottest WebAssembly functions
 * on those threads, and on a two-core machine four of them left the thread that starts CPython waiting for a core:
 * from fork to the answer of a first `run` of `print(1)`, 3.10 0.91 s against 1.11 s, 3.11 0.89 s against 1.07 s,
 * 3.14 0.60 s against 0.64 s (medians of 5, 2-vCPU VM). A Python loop started right after runs as fast as with four
 * (the optimised code still arrives: 2 × 2,000,000 iterations 0.71 s either way at 3.14).
 */
export const LAB_CHILD_EXEC_ARGV: readonly string[] = ['--v8-pool-size=1'];

/** Characters of the child's stderr kept for error messages. */
const STDERR_KEPT = 4000;

/**
 * A forked lab child of one version. It starts loading its runtime at once and is killed when this process ends.
 * Messages (JSON over the IPC channel) go to the handler given to {@link listen}, those that came before first;
 * its end to the one given to {@link watchEnd}.
 */
export class LabChild {
  readonly process: ChildProcess;
  /** How the child ended (`exited (SIGKILL): …`), once it has. */
  exited: string | undefined;
  private stderr = '';
  private early: unknown[] = [];
  private onMessage: ((m: unknown) => void) | undefined;
  private onExit: ((reason: string) => void) | undefined;

  constructor(version: string) {
    const proc = fork(LAB_CHILD_SCRIPT, [version], {
      execArgv: [...LAB_CHILD_EXEC_ARGV], stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json',
    });
    this.process = proc;
    killWithParent(proc);
    proc.stderr?.on('data', (b: Buffer) => { this.stderr = (this.stderr + b.toString('utf8')).slice(-STDERR_KEPT); });
    proc.on('message', (m) => { if (this.onMessage) this.onMessage(m); else this.early.push(m); });
    proc.on('error', (e) => this.ended(`failed: ${e.message}`));
    proc.on('exit', (code, signal) => {
      const tail = this.stderr.trim();
      this.ended(`exited (${signal ?? code})${tail ? ': ' + tail.slice(-1500) : ''}`);
    });
  }

  private ended(reason: string): void {
    if (this.exited !== undefined) return;
    this.exited = reason;
    this.onExit?.(reason);
  }

  /** Whether its runtime has loaded (it said `ready`) and nobody listens yet. */
  get loaded(): boolean {
    return this.exited === undefined && this.early.some((m) => typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'ready');
  }

  /** Sends its messages to `h` from now on, those that came before first. */
  listen(h: (m: unknown) => void): void {
    this.onMessage = h;
    for (const m of this.early.splice(0)) h(m);
  }

  /** Tells `h` how the child ended, when it does (at once if it has). */
  watchEnd(h: (reason: string) => void): void {
    this.onExit = h;
    if (this.exited !== undefined) h(this.exited);
  }

  /** Nobody is told of its messages or its end any more. */
  unlisten(): void {
    this.onMessage = undefined;
    this.onExit = undefined;
  }

  /** Sends a message, unless the child has ended. */
  send(m: unknown): void {
    if (this.exited === undefined && this.process.connected) this.process.send(m as object);
  }

  /** Ends the child at once (SIGKILL). */
  kill(): void {
    this.process.kill('SIGKILL');
  }
}
