/**
 * Child processes that must not outlive this process: a CPython child busy in the user's code (a loop at 100% CPU)
 * does not run its event loop, so it would not notice that its parent is gone. Registered children are killed when
 * this process exits, and when it is stopped by SIGTERM, SIGINT or SIGHUP (then it dies of that signal, as it would
 * have without the handler).
 */
import type { ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();
const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
let installed = false;

function killAll(): void {
  for (const c of live) c.kill('SIGKILL');
  live.clear();
}

function onSignal(signal: (typeof SIGNALS)[number]): void {
  killAll();
  process.removeListener(signal, handlers[signal]);
  // Nobody else handles it: die of the signal, as the default action would.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

const handlers = {
  SIGTERM: () => onSignal('SIGTERM'),
  SIGINT: () => onSignal('SIGINT'),
  SIGHUP: () => onSignal('SIGHUP'),
};

/** Kills `child` (SIGKILL) when this process exits or is stopped by a signal, unless it has exited before. */
export function killWithParent(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (installed) return;
  installed = true;
  process.once('exit', killAll);
  for (const s of SIGNALS) process.on(s, handlers[s]);
}
