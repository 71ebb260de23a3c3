/**
 * Starting a lab child (`child-main.ts`): the one place that says how, for a session's own child (`node.ts`) and
 * the runtime server's spares (`server/lab-relay.ts`).
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

/**
 * Forks a lab child for `version` (it starts loading its runtime at once), killed when this process ends. Its
 * stdout is ignored and its stderr piped, for the caller's error messages; messages are JSON over the IPC channel.
 */
export function forkLabChild(version: string): ChildProcess {
  const child = fork(LAB_CHILD_SCRIPT, [version], {
    execArgv: [...LAB_CHILD_EXEC_ARGV], stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json',
  });
  killWithParent(child);
  return child;
}
