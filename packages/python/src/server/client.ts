/**
 * The runtime server's client side (see `server.ts`): starting a server, one connection to it, and the servers found
 * in a cache directory (for `bytescope server`).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPythonVersion, type PythonVersion } from '@bytescope/core/supported';
import type { CompileResult } from '../compile.js';
import type { LabTransport } from '../lab/protocol.js';
import { PROTOCOL, encodeLine, lineReader, serverKey, type Reply, type Request } from './protocol.js';

/** The server's script (run detached by {@link startServer}). */
export const SERVER_SCRIPT = fileURLToPath(new URL('./server.js', import.meta.url));

/** How long a client waits for the server's hello, in ms (it answers at once: its runtimes run in threads). */
const HELLO_MS = 1000;
/** How long a client waits for the next message of a compile before it compiles by itself, in ms. */
const SILENT_MS = 120_000;

/**
 * Starts a detached server on `socketPath` that loads `version` at once: its compile runtime, or with `lab` a spare
 * lab child (it exits at once if a server is there already).
 */
export function startServer(socketPath: string, version: PythonVersion, lab = false): void {
  try {
    mkdirSync(path.dirname(socketPath), { recursive: true });
    const child = spawn(process.execPath, [SERVER_SCRIPT, socketPath, version, ...(lab ? ['lab'] : [])], { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
  } catch {
    // No server this time: this process compiled by itself, and the next one tries again.
  }
}

/**
 * {@link startServer}, once: when the returned function is first called or when this process exits, whichever comes
 * first. A command that ran CPython by itself starts the server after that work (its compiler closed, its lab session
 * ended), not beside it: a starting server loads CPython twice (a compile runtime and a spare lab child), which on a
 * two-core machine slowed the command it started beside (a first `dis --python 3.13` of one file: 0.695 s against
 * 0.625 s, median of six; a first `run --counts` of print(1): 0.95 s against 0.90 s, median of five).
 */
export function startServerLater(socketPath: string, version: PythonVersion, lab = false): () => void {
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    process.off('exit', start);
    startServer(socketPath, version, lab);
  };
  process.once('exit', start);
  return start;
}

/** A compile's answer from the server. */
interface Served { readonly fullVersion: string; readonly result: CompileResult; readonly stderr: readonly string[] }

/** One connection to a runtime server: requests one at a time, each answered or failed. */
export class ServerConnection {
  /** The request under way: its id, the stderr lines of its compile, how it ends, and what restarts its timer. */
  private waiting: { readonly id: number; readonly stderr: string[]; settle(r: Reply | Error): void; heard(): void } | undefined;
  private nextId = 1;
  /** When the connection is a lab session: where the child's messages and its end go. */
  private labSink: { message(m: unknown): void; exit(reason: string): void } | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', lineReader((m) => this.message(m as Reply), (why) => this.fail(new Error(`the server sent ${why}`))));
    socket.on('error', (e) => this.fail(e));
    socket.on('close', () => this.fail(new Error('the server closed the connection')));
  }

  /**
   * Connects to the server on `socketPath` and checks that it speaks this protocol (and, with `sameBuild`, that it is
   * this build's); undefined if none does.
   */
  static open(socketPath: string, sameBuild = true): Promise<ServerConnection | undefined> {
    return new Promise((resolve) => {
      const socket = net.createConnection(socketPath);
      const timer = setTimeout(() => { socket.destroy(); resolve(undefined); }, HELLO_MS);
      const give = (c: ServerConnection | undefined) => { clearTimeout(timer); resolve(c); };
      socket.once('error', () => give(undefined));
      socket.once('connect', () => {
        const c = new ServerConnection(socket);
        c.request({ op: 'hello' }, 0).then((r) => {
          if (r.type === 'hello' && r.protocol === PROTOCOL && (!sameBuild || r.key === serverKey())) give(c);
          else { c.close(); give(undefined); }
        }, () => { c.close(); give(undefined); });
      });
    });
  }

  /** The server's status (its pid, the versions it holds loaded, how many compiles it served). */
  async status(): Promise<Extract<Reply, { type: 'status' }>> {
    const r = await this.request({ op: 'status' }, 0);
    if (r.type !== 'status') throw new Error('the server answered status with something else');
    // A server of another build may say less: what it does not say is empty.
    const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is PythonVersion => typeof x === 'string' && isPythonVersion(x)) : []);
    const num = (v: unknown) => (typeof v === 'number' ? v : 0);
    return { type: 'status', pid: num(r.pid), key: String(r.key), versions: list(r.versions), ready: list(r.ready), labs: list(r.labs), compiles: num(r.compiles), startedAt: num(r.startedAt) };
  }

  /** Asks the server to load `version` now: its compile runtime, or with `lab` a spare lab child. */
  async preload(version: PythonVersion, lab: boolean): Promise<void> {
    const r = await this.request({ op: 'preload', version, lab }, 0);
    if (r.type !== 'preloading') throw new Error(r.type === 'failed' ? r.message : 'the server answered preload with something else');
  }

  /** Asks the server to exit. */
  async stop(): Promise<void> {
    await this.request({ op: 'stop' }, 0);
  }

  /** Compiles `source` as module `filename` with CPython `version` in the server. Rejects on any failure. */
  async compile(version: PythonVersion, source: Uint8Array, filename: string): Promise<Served> {
    const id = this.nextId++;
    const stderr: string[] = [];
    const r = await this.request({ op: 'compile', id, version, filename, source: Buffer.from(source.buffer, source.byteOffset, source.byteLength).toString('base64') }, id, stderr);
    if (r.type !== 'result' || r.id !== id) throw new Error(r.type === 'failed' ? r.message : 'the server answered with something else');
    const w = r.result;
    if (w.ok) {
      const b = Buffer.from(w.pyc, 'base64');
      return { fullVersion: r.fullVersion, result: { ok: true, pyc: new Uint8Array(b.buffer, b.byteOffset, b.byteLength) }, stderr };
    }
    return { fullVersion: r.fullVersion, result: { ok: false, error: w.error }, stderr };
  }

  close(): void {
    this.socket.destroy();
  }

  private request(req: Request, id: number, stderr: string[] = []): Promise<Reply> {
    if (this.waiting) return Promise.reject(new Error('one request at a time'));
    if (this.socket.destroyed) return Promise.reject(new Error('the connection is closed'));
    return new Promise<Reply>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      this.waiting = {
        id, stderr,
        settle: (r) => {
          clearTimeout(timer);
          this.waiting = undefined;
          this.socket.unref();
          if (r instanceof Error) reject(r); else resolve(r);
        },
        heard: () => {
          clearTimeout(timer);
          timer = setTimeout(() => this.fail(new Error('the server stopped answering')), SILENT_MS);
          timer.unref();
        },
      };
      this.waiting.heard();
      this.socket.ref();
      this.socket.write(encodeLine(req));
    });
  }

  private message(r: Reply): void {
    if (typeof r === 'object' && r !== null && this.labSink) {
      if (r.type === 'lab-message') this.labSink.message(r.message);
      else if (r.type === 'lab-exit' || r.type === 'failed') this.labSink.exit(r.type === 'lab-exit' ? String(r.reason) : String(r.message));
      return;
    }
    const w = this.waiting;
    if (!w || typeof r !== 'object' || r === null) return;
    if (r.type === 'stderr') {
      if (r.id === w.id && typeof r.line === 'string') w.stderr.push(r.line);
      w.heard();
      return;
    }
    w.settle(r);
  }

  private fail(e: Error): void {
    this.waiting?.settle(e);
    this.labSink?.exit(e.message);
    this.socket.destroy();
  }

  /**
   * Makes this connection a lab session of CPython `version` in one of the server's lab children (`lab-relay.ts`):
   * resolves its transport once the child's runtime is loaded, as `forkLabTransport` does for a child of this process
   * (rejects with a `LabCrash` likewise). The connection then serves only this session; `kill()` ends both.
   */
  async lab(version: PythonVersion, label: string, loadTimeoutMs: number): Promise<LabTransport> {
    // Loaded here, not with this module: a compile (the common client) needs none of the lab.
    const { connectLab } = await import('../lab/transport.js');
    const socket = this.socket;
    socket.ref();
    let exitHandler: ((reason: string) => void) | undefined;
    let early: string | undefined;
    const transport = connectLab(
      {
        postMessage: (m) => { if (!socket.destroyed) socket.write(encodeLine({ op: 'lab-send', message: m })); },
        onMessage: (h) => {
          this.labSink = {
            message: h,
            exit: (reason) => { if (exitHandler) exitHandler(reason); else early ??= reason; },
          };
        },
      },
      {
        label,
        loadTimeoutMs,
        kill: () => {
          if (!socket.destroyed) socket.end(encodeLine({ op: 'lab-kill' }));
          socket.unref();
        },
        onExit: (h) => {
          exitHandler = (reason) => h(`(in the runtime server) ${reason}`);
          if (early !== undefined) exitHandler(early);
        },
      },
    );
    socket.write(encodeLine({ op: 'lab-open', version }));
    return transport;
  }
}

