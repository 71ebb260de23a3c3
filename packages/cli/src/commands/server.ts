/**
 * `bytescope server`: the runtime server that keeps CPython loaded between commands (`@bytescope/python`'s
 * `source-compiler.ts`, `server/server.ts`): whether it runs, starting it ahead of use, stopping it.
 */
import { DEFAULT_PYTHON_VERSION, pythonVersionRange } from '@bytescope/core';
import type { CommandDefinition } from '../command.js';
import { EXIT_OK, InputError, UsageError } from '../errors.js';
import { versionOption } from '../options.js';

const HELP = `usage: bytescope server [status | start [--python X.Y] | stop]

Commands that compile source (dis, cfg and info of a .py file or a string) and
those that run it (run, compare, specialize, hints, trace, explain --live) ask
a runtime server, a background process that keeps CPython loaded, so that they
need not start one (a fifth of a second instead of about a second). Compiles
share its runtime; every run gets a fresh CPython of its own, which the server
started ahead.
The first such command starts it; it exits after 15 minutes without a request
(BYTESCOPE_SERVER_IDLE_MS). BYTESCOPE_SERVER=0 turns it off: every command then
starts its own CPython. Its socket is in the cache directory
(BYTESCOPE_CACHE_DIR, default ~/.cache/bytescope), usable by you only.

  status        the servers running, the versions they hold loaded (default)
  start         start this build's server with CPython X.Y loaded (for compiles,
                and a spare lab runtime), and wait for it
  stop          stop every server of the cache directory

options:
  --python X.Y  the version start loads: ${pythonVersionRange(' ... ')} (default ${DEFAULT_PYTHON_VERSION})
  -h, --help    show this help
`;

const OPTIONS = { python: { type: 'string' } } as const;

function minutes(ms: number): string {
  const m = Math.floor(ms / 60_000);
  return m < 1 ? 'under a minute' : m === 1 ? '1 minute' : `${m} minutes`;
}

export const serverCommand: CommandDefinition<typeof OPTIONS> = {
  options: OPTIONS,
  help: HELP,
  async handler({ values, positionals }, io) {
    const [action = 'status', ...rest] = positionals;
    if (rest.length) throw new UsageError(`unexpected argument ${rest[0]!} (see bytescope server --help)`);
    if (values.python !== undefined && action !== 'start') throw new UsageError('--python applies to server start');
    const py = await import('@bytescope/python/source-compiler');
    const dir = py.serverDirectory();
    if (dir === undefined) {
      const off = 'the runtime server is off (BYTESCOPE_SERVER=0 or BYTESCOPE_WARM_START=0)';
      if (action !== 'status') throw new InputError(off);
      io.out(off + '\n');
      return EXIT_OK;
    }
    switch (action) {
      case 'status': {
        const found = await py.findServers(dir);
        const mine = py.serverSocket();
        const alive = found.filter((f) => f.status !== undefined);
        if (!alive.length) { io.out('no runtime server running\n'); return EXIT_OK; }
        for (const { socket, status } of alive) {
          const s = status!;
          const held = [
            ...s.versions.map((v) => `CPython ${v}${s.ready.includes(v) ? '' : ' (starting)'}`),
            ...s.labs.map((v) => `a lab runtime of CPython ${v}`),
          ].join(', ') || 'no runtime loaded';
          io.out(`runtime server pid ${s.pid}${socket === mine ? '' : ' (another Bytescope build)'}: ${held}; ${s.compiles} compile${s.compiles === 1 ? '' : 's'} served, up ${minutes(Date.now() - s.startedAt)}\n`);
        }
        return EXIT_OK;
      }
      case 'start': {
        const version = versionOption('--python', values.python);
        const status = (await py.ensureServer(version)) && (await py.ensureServer(version, true));
        if (!status) throw new InputError(`the runtime server did not start with CPython ${version}`);
        io.out(`runtime server pid ${status.pid}: CPython ${version} loaded, and a lab runtime of it\n`);
        return EXIT_OK;
      }
      case 'stop': {
        const n = await py.stopServers(dir);
        io.out(n ? `stopped ${n} runtime server${n === 1 ? '' : 's'}\n` : 'no runtime server running\n');
        return EXIT_OK;
      }
      default:
        throw new UsageError(`unknown server action ${action} (status, start or stop)`);
    }
  },
};
