/**
 * The runtime server: a long-lived background process that keeps CPython runtimes loaded, so that a command that
 * compiles or runs source does not start one. Starting Pyodide costs 0.5–1.5 s even from the warm-start cache
 * (`warm-start.ts`); asking a running one costs a few milliseconds.
 *
 * - Started detached by a client that found none (`source-compiler.ts`, `lab/node.ts`), with the version that client
 *   needed, which it loads at once; other versions are loaded when asked for.
 * - Compiles: each version runs in a {@link CompileThread} (a worker thread with a large stack, replaced when its
 *   runtime dies), so the server's own event loop stays free to answer; at most {@link MAX_LOADED} versions at a
 *   time (the least recently used idle one is closed first).
 * - Lab sessions (`run`, `compare`, `specialize`, `hints`, `trace`, `explain --live`) never share an interpreter:
 *   each gets a lab child process of its own, taken from the spares the server keeps for its recent lab versions
 *   (`lab-relay.ts`).
 * - Listens on a Unix domain socket in the per-user cache directory (mode 0600), named by this build's key
 *   (`protocol.ts`). One server per socket: a second one that finds the first alive exits; a socket file left by a
 *   server that died is replaced.
 * - Exits after {@link idleMs} without a request (15 minutes; `BYTESCOPE_SERVER_IDLE_MS`; never while a compile
 *   or a lab session runs), when asked (`stop`), or on SIGTERM, SIGINT, SIGHUP, removing its socket file and killing
 *   its lab children.
 *
 * Run as `node server.js SOCKET [VERSION [lab]]`.
 */
import { chmodSync, rmSync } from 'node:fs';
import net from 'node:net';
import { isPythonVersion, type PythonVersion } from '@bytescope/core/supported';
import { CompileThread } from '../compile-thread.js';
import { isMainScript } from '../main-script.js';
import { LabSpares } from './lab-relay.js';
import { PROTOCOL, encodeLine, lineReader, serverKey, type Reply } from './protocol.js';

/** How many versions the server keeps loaded at most, for compiles and for lab spares each (a runtime: about 200 MB). */
export const MAX_LOADED = 2;

/** How long the server waits without a request before it exits, in ms. */
export function idleMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.BYTESCOPE_SERVER_IDLE_MS);
  return Number.isFinite(v) && v > 0 ? v : 15 * 60_000;
}

/** A loaded version: its thread, and how many compiles wait on it. */
interface Loaded { readonly thread: CompileThread; busy: number }

/** What the server does for a connection: requests, and when it is a lab session, the relay to its child. */
interface Connection {
  readonly send: (r: Reply) => void;
  lab?: { message(m: unknown): void; end(): void };
}

