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
import type { PythonVersion } from '@bytescope/core';
import { LabChild } from '../lab/child-fork.js';
import type { Reply } from './protocol.js';

/** The spare lab children of a server: at most one per version, for the versions `keep` allows. */
export class LabSpares {
  private readonly spares = new Map<PythonVersion, LabChild>();

  /** @param keep whether a spare of `version` is still wanted (the server keeps them for its loaded versions). */
  constructor(private readonly keep: (version: PythonVersion) => boolean) {}

  /** Starts a spare for `version` unless there is one. */
  prepare(version: PythonVersion): void {
    const s = this.spares.get(version);
    if (s && s.exited === undefined) return;
    this.spares.set(version, new LabChild(version));
  }

  /** Kills the spares of versions no longer wanted (and all with `all`). */
  prune(all = false): void {
    for (const [v, c] of this.spares) {
      if (all || !this.keep(v)) {
        this.spares.delete(v);
        c.kill();
      }
    }
  }

  /** The versions with a spare whose runtime has loaded (it said `ready`). */
  ready(): PythonVersion[] {
    return [...this.spares].filter(([, c]) => c.loaded).map(([v]) => v);
  }

  /**
   * Gives a session a child of `version` (the spare, else a new one): its messages go to `send`; the returned
   * functions pass the session's messages on and end it. When the session ends, a new spare is started.
   */
  attach(version: PythonVersion, send: (r: Reply) => void): { message(m: unknown): void; end(): void } {
    let c = this.spares.get(version);
    this.spares.delete(version);
    if (!c || c.exited !== undefined) c = new LabChild(version);
    const child = c;
    let ended = false;
    child.listen((m) => send({ type: 'lab-message', message: m }));
    child.watchEnd((reason) => send({ type: 'lab-exit', reason }));
    return {
      message: (m) => child.send(m),
      end: () => {
        if (ended) return;
        ended = true;
        child.unlisten();
        child.kill();
        if (this.keep(version)) this.prepare(version);
      },
    };
  }
}
