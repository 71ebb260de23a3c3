/**
 * The runtime server (src/server/, src/source-compiler.ts): compiles served by a long-lived process equal those of a
 * compile thread in this process, warnings included; with no server a client compiles by itself and leaves one for
 * the next; anything wrong with a server (it dies mid-compile, answers garbage, never answers) falls back to the
 * compile thread with the same result and each warning printed once; one server per socket; an idle server exits;
 * lab sessions run in the server's spare children, with the same counts, and fall back to a child of their own.
 * Every test has its own cache directory (the socket's home) and stops what it started.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CompileThread } from '../src/compile-thread.js';
import type { CompileResult } from '../src/compile.js';
import { ServerConnection, stopServers, SERVER_SCRIPT } from '../src/server/client.js';
import { encodeLine, serverKey, serverSocketPath } from '../src/server/protocol.js';
import { openSourceCompiler, serverMode, serverSocket } from '../src/source-compiler.js';
import { LabCrash, LabTimeout } from '../src/lab/errors.js';
import { openLab } from '../src/lab/node.js';

const VERSION = '3.14';
const enc = (s: string) => new TextEncoder().encode(s);

/** Sources whose compile says something: a module with warnings, one that does not compile, a plain one. */
const SOURCES: Array<[string, string]> = [
  ['warns.py', 'x = 1 is 1\nassert (x, 1)\ndef f():\n    return "a" is "b"\n'],
  ['broken.py', 'def f(:\n    pass\n'],
  ['plain.py', 'def f(xs):\n    return [y * 2 for y in xs if y]\n'],
];

const dirs: string[] = [];
/** A fresh cache directory, short enough for a socket path. */
function cacheDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'bs-srv-'));
  dirs.push(d);
  return d;
}
after(async () => {
  for (const d of dirs) {
    await stopServers(d);
    rmSync(d, { recursive: true, force: true });
  }
});

/**
 * Runs `fn` with the process environment pointing the server's socket into `dir` (`extra` set too). Warm starts are
 * used but never made there (`BYTESCOPE_WARM_START=use`): a maker left running would write into the directory after
 * the test removed it.
 */