/** A server found in a cache directory: its socket, and its status (undefined when it does not answer). */
export interface FoundServer {
  readonly socket: string;
  readonly status: Extract<Reply, { type: 'status' }> | undefined;
}

/** The sockets of runtime servers in the cache directory `dir` (of any build). */
function serverSockets(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => /^server-[0-9a-f]+\.sock$/.test(n)).map((n) => path.join(dir, n));
  } catch {
    return [];
  }
}

/** Connects to `socketPath` without checking its build (status and stop are the same in every build). */
function openAny(socketPath: string): Promise<ServerConnection | undefined> {
  return ServerConnection.open(socketPath, false);
}

/** The runtime servers of every build in the cache directory `dir`, with their status. */
export async function findServers(dir: string): Promise<FoundServer[]> {
  return Promise.all(serverSockets(dir).map(async (socket) => {
    const c = await openAny(socket);
    try {
      return { socket, status: await c?.status().catch(() => undefined) };
    } finally {
      c?.close();
    }
  }));
}

/**
 * Stops every runtime server in the cache directory `dir`, and removes the socket files that no server answers on
 * (left by one that was killed); resolves the number stopped.
 */
export async function stopServers(dir: string): Promise<number> {
  let stopped = 0;
  for (const socket of serverSockets(dir)) {
    const c = await openAny(socket);
    if (!c) {
      rmSync(socket, { force: true });
      continue;
    }
    try {
      await c.stop();
      stopped++;
    } catch { /* gone already */ } finally {
      c.close();
    }
  }
  return stopped;
}