/** The server's state: its runtimes by version (least recently used first), connections, and counters. */
class RuntimeServer {
  private readonly loaded = new Map<PythonVersion, Loaded>();
  /** The versions of the last lab sessions (least recently used first), at most {@link MAX_LOADED}: each keeps a spare. */
  private readonly labVersions: PythonVersion[] = [];
  private readonly labs = new LabSpares((v) => this.labVersions.includes(v));
  /** Lab sessions open now. */
  private labSessions = 0;
  private readonly sockets = new Set<net.Socket>();
  private compiles = 0;
  private readonly startedAt = Date.now();
  private idle: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly server: net.Server, private readonly idleAfter: number) {}

  /** The thread of `version`, loaded (and made the most recently used) now; closes an idle one beyond the limit. */
  runtime(version: PythonVersion): Loaded {
    let l = this.loaded.get(version);
    if (l) this.loaded.delete(version);
    else l = { thread: new CompileThread(version), busy: 0 };
    this.loaded.set(version, l);
    for (const [v, other] of this.loaded) {
      if (this.loaded.size <= MAX_LOADED) break;
      if (other.busy === 0 && v !== version) {
        this.loaded.delete(v);
        void other.thread.close();
      }
    }
    return l;
  }

  /** Marks `version` as used by a lab session: it keeps a spare child, the oldest version beyond the limit none. */
  private labUsed(version: PythonVersion): void {
    const i = this.labVersions.indexOf(version);
    if (i !== -1) this.labVersions.splice(i, 1);
    this.labVersions.push(version);
    if (this.labVersions.length > MAX_LOADED) this.labVersions.shift();
    this.labs.prune();
  }

  /** Starts a spare lab child of `version` ahead of the first lab session. */
  preloadLab(version: PythonVersion): void {
    this.labUsed(version);
    this.labs.prepare(version);
  }

  /** Loads `version` ahead of the first request (compiling an empty module starts the runtime). */
  preload(version: PythonVersion): void {
    const l = this.runtime(version);
    l.busy++;
    void l.thread.compile(new Uint8Array(0), '<preload>').catch(() => {}).finally(() => { l.busy--; this.armIdle(); });
  }

  connection(socket: net.Socket): void {
    this.sockets.add(socket);
    this.armIdle();
    const conn: Connection = { send: (r: Reply) => { if (!socket.destroyed) socket.write(encodeLine(r)); } };
    const send = conn.send;
    socket.on('data', lineReader((m) => this.request(m, conn), (why) => {
      send({ type: 'failed', message: `the server read ${why}` });
      socket.end();
    }));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (conn.lab) this.endLab(conn);
      this.armIdle();
    });
  }

  private endLab(conn: Connection): void {
    if (!conn.lab) return;
    conn.lab.end();
    conn.lab = undefined;
    this.labSessions--;
  }

  private request(m: unknown, conn: Connection): void {
    this.armIdle();
    const send = conn.send;
    const r = (typeof m === 'object' && m !== null ? m : {}) as Record<string, unknown>;
    switch (r.op) {
      case 'hello':
        send({ type: 'hello', protocol: PROTOCOL, key: serverKey(), pid: process.pid });
        return;
      case 'status':
        send({ type: 'status', pid: process.pid, key: serverKey(), versions: [...this.loaded.keys()], ready: [...this.loaded].filter(([, l]) => l.thread.fullVersion !== undefined).map(([v]) => v), labs: this.labs.ready(), compiles: this.compiles, startedAt: this.startedAt });
        return;
      case 'stop':
        send({ type: 'stopping' });
        void this.stop();
        return;
      case 'compile':
        this.compile(r, send);
        return;
      case 'preload': {
        const { version, lab } = r;
        if (typeof version !== 'string' || !isPythonVersion(version)) {
          send({ type: 'failed', message: 'preload needs a version (3.10 … 3.15)' });
          return;
        }
        if (lab === true) this.preloadLab(version);
        else if (!this.loaded.has(version)) this.preload(version);
        send({ type: 'preloading' });
        return;
      }
      case 'lab-open': {
        const { version } = r;
        if (conn.lab || typeof version !== 'string' || !isPythonVersion(version)) {
          send({ type: 'failed', message: conn.lab ? 'this connection has a lab session already' : 'a lab session needs a version (3.10 … 3.15)' });
          return;
        }
        this.labUsed(version);
        this.labSessions++;
        conn.lab = this.labs.attach(version, send);
        return;
      }
      case 'lab-send':
        conn.lab?.message(r.message);
        return;
      case 'lab-kill':
        this.endLab(conn);
        return;
      default:
        send({ type: 'failed', message: `unknown request ${JSON.stringify(r.op)}` });
    }
  }

  private compile(r: Record<string, unknown>, send: (r: Reply) => void): void {
    const id = typeof r.id === 'number' ? r.id : -1;
    const { version, filename, source } = r;
    if (typeof version !== 'string' || !isPythonVersion(version) || typeof filename !== 'string' || typeof source !== 'string') {
      send({ type: 'failed', id, message: 'a compile request needs a version (3.10 … 3.15), a filename and a source' });
      return;
    }
    const l = this.runtime(version);
    l.busy++;
    const bytes = Buffer.from(source, 'base64');
    l.thread.compile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), filename, (line) => send({ type: 'stderr', id, line }))
      .then((result) => {
        this.compiles++;
        send({
          type: 'result', id, fullVersion: l.thread.fullVersion ?? version,
          result: result.ok ? { ok: true, pyc: Buffer.from(result.pyc).toString('base64') } : result,
        });
      }, (e: unknown) => send({ type: 'failed', id, message: e instanceof Error ? e.message : String(e) }))
      .finally(() => { l.busy--; this.armIdle(); });
  }

  /** (Re)starts the idle countdown; while a compile runs, the countdown starts after it. */
  armIdle(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      if (this.labSessions > 0 || [...this.loaded.values()].some((l) => l.busy > 0)) this.armIdle();
      else void this.stop();
    }, this.idleAfter);
  }

  async stop(): Promise<void> {
    clearTimeout(this.idle);
    this.server.close();
    for (const s of this.sockets) s.end();
    this.labs.prune(true);
    await Promise.all([...this.loaded.values()].map((l) => l.thread.close()));
    this.loaded.clear();
    process.exit(0);
  }
}

/** Listens on `socketPath` unless a live server already does: then resolves false. Replaces a dead server's file. */
function listenAlone(server: net.Server, socketPath: string): Promise<boolean> {
  const listen = () => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => { server.off('error', reject); resolve(); });
  });
  return listen().then(() => true, async (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EADDRINUSE') throw e;
    const alive = await new Promise<boolean>((resolve) => {
      const probe = net.createConnection(socketPath);
      probe.once('connect', () => { probe.destroy(); resolve(true); });
      probe.once('error', () => resolve(false));
    });
    if (alive) return false;
    rmSync(socketPath, { force: true });
    await listen();
    return true;
  });
}

/**
 * Runs a server on `socketPath`, loading `preload` at once: its compile runtime, or with `lab` a spare lab child.
 * Resolves false when another server was already there.
 */
export async function runServer(socketPath: string, preload?: PythonVersion, lab = false): Promise<boolean> {
  const server = net.createServer();
  const rs = new RuntimeServer(server, idleMs());
  server.on('connection', (s) => rs.connection(s));
  if (!(await listenAlone(server, socketPath))) return false;
  chmodSync(socketPath, 0o600);
  rs.armIdle();
  // Stopped by a signal (a logout, `kill`): as by `stop`, the socket file removed and the children killed.
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(sig, () => { void rs.stop(); });
  if (preload && lab) rs.preloadLab(preload);
  else if (preload) rs.preload(preload);
  return true;
}

if (isMainScript(import.meta.url)) {
  const [socketPath, version, what] = process.argv.slice(2);
  // Pyodide's own console output (its fatal-error banners) has nowhere to go: the server is detached.
  for (const k of ['log', 'info', 'warn', 'error', 'debug'] as const) console[k] = () => {};
  if (!socketPath) process.exit(2);
  runServer(socketPath, version !== undefined && isPythonVersion(version) ? version : undefined, what === 'lab')
    .then((started) => { if (!started) process.exit(0); }, () => process.exit(1));
}