async function withEnv<T>(dir: string, extra: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  process.env.BYTESCOPE_CACHE_DIR = dir;
  delete process.env.BYTESCOPE_SERVER;
  process.env.BYTESCOPE_WARM_START = 'use';
  Object.assign(process.env, extra);
  try {
    return await fn();
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

/** Starts a server on `dir`'s socket and waits until it answers. */
async function startServer(dir: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  const socket = serverSocketPath(dir)!;
  const child = spawn(process.execPath, [SERVER_SCRIPT, socket, VERSION], { stdio: 'ignore', env: { ...process.env, BYTESCOPE_WARM_START: 'use', ...env } });
  await until(async () => { const c = await ServerConnection.open(socket); c?.close(); return c !== undefined; }, 60_000, 'the server to answer');
  return child;
}

async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What a compile gave: the result with the `.pyc` as hex, and the stderr lines. */
interface Outcome { result: unknown; stderr: string[] }
const view = (r: CompileResult) => (r.ok ? { ok: true, pyc: Buffer.from(r.pyc).toString('hex') } : r);

/** Every source compiled by a compile thread of this process: the reference. */
let local: Outcome[] | undefined;
async function localOutcomes(): Promise<Outcome[]> {
  if (local) return local;
  const out: Outcome[] = [];
  let lines: string[] = [];
  const thread = new CompileThread(VERSION, { stderr: (l) => lines.push(l) });
  for (const [name, text] of SOURCES) {
    lines = [];
    out.push({ result: view(await thread.compile(enc(text), name)), stderr: lines });
  }
  await thread.close();
  return (local = out);
}

/** Every source compiled by `openSourceCompiler` as the environment has it; also where each ran. */
async function compileAll(): Promise<{ outcomes: Outcome[]; via: string[] }> {
  const outcomes: Outcome[] = [];
  const via: string[] = [];
  let lines: string[] = [];
  const compiler = openSourceCompiler(VERSION, { stderr: (l) => lines.push(l) });
  for (const [name, text] of SOURCES) {
    lines = [];
    outcomes.push({ result: view(await compiler.compile(enc(text), name)), stderr: lines });
    via.push(compiler.via!);
  }
  assert.match(compiler.fullVersion ?? '', /^3\.14\./);
  await compiler.close();
  return { outcomes, via };
}

test('a compile served by the server equals one by a compile thread of this process, warnings included', { timeout: 300_000 }, async () => {
  const dir = cacheDir();
  const server = await startServer(dir);
  const expected = await localOutcomes();
  assert.ok(expected[0]!.stderr.length === 3 && expected[1]!.result !== undefined, 'the reference has warnings');
  await withEnv(dir, {}, async () => {
    for (let round = 0; round < 2; round++) {
      const { outcomes, via } = await compileAll();
      assert.deepEqual(via, ['server', 'server', 'server']);
      assert.deepEqual(outcomes, expected);
    }
    // Clients that send nonsense get one `failed` line (and, for a line that is not JSON, the end of the connection);
    // the server goes on serving.
    const answers = async (lines: string) => new Promise<string>((resolve) => {
      const sock = net.createConnection(serverSocket()!);
      let got = '';
      sock.on('data', (d) => { got += d.toString(); });
      sock.on('connect', () => { sock.write(lines); setTimeout(() => { sock.destroy(); resolve(got); }, 500); });
      sock.on('close', () => resolve(got));
    });
    assert.match(await answers('not json\n'), /^\{"type":"failed","message":"the server read a line that is not JSON"\}\n$/);
    assert.match(await answers('{"op":"format-disk"}\n'), /"type":"failed","message":"unknown request \\"format-disk\\""/);
    assert.match(await answers('{"op":"compile","id":7,"version":"2.7","filename":"x","source":""}\n'), /"type":"failed","id":7,/);
    assert.match(await answers('{"op":"lab-open","version":"9.9"}\n'), /"type":"failed"/);
    const c = (await ServerConnection.open(serverSocket()!))!;
    const status = await c.status();
    c.close();
    assert.equal(status.pid, server.pid);
    assert.deepEqual(status.ready, [VERSION]);
    assert.ok(status.compiles >= 6, `compiles served: ${status.compiles}`);
  });
});

test('with no server a client compiles by itself and starts one, which the next client uses', { timeout: 300_000 }, async () => {
  const dir = cacheDir();
  await withEnv(dir, {}, async () => {
    const first = await compileAll();
    assert.deepEqual(first.via, ['thread', 'thread', 'thread']);
    assert.deepEqual(first.outcomes, await localOutcomes());
    await until(async () => {
      const c = await ServerConnection.open(serverSocket()!);
      const s = await c?.status();
      c?.close();
      return s?.ready.includes(VERSION) === true;
    }, 240_000, 'the started server to load its runtime');
    const second = await compileAll();
    assert.deepEqual(second.via, ['server', 'server', 'server']);
    assert.deepEqual(second.outcomes, await localOutcomes());
  });
});

test('BYTESCOPE_SERVER=0 and BYTESCOPE_WARM_START=0 compile in this process and start no server; =use starts none; nor does a cache too deep for a socket', { timeout: 300_000 }, async () => {
  const envs: Array<Record<string, string>> = [{ BYTESCOPE_SERVER: '0' }, { BYTESCOPE_WARM_START: '0' }, { BYTESCOPE_SERVER: 'use' }];
  // A cache directory too deep for a socket path: no server, and nothing goes wrong.
  const deep = path.join(cacheDir(), 'd'.repeat(120));
  assert.equal(serverSocketPath(deep), undefined);
  await withEnv(deep, {}, async () => {
    assert.equal(serverSocket(), undefined);
    const r = await compileAll();
    assert.deepEqual(r.via, ['thread', 'thread', 'thread']);
    assert.deepEqual(r.outcomes, await localOutcomes());
  });
  for (const env of envs) {
    const dir = cacheDir();
    await withEnv(dir, env, async () => {
      assert.equal(serverMode(), env.BYTESCOPE_SERVER === 'use' ? 'use' : 'off');
      const r = await compileAll();
      assert.deepEqual(r.via, ['thread', 'thread', 'thread']);
      await new Promise((res) => setTimeout(res, 1500));
      assert.equal(existsSync(serverSocketPath(dir)!), false, `a server was started with ${JSON.stringify(env)}`);
    });
  }
});

/**
 * A fake server on `dir`'s socket that says hello as this build's server does, then treats a compile request as
 * `onCompile` says: it may answer with lines, close the connection, or never answer.
 */
async function fakeServer(dir: string, onCompile: (socket: net.Socket, id: number) => void, hello = true): Promise<net.Server> {
  const server = net.createServer((socket) => {
    let buf = '';
    socket.on('data', (d) => {
      buf += d.toString();
      for (let nl = buf.indexOf('\n'); nl !== -1; nl = buf.indexOf('\n')) {
        const m = JSON.parse(buf.slice(0, nl)) as { op: string; id: number };
        buf = buf.slice(nl + 1);
        if (m.op === 'hello' && hello) socket.write(encodeLine({ type: 'hello', protocol: 1, key: serverKey(), pid: 1 }));
        if (m.op === 'compile') onCompile(socket, m.id);
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(serverSocketPath(dir)!, r));
  return server;
}

test('a server that dies mid-compile, answers garbage or never answers: the client compiles by itself, each warning once', { timeout: 300_000 }, async () => {
  const expected = await localOutcomes();
  const behaviours: Array<[string, (s: net.Socket, id: number) => void, boolean?]> = [
    // A warning line relayed, then the connection lost: the local compile's warnings only.
    ['dies', (s, id) => { s.write(encodeLine({ type: 'stderr', id, line: 'warns.py:1: SyntaxWarning: from the server' })); s.destroy(); }],
    ['garbage', (s) => { s.write('this is not JSON\n'); }],
    ['a result of another shape', (s, id) => { s.write(encodeLine({ type: 'result', id, fullVersion: '3.14.0', result: { ok: true } } as never)); }],
    ['no hello', () => {}, false],
  ];
  for (const [what, onCompile, hello] of behaviours) {
    const dir = cacheDir();
    const fake = await fakeServer(dir, onCompile, hello);
    try {
      await withEnv(dir, { BYTESCOPE_SERVER: 'use' }, async () => {
        const { outcomes, via } = await compileAll();
        assert.deepEqual(via, ['thread', 'thread', 'thread'], what);
        assert.deepEqual(outcomes, expected, what);
      });
    } finally {
      fake.close();
    }
  }
});

test('one server per socket: a second one exits and the first keeps serving; a dead one\'s socket file is replaced', { timeout: 300_000 }, async () => {
  const dir = cacheDir();
  const socket = serverSocketPath(dir)!;
  // A file where the socket would be, that nothing listens on (as a killed server leaves it).
  writeFileSync(socket, '');
  const first = await startServer(dir);
  const second = spawn(process.execPath, [SERVER_SCRIPT, socket, VERSION], { stdio: 'ignore', env: { ...process.env, BYTESCOPE_WARM_START: 'use' } });
  const code = await new Promise<number | null>((r) => second.once('exit', r));
  assert.equal(code, 0, 'the second server exits at once');
  const c = (await ServerConnection.open(socket))!;
  assert.equal((await c.status()).pid, first.pid);
  c.close();
});

test('an idle server exits and removes its socket', { timeout: 300_000 }, async () => {
  const dir = cacheDir();
  const server = await startServer(dir, { BYTESCOPE_SERVER_IDLE_MS: '1500' });
  const code = await new Promise<number | null>((r) => server.once('exit', r));
  assert.equal(code, 0);
  assert.equal(existsSync(serverSocketPath(dir)!), false);
});

/** The server's status through a connection to `dir`'s socket. */
async function statusOf(dir: string) {
  const c = await ServerConnection.open(serverSocketPath(dir)!);
  try {
    return await c?.status();
  } finally {
    c?.close();
  }
}

test('lab sessions get the server\'s spare child: the same counts as a child of this process; a runaway is stopped; a server killed mid-session is replaced by a child of this process', { timeout: 600_000 }, async () => {
  const program = { source: 'def f(n):\n    t = 0\n    for i in range(n):\n        t += i\n    return t\nprint(f(100))\n', filename: 'prog.py' };
  const local = await withEnv(cacheDir(), { BYTESCOPE_SERVER: '0' }, async () => {
    const s = openLab(VERSION);
    try {
      return await s.run(program);
    } finally {
      s.dispose();
    }
  });
  const dir = cacheDir();
  const server = spawn(process.execPath, [SERVER_SCRIPT, serverSocketPath(dir)!, VERSION, 'lab'], { stdio: 'ignore', env: { ...process.env, BYTESCOPE_WARM_START: 'use' } });
  await until(async () => (await statusOf(dir))?.labs.includes(VERSION) === true, 240_000, 'the spare lab child');
  await withEnv(dir, { BYTESCOPE_SERVER: 'use' }, async () => {
    const s = openLab(VERSION);
    try {
      assert.match(await s.ready(), /^3\.14\./);
      assert.deepEqual((await statusOf(dir))?.labs, [], 'the spare was taken by the session');
      const served = await s.run(program);
      assert.equal(served.stdout, local.stdout);
      const addressless = (x: unknown) => JSON.stringify(x).replace(/ at 0x[0-9a-f]+/g, ' at 0x');
      assert.equal(addressless(served.counts), addressless(local.counts));
      await assert.rejects(s.run({ source: 'n = 0\nwhile True:\n    n += 1\n', timeoutMs: 800 }), (e: unknown) => e instanceof LabTimeout);
      assert.equal((await s.run(program)).stdout, '4950\n', 'the session runs again after the stop');
    } finally {
      s.dispose();
    }
    await until(async () => (await statusOf(dir))?.labs.includes(VERSION) === true, 240_000, 'a new spare after the session');
    // The server dies while a session runs: the session's next run gets a child of this process.
    const s2 = openLab(VERSION);
    try {
      await s2.ready();
      server.kill('SIGKILL');
      await new Promise((r) => server.once('exit', r));
      await assert.rejects(s2.run({ source: 'import time\ntime.sleep(0.2)\n' }), (e: unknown) => e instanceof LabCrash);
      assert.equal((await s2.run(program)).stdout, '4950\n');
    } finally {
      s2.dispose();
    }
  });
});

test('with no server a lab session runs in a child of this process and starts one when it ends, not beside it', { timeout: 600_000 }, async () => {
  const dir = cacheDir();
  await withEnv(dir, {}, async () => {
    const s = openLab(VERSION);
    try {
      assert.equal((await s.run({ source: 'print(6 * 7)\n' })).stdout, '42\n');
      // Time enough for a server started beside the session to listen (it listens before it loads anything).
      await new Promise((r) => setTimeout(r, 1500));
      assert.ok(!existsSync(serverSocket()!), 'no server starts while the session runs');
    } finally {
      s.dispose();
    }
    await until(async () => (await statusOf(dir))?.labs.includes(VERSION) === true, 240_000, 'the server started at the session\'s end, with a spare');
  });
});
