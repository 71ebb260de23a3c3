/**
 * The runtime server's protocol and address (see `server.ts`): one home for what the server and its clients must
 * agree on. Messages are JSON objects, one per line (newline-delimited JSON) over a Unix domain socket in the
 * per-user cache directory; bytes travel as base64.
 *
 * The socket's name carries a key made from the code the server runs (the package's built code: the compile glue,
 * the runtime loader with the pinned Pyodide versions, the lab child, the embedded Python modules, and the core it
 * loads): a client of
 * another Bytescope build never talks to this server, and a server of an older build simply idles out.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PythonVersion } from '@bytescope/core';
import type { CompileResult } from '../compile.js';

/** Bumped when a message changes shape. */
export const PROTOCOL = 2;

/** A client's request. */
export type Request =
  | { readonly op: 'hello' }
  | { readonly op: 'status' }
  | { readonly op: 'stop' }
  /** Loads `version` now: its compile runtime, or with `lab` a spare lab child. */
  | { readonly op: 'preload'; readonly version: PythonVersion; readonly lab: boolean }
  | { readonly op: 'compile'; readonly id: number; readonly version: PythonVersion; readonly filename: string; readonly source: string }
  /** Makes this connection a lab session in a lab child of `version` (`lab-relay.ts`). */
  | { readonly op: 'lab-open'; readonly version: PythonVersion }
  /** A message of `lab/transport.ts` for the session's child. */
  | { readonly op: 'lab-send'; readonly message: unknown }
  /** Ends the session: its child is killed. */
  | { readonly op: 'lab-kill' };

/** The server's answer to {@link Request}s, and what it says while a compile runs. */
export type Reply =
  | { readonly type: 'hello'; readonly protocol: number; readonly key: string; readonly pid: number }
  | {
    readonly type: 'status'; readonly pid: number; readonly key: string;
    /** The versions loaded (least recently used first), and those of them whose runtime has started. */
    readonly versions: readonly PythonVersion[]; readonly ready: readonly PythonVersion[];
    /** The versions with a spare lab child whose runtime has loaded. */
    readonly labs: readonly PythonVersion[];
    /** Compiles served; when the server started (ms since the epoch). */
    readonly compiles: number; readonly startedAt: number;
  }
  | { readonly type: 'stopping' }
  | { readonly type: 'preloading' }
  | { readonly type: 'stderr'; readonly id: number; readonly line: string }
  | { readonly type: 'result'; readonly id: number; readonly fullVersion: string; readonly result: WireCompileResult }
  | { readonly type: 'failed'; readonly id?: number; readonly message: string }
  /** A message of `lab/transport.ts` from the session's child. */
  | { readonly type: 'lab-message'; readonly message: unknown }
  /** The session's child ended (why). */
  | { readonly type: 'lab-exit'; readonly reason: string };

/** A {@link CompileResult} on the wire: the `.pyc` as base64. */
export type WireCompileResult =
  | { readonly ok: true; readonly pyc: string }
  | { readonly ok: false; readonly error: Extract<CompileResult, { ok: false }>['error'] };

/** The longest line either side accepts (a 48 MB source in base64, with room); a longer one ends the connection. */
export const MAX_LINE = 64 * 1024 * 1024;

/** The largest source sent to the server; a larger one is compiled by the client itself. */
export const MAX_SOURCE = 48 * 1024 * 1024;

/** The longest socket path a Unix domain socket takes (108 bytes on Linux, 104 on macOS, with the NUL). */
const MAX_SOCKET_PATH = 100;

let key: string | undefined;

/** Every `.js` file under `dir`, sorted (the package's built code). */
function builtFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...builtFiles(p));
    else if (e.name.endsWith('.js')) out.push(p);
  }
  return out;
}

/**
 * The key of this build (see the module comment): 16 hex digits of a hash over the package's built code (the server,
 * the compile thread, the lab child, the embedded Python modules: about 45 files, 3 ms), the core's entry module (for
 * Node, its bundle's loader, which names the token of the bundle's code: `scripts/code-cache.js`), the protocol and
 * Node.
 */
export function serverKey(): string {
  if (key) return key;
  const h = createHash('sha256').update(`${PROTOCOL}\0${process.execPath}\0${process.version}\0`);
  const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  for (const f of builtFiles(src)) h.update(path.relative(src, f)).update('\0').update(readFileSync(f)).update('\0');
  h.update(readFileSync(fileURLToPath(import.meta.resolve('@bytescope/core')))).update('\0');
  key = h.digest('hex').slice(0, 16);
  return key;
}

/** The socket of this build's server in the cache directory `dir`, or undefined when the path is too long for one. */
export function serverSocketPath(dir: string): string | undefined {
  const p = path.join(dir, `server-${serverKey()}.sock`);
  return Buffer.byteLength(p) <= MAX_SOCKET_PATH ? p : undefined;
}

/**
 * Splits a stream into lines and hands each, parsed as JSON, to `onMessage`; `onBad` is called (once) for a line
 * that is not JSON or is longer than {@link MAX_LINE}, after which nothing more is read.
 */
export function lineReader(onMessage: (m: unknown) => void, onBad: (why: string) => void): (chunk: Buffer) => void {
  let parts: Buffer[] = [];
  let size = 0;
  let bad = false;
  return (chunk) => {
    if (bad) return;
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      parts.push(chunk.subarray(start, nl));
      const line = Buffer.concat(parts).toString('utf8');
      parts = [];
      size = 0;
      start = nl + 1;
      let m: unknown;
      try {
        m = JSON.parse(line);
      } catch {
        bad = true;
        onBad('a line that is not JSON');
        return;
      }
      onMessage(m);
      if (bad) return;
    }
    if (start < chunk.length) {
      size += chunk.length - start;
      if (size > MAX_LINE) {
        bad = true;
        parts = [];
        onBad('a line longer than the limit');
        return;
      }
      parts.push(chunk.subarray(start));
    }
  };
}

/** A message as one line. */
export function encodeLine(m: Request | Reply): string {
  return JSON.stringify(m) + '\n';
}
