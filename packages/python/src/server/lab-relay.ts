/**
 * The runtime server's lab side: spare lab children, and a client's lab session relayed to one of them.
 *
 * A lab run (`bytescope run`, `compare`, `specialize`, `hints` of source) executes the user's program, so it never
 * shares an interpreter with another run: each session gets a lab child process of its own (`lab/child-main.ts`,
 * the same child a session forks by itself), killed when the session ends. What the server saves is the child's
 * start: it keeps one spare child per version already loaded, hands it to the next session, and starts the next
 * spare only after that session has ended (so that starting it never competes with the run being timed).
 *
 * Over the socket the messages of `lab/transport.ts` pass unchanged in both directions (`lab-message`,
 * `lab-send`); `lab-exit` says the child died, `lab-kill` (or the connection closing) kills it.
 */
import type { ChildProcess } from 'node:child_process';
import type { PythonVersion } from '@bytescope/core';
import { forkLabChild } from '../lab/child-fork.js';
import type { Reply } from './protocol.js';

/** A lab child: its process, the messages it sent before a session took it, and how it ended (if it did). */
interface LabChild {
  readonly version: PythonVersion;
  readonly process: ChildProcess;
  /** Messages not yet given to a session (the child's `ready`, or `fatal`). */
  readonly early: unknown[];
  /** The session's sink for its messages and its end, once taken. */
  sink?: { message(m: unknown): void; exit(reason: string): void };
  exited?: string;
  stderr: string;
}

/** Forks a lab child for `version` (it loads its runtime at once). */
function forkChild(version: PythonVersion): LabChild {
  const proc = forkLabChild(version);
  const c: LabChild = { version, process: proc, early: [], stderr: '' };
  proc.stderr?.on('data', (b: Buffer) => { c.stderr = (c.stderr + b.toString('utf8')).slice(-4000); });
  proc.on('message', (m) => { if (c.sink) c.sink.message(m); else c.early.push(m); });
  const ended = (reason: string) => {
    if (c.exited !== undefined) return;
    c.exited = reason;
    c.sink?.exit(reason);
  };
  proc.on('error', (e) => ended(`failed: ${e.message}`));
  proc.on('exit', (code, signal) => ended(`exited (${signal ?? code})${c.stderr.trim() ? ': ' + c.stderr.trim().slice(-1500) : ''}`));
  return c;
}

/** The spare lab children of a server: at most one per version, for the versions `keep` allows. */
export class LabSpares {
  private readonly spares = new Map<PythonVersion, LabChild>();

  /** @param keep whether a spare of `version` is still wanted (the server keeps them for its loaded versions). */
  constructor(private readonly keep: (version: PythonVersion) => boolean) {}

  /** Starts a spare for `version` unless there is one. */
  prepare(version: PythonVersion): void {
    const s = this.spares.get(version);
    if (s && s.exited === undefined) return;
    this.spares.set(version, forkChild(version));
  }

  /** Kills the spares of versions no longer wanted (and all with `all`). */
  prune(all = false): void {
    for (const [v, c] of this.spares) {
      if (all || !this.keep(v)) {
        this.spares.delete(v);
        c.process.kill('SIGKILL');
      }
    }
  }

  /** The versions with a spare whose runtime has loaded (it said `ready`). */
  ready(): PythonVersion[] {
    const isReady = (m: unknown) => typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'ready';
    return [...this.spares].filter(([, c]) => c.exited === undefined && c.early.some(isReady)).map(([v]) => v);
  }

  /**
   * Gives a session a child of `version` (the spare, else a new one): its messages go to `send`; the returned
   * functions pass the session's messages on and end it. When the session ends, a new spare is started.
   */
  attach(version: PythonVersion, send: (r: Reply) => void): { message(m: unknown): void; end(): void } {
    let c = this.spares.get(version);
    this.spares.delete(version);
    if (!c || c.exited !== undefined) c = forkChild(version);
    const child = c;
    let ended = false;
    child.sink = {
      message: (m) => send({ type: 'lab-message', message: m }),
      exit: (reason) => send({ type: 'lab-exit', reason }),
    };
    for (const m of child.early.splice(0)) child.sink.message(m);
    if (child.exited !== undefined) child.sink.exit(child.exited);
    return {
      message: (m) => { if (child.exited === undefined && child.process.connected) child.process.send(m as object); },
      end: () => {
        if (ended) return;
        ended = true;
        child.sink = undefined;
        child.process.kill('SIGKILL');
        if (this.keep(version)) this.prepare(version);
      },
    };
  }
}
