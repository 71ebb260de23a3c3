/**
 * Compiling source in Node, as the CLI does it: by the runtime server when one runs (`server/server.ts`, a
 * long-lived process that keeps the runtimes loaded), else by a compile thread of this process
 * (`compile-thread.ts`), which then starts a server in the background for the commands that follow (when it is
 * closed or the process exits). The output is the same either way: the server runs the same compile thread, and
 * anything that goes wrong with it (no server, a server of another build, one that dies or stops answering
 * mid-compile, a malformed answer) falls back to the compile thread, with warnings printed once.
 *
 * `BYTESCOPE_SERVER=0` turns the server off (compile in this process, start none); `BYTESCOPE_SERVER=use` uses a
 * running one but never starts one; `BYTESCOPE_WARM_START=0` (a cold start, as the benchmark measures one) turns it
 * off too. The server's socket lives in the warm-start cache directory (`BYTESCOPE_CACHE_DIR`).
 */
import type { PythonVersion } from '@bytescope/core';
import type { CompileResult } from './compile.js';
import type { CompileThread } from './compile-thread.js';
import { RUNTIME_PACKAGES } from './runtime.js';
import { ServerConnection, startServer, startServerLater, type FoundServer } from './server/client.js';
import { MAX_SOURCE, serverSocketPath } from './server/protocol.js';
import { warmStartCacheDir } from './warm-start.js';

/** Whether commands use the runtime server: `on` (use one, start one when none runs), `use` (never start one), `off`. */
export type ServerMode = 'on' | 'use' | 'off';

/** The server mode the environment asks for (see the module comment). */
export function serverMode(env: NodeJS.ProcessEnv = process.env): ServerMode {
  if (env.BYTESCOPE_SERVER === '0' || warmStartCacheDir(env) === undefined) return 'off';
  return env.BYTESCOPE_SERVER === 'use' ? 'use' : 'on';
}

/** This build's server socket, or undefined when the server is off (or the cache path is too long for a socket). */
export function serverSocket(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = serverDirectory(env);
  return dir === undefined ? undefined : serverSocketPath(dir);
}

/** Options of {@link openSourceCompiler}. */
export interface SourceCompilerOptions {
  /** Receives Python's stderr while compiling (SyntaxWarning…), line by line. */
  stderr?: (line: string) => void;
  /** A runtime of this process compiles with Liftoff alone (`LoadOptions.liftoffOnly`); the server's is not affected. */
  liftoffOnly?: boolean;
}

/** Compiles source with one CPython version (see the module comment). */
export interface SourceCompiler {
  /** Compiles `source` (bytes, as a file is read) as module `filename`. Rejects only when no runtime could load. */
  compile(source: Uint8Array, filename: string): Promise<CompileResult>;
  /** The CPython's full version (`3.14.2`) once a compile ran. */
  readonly fullVersion: string | undefined;
  /** The runtime it runs in: `Pyodide 0.22.1`. */
  readonly runtime: string;
  /** Where the last compile ran: the runtime server, or a thread of this process. */
  readonly via: 'server' | 'thread' | undefined;
  /** Ends the connection or the thread. */
  close(): Promise<void>;
}

class NodeSourceCompiler implements SourceCompiler {
  fullVersion: string | undefined;
  via: 'server' | 'thread' | undefined;
  /** The server connection: not yet tried (undefined), else the attempt (undefined when none answered or it failed). */
  private connection: Promise<ServerConnection | undefined> | undefined;
  private thread: CompileThread | undefined;
  /** Starts the runtime server (at the latest when the process exits), once this process compiled by itself. */
  private startServer: (() => void) | undefined;

  readonly runtime: string;

  constructor(readonly version: PythonVersion, private readonly socketPath: string | undefined, private readonly options: SourceCompilerOptions) {
    this.runtime = `Pyodide ${RUNTIME_PACKAGES[version].pyodide}`;
  }

  async compile(source: Uint8Array, filename: string): Promise<CompileResult> {
    // A source larger than the server takes is compiled here (the connection stays for the next file).
    const connection = this.socketPath === undefined || source.byteLength > MAX_SOURCE ? undefined
      : await (this.connection ??= ServerConnection.open(this.socketPath));
    if (connection) {
      try {
        const served = await connection.compile(this.version, source, filename);
        for (const line of served.stderr) this.options.stderr?.(line);
        this.fullVersion = served.fullVersion;
        this.via = 'server';
        return served.result;
      } catch {
        // The server failed this compile: this process compiles it, and the rest.
        connection.close();
        this.connection = Promise.resolve(undefined);
      }
    }
    this.thread ??= new (await import('./compile-thread.js')).CompileThread(this.version, { stderr: this.options.stderr, liftoffOnly: this.options.liftoffOnly });
    const result = await this.thread.compile(source, filename);
    this.fullVersion = this.thread.fullVersion;
    this.via = 'thread';
    if (this.startServer === undefined && this.socketPath !== undefined && serverMode() === 'on') {
      this.startServer = startServerLater(this.socketPath, this.version);
    }
    return result;
  }

  async close(): Promise<void> {
    (await this.connection)?.close();
    await this.thread?.close();
    this.startServer?.();
  }
}

/** A {@link SourceCompiler} for CPython `version`: the runtime server's when the environment allows it. */
export function openSourceCompiler(version: PythonVersion, options: SourceCompilerOptions = {}): SourceCompiler {
  return new NodeSourceCompiler(version, serverSocket(), options);
}

export { findServers, stopServers, type FoundServer } from './server/client.js';

/** The directory of the server's socket (the warm-start cache's), or undefined when the server is off. */
export function serverDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return serverMode(env) === 'off' ? undefined : warmStartCacheDir(env);
}

/**
 * Starts this build's server unless one runs, and waits (up to `waitMs`) until it has `version` loaded: its compile
 * runtime, or with `lab` a spare lab child; resolves its status, or undefined when the server is off or did not
 * come up in time.
 */
export async function ensureServer(version: PythonVersion, lab = false, waitMs = 180_000): Promise<FoundServer['status']> {
  const socketPath = serverSocket();
  if (socketPath === undefined) return undefined;
  const deadline = Date.now() + waitMs;
  let started = false;
  let asked = false;
  for (;;) {
    const c = await ServerConnection.open(socketPath);
    if (c) {
      try {
        const status = await c.status();
        if ((lab ? status.labs : status.ready).includes(version)) return status;
        if (!asked) { await c.preload(version, lab); asked = true; }
      } catch {
        return undefined;
      } finally {
        c.close();
      }
    } else if (!started) {
      startServer(socketPath, version, lab);
      started = true;
    }
    if (Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 100));
  }
}
