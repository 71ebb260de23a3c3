/**
 * The performance lab in Node: each session runs its CPython in a child process (one Pyodide per process; a
 * runaway program is stopped by killing the child), plus one-call helpers that open a session, do one thing and
 * close it. Pass a `session` to reuse a loaded runtime across calls (loading takes seconds).
 */
import { DEFAULT_PYTHON_VERSION, type PythonVersion } from '../runtime.js';
import { LabChild } from './child-fork.js';
import { decodeModule, readPyc } from '@bytescope/core';
import { hintsFromModule } from './hints.js';
import { PRESETS, type LabPresetId } from './presets.js';
import type { LabCompareResponse, LabRunResponse, LabSpecializeResponse, LabTransport } from './protocol.js';
import { probePythonExe, spawnNativeLabTransport } from './native.js';
import { connectLab } from './transport.js';
import { ServerConnection, startServerLater } from '../server/client.js';
import { serverMode, serverSocket } from '../source-compiler.js';
import {
  LabSession, type LabCompareOptions, type LabHintsResult, type LabRunOptions, type LabSpecializeOptions,
} from './session.js';

/** Milliseconds allowed for starting a child and loading its runtime. */
export const LAB_LOAD_TIMEOUT_MS = 180_000;

/**
 * Starts a child process with the CPython `version` runtime and the lab driver; resolves once it is loaded.
 * The returned transport's `kill()` ends the process at once (SIGKILL).
 */
export function forkLabTransport(version: PythonVersion): Promise<LabTransport> {
  const child = new LabChild(version);
  return connectLab(
    {
      postMessage: (m) => child.send(m),
      onMessage: (h) => child.listen(h),
    },
    {
      label: `Python ${version}`,
      loadTimeoutMs: LAB_LOAD_TIMEOUT_MS,
      kill: () => child.kill(),
      onExit: (h) => child.watchEnd(h),
    },
  );
}

/**
 * A lab runtime of `version`: a spare lab child of the runtime server when one runs (already loaded: no start to
 * wait for), else a child of this process, which starts a server with a spare for the sessions that follow when it
 * is killed at the session's end (`startServerLater`; `server/lab-relay.ts`; `BYTESCOPE_SERVER` as for compiles, see
 * `source-compiler.ts`).
 */
export async function labTransport(version: PythonVersion): Promise<LabTransport> {
  const socketPath = serverSocket();
  if (socketPath !== undefined) {
    const connection = await ServerConnection.open(socketPath);
    if (connection) {
      try {
        return await connection.lab(version, `Python ${version}`, LAB_LOAD_TIMEOUT_MS);
      } catch {
        // The server could not give a runtime: this process starts its own.
        connection.close();
      }
    }
  }
  const transport = await forkLabTransport(version);
  if (socketPath === undefined || serverMode() !== 'on') return transport;
  const start = startServerLater(socketPath, version, true);
  return {
    fullVersion: transport.fullVersion,
    send: (request) => transport.send(request),
    kill() {
      transport.kill();
      start();
    },
  };
}

/** A new lab session for `version`, running in a child process (loaded on first use, or by `ready()`): {@link labTransport}. */
export function openLab(version: PythonVersion = DEFAULT_PYTHON_VERSION): LabSession {
  return new LabSession(version, () => labTransport(version));
}

/**
 * A new lab session in the native CPython `exe` (3.10+), its version probed now: throws a `LabCrash` with a
 * one-line message when `exe` cannot serve the lab.
 */
export function openNativeLab(exe: string): LabSession {
  const info = probePythonExe(exe);
  return new LabSession(info.version, () => spawnNativeLabTransport(exe));
}

/** Options naming the version, or an open session to reuse. */
export interface LabTarget {
  /** The CPython version (default: the session's, else 3.14). */
  version?: PythonVersion;
  /** A native CPython 3.10+ to run in instead of the embedded runtime (`version` is then ignored). */
  pythonExe?: string;
  /** A session to use (not closed afterwards); otherwise one is opened and closed around the call. */
  session?: LabSession;
}

async function withSession<T>(target: LabTarget, fn: (s: LabSession) => Promise<T>): Promise<T> {
  if (target.session) return fn(target.session);
  const s = target.pythonExe !== undefined ? openNativeLab(target.pythonExe) : openLab(target.version ?? DEFAULT_PYTHON_VERSION);
  try {
    await s.ready();
    return await fn(s);
  } finally {
    s.dispose();
  }
}

/**
 * Runs `source` (then `call`) in real CPython and counts every instruction executed: totals per opname and, per
 * code object (keyed `qualname:firstLineno`), every instruction with its count. Throws `LabTimeout` /
 * `LabStepLimit` when stopped.
 */
export function runWithCounts(options: LabRunOptions & LabTarget): Promise<LabRunResponse> {
  return withSession(options, (s) => s.run(options));
}

/** Warms the code up and returns the specialization view (3.11+; `supported: false` on 3.10). */
export function specialize(options: LabSpecializeOptions & LabTarget): Promise<LabSpecializeResponse> {
  return withSession(options, (s) => s.specialize(options));
}

/** Counts and times two or more variants side by side; `ratio` = slowest best time / fastest best time. */
export function compareVariants(options: LabCompareOptions & LabTarget): Promise<LabCompareResponse> {
  return withSession(options, (s) => s.compare(options));
}

/** Runs a preset in compare mode, with its own timing settings unless overridden. */
export function runPreset(id: LabPresetId, options: Partial<LabCompareOptions> & LabTarget = {}): Promise<LabCompareResponse> {
  const p = PRESETS[id];
  return compareVariants({ ...options, variants: options.variants ?? p.variants, repeat: options.repeat ?? p.repeat, targetMs: options.targetMs ?? p.targetMs });
}

/**
 * Static hints over the bytecode: for a `.pyc` (no runtime needed, any version) or for source compiled (as
 * `filename`, default `<lab>`) by the runtime of `version`.
 */
export async function hints(input: { source: string; filename?: string } | { pyc: Uint8Array }, target: LabTarget = {}): Promise<LabHintsResult> {
  if ('pyc' in input) {
    const module = decodeModule(readPyc(input.pyc));
    return { ok: true, version: module.version.version, hints: hintsFromModule(module) };
  }
  return withSession(target, (s) => s.hints(input.source, input.filename));
}
