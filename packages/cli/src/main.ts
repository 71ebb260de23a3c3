/**
 * The `bytescope` command line: `dis` mirrors `python -m dis` for any CPython 3.10–3.15 (and reads the
 * .pyc of any 2.7/3.x), `info` summarizes a .pyc. Every failure is one `bytescope:` line on stderr.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { BytescopeError, readPyc, type DisOptions } from '@bytescope/core';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, InputError, UsageError } from './errors.js';
import { DIS_HELP, INFO_HELP, MAIN_HELP } from './help.js';
import { printable } from './info.js';
import type { WorkerPool } from './pool.js';
import { processInput, type FileResult, type RenderOptions } from './render.js';
import type { InputSpec, ReadOptions } from './sources.js';
import { findPycFiles, isDirectory } from './walk.js';

const PY_VERSIONS = ['3.10', '3.11', '3.12', '3.13', '3.14', '3.15'] as const;
type PyVersion = (typeof PY_VERSIONS)[number];

/** Where output goes (replaceable in tests). Output is text, or text already encoded as UTF-8. */
export interface Io {
  out(text: string | Uint8Array): void;
  err(text: string): void;
}

const processIo: Io = {
  out: (t) => { process.stdout.write(t); },
  err: (t) => { process.stderr.write(t); },
};

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!.replace(/^TypeError \[\w+\]: /, ''));
  }
}

function pythonVersion(v: string | undefined): PyVersion {
  if (v === undefined) return '3.14';
  if ((PY_VERSIONS as readonly string[]).includes(v)) return v as PyVersion;
  throw new UsageError(`--python must be one of ${PY_VERSIONS.join(', ')}, not ${JSON.stringify(v)}`);
}

const COMMON = {
  python: { type: 'string' },
  'force-version': { type: 'string' },
  raw: { type: 'boolean' },
  'keep-going': { type: 'boolean' },
  'fail-fast': { type: 'boolean' },
  jobs: { type: 'string', short: 'j' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The options every command that reads files has. */
interface FileOptions {
  readonly read: ReadOptions;
  readonly keepGoing: boolean | undefined;
  readonly failFast: boolean;
  readonly jobs: number;
}

function fileOptions(values: { python?: unknown; 'force-version'?: unknown; raw?: unknown; 'keep-going'?: unknown; 'fail-fast'?: unknown; jobs?: unknown }, io: Io): FileOptions {
  const forceVersion = values['force-version'] as string | undefined;
  const raw = values.raw === true;
  if (raw && forceVersion === undefined) throw new UsageError('--raw needs --force-version X.Y: a bare code object does not say its version');
  if (forceVersion !== undefined) {
    // The core checks the value (reading nothing as a bare code object fails later, for another reason).
    try {
      readPyc(new Uint8Array(0), { forceVersion, raw: true });
    } catch (e) {
      if (e instanceof BytescopeError && e.kind === 'usage') throw new UsageError(e.message);
    }
  }
  let jobs = 1;
  if (values.jobs !== undefined) {
    const j = values.jobs as string;
    jobs = /^\d+$/.test(j) ? Number(j) : NaN;
    if (!Number.isSafeInteger(jobs)) throw new UsageError(`--jobs must be a whole number (0: one per CPU), not ${JSON.stringify(j)}`);
    if (jobs === 0) jobs = availableParallelism();
  }
  if (values['keep-going'] && values['fail-fast']) throw new UsageError('--keep-going and --fail-fast exclude each other');
  return {
    read: {
      python: pythonVersion(values.python as string | undefined),
      forceVersion,
      raw,
      warn: (l: string) => io.err(l + '\n'),
    },
    keepGoing: values['keep-going'] === true ? true : undefined,
    failFast: values['fail-fast'] === true,
    jobs,
  };
}

async function disCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    ...COMMON,
    command: { type: 'string', short: 'c' },
    'show-caches': { type: 'boolean', short: 'C' },
    'show-offsets': { type: 'boolean', short: 'O' },
    'show-positions': { type: 'boolean', short: 'P' },
    depth: { type: 'string' },
    format: { type: 'string' },
  });
  if (values.help) { io.out(DIS_HELP); return EXIT_OK; }
  const format = (values.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${JSON.stringify(format)}`);
  let depth: number | undefined;
  if (values.depth !== undefined) {
    depth = Number(values.depth);
    if (!Number.isInteger(depth) || depth < 0) throw new UsageError(`--depth must be a whole number >= 0, not ${JSON.stringify(values.depth)}`);
  }
  const inputs: InputSpec[] = positionals.map((p) => ({ kind: 'file', path: p }));
  if (typeof values.command === 'string') inputs.unshift({ kind: 'command', source: values.command });
  if (!inputs.length) throw new UsageError('dis needs a FILE or -c SOURCE (see bytescope dis --help)');
  const dis: DisOptions = {
    showCaches: values['show-caches'] === true,
    showOffsets: values['show-offsets'] === true,
    showPositions: values['show-positions'] === true,
    depth,
  };
  return runInputs(inputs, { mode: format === 'json' ? 'dis-json' : 'dis-text', dis }, fileOptions(values, io), io);
}

async function infoCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { ...COMMON, json: { type: 'boolean' }, bytes: { type: 'boolean' } });
  if (values.help) { io.out(INFO_HELP); return EXIT_OK; }
  if (!positionals.length) throw new UsageError('info needs a FILE (see bytescope info --help)');
  const inputs: InputSpec[] = positionals.map((p) => ({ kind: 'file', path: p }));
  return runInputs(inputs, { mode: `info${values.bytes ? '-bytes' : ''}-${values.json ? 'json' : 'text'}`, dis: {} }, fileOptions(values, io), io);
}

/** One file to process: named on the command line, or found in a directory (then it gets a header). */
interface Item {
  readonly spec: InputSpec;
  readonly inDirectory: boolean;
  /** Why the item cannot be processed (an unreadable directory…), found before processing. */
  readonly error?: string;
}

/** How many results may wait ahead of the one being printed, per job. */
const WINDOW_PER_JOB = 16;

/**
 * Processes the inputs in order and prints their output. Directories are expanded into their `.pyc` files,
 * each printed after a `# PATH` header line. With keep-going (the default when a directory is given), a bad
 * file does not stop the others: every failure is printed at the end, one line each, and the exit code is
 * 1 (2 when one was a usage error). Otherwise the first failure ends the run. `.pyc` files go to worker
 * threads when there are several jobs; the output is the same.
 */
async function runInputs(inputs: InputSpec[], render: RenderOptions, fo: FileOptions, io: Io): Promise<number> {
  const items: Item[] = [];
  let anyDirectory = false;
  for (const spec of inputs) {
    if (spec.kind === 'file' && spec.path !== '-' && isDirectory(spec.path)) {
      anyDirectory = true;
      const found = findPycFiles(spec.path);
      if (!found.length) items.push({ spec, inDirectory: true, error: 'no .pyc files in this directory' });
      for (const f of found) items.push({ spec: { kind: 'file', path: f.path }, inDirectory: true, error: f.error });
    } else items.push({ spec, inDirectory: false });
  }
  const keepGoing = fo.keepGoing ?? (anyDirectory && !fo.failFast);
  const json = render.mode.endsWith('-json');
  const parallel = (it: Item) => it.error === undefined && it.spec.kind === 'file' && (fo.read.raw || /\.py[co]$/i.test(it.spec.path));
  const parallelCount = items.filter(parallel).length;
  // (pool.js, and worker_threads with it, is loaded only when there are jobs: it does not slow the start.)
  const pool: WorkerPool | undefined = fo.jobs > 1 && parallelCount > 1
    ? new (await import('./pool.js')).WorkerPool(Math.min(fo.jobs, parallelCount), { render, read: { forceVersion: fo.read.forceVersion, raw: fo.read.raw ?? false } })
    : undefined;
  const started = new Map<number, Promise<FileResult>>();
  let launched = 0;
  const window = fo.jobs * WINDOW_PER_JOB;
  const documents: object[] = [];
  const failures: FileResult[] = [];
  let printed = false;
  try {
    for (let i = 0; i < items.length; i++) {
      if (pool) {
        for (; launched < items.length && launched <= i + window; launched++) {
          const it = items[launched]!;
          if (parallel(it) && it.spec.kind === 'file') started.set(launched, pool.run(it.spec.path, it.inDirectory));
        }
      }
      const it = items[i]!;
      let r: FileResult;
      if (it.error !== undefined) {
        r = { ok: false, message: `${it.spec.kind === 'file' ? it.spec.path : '<string>'}: ${it.error}`, exit: EXIT_BAD_INPUT, warnings: [] };
      } else {
        r = await (started.get(i) ?? processInput(it.spec, fo.read, render, it.inDirectory));
        started.delete(i);
      }
      for (const w of r.warnings) io.err(w + '\n');
      if (!r.ok) {
        if (!keepGoing) { io.err(`bytescope: ${r.message}\n`); return r.exit; }
        failures.push(r);
      } else if (json) documents.push(r.out as object);
      else {
        if (it.inDirectory && it.spec.kind === 'file') io.out(`${printed ? '\n' : ''}# ${printable(it.spec.path)}\n`);
        if (Array.isArray(r.out)) for (const piece of r.out as Uint8Array[]) io.out(piece);
        else io.out(r.out as string);
        printed = true;
      }
    }
  } finally {
    await pool?.close();
  }
  // One input named on the command line gives one document; anything else (a directory…) gives an array.
  const single = items.length === 1 && !anyDirectory;
  if (json && !(single && !documents.length)) io.out(JSON.stringify(single ? documents[0] : documents, null, 1) + '\n');
  let exit = EXIT_OK;
  for (const f of failures) {
    if (f.ok) continue;
    io.err(`bytescope: ${f.message}\n`);
    exit = Math.max(exit, f.exit);
  }
  return exit;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
  try {
    const [cmd, ...rest] = argv;
    if (cmd === undefined || cmd === '-h' || cmd === '--help' || cmd === 'help') { io.out(MAIN_HELP); return cmd === undefined ? EXIT_USAGE : EXIT_OK; }
    if (cmd === '--version' || cmd === '-V') { io.out(`bytescope ${version()}\n`); return EXIT_OK; }
    if (cmd === 'dis') return await disCommand(rest, io);
    if (cmd === 'info') return await infoCommand(rest, io);
    // Loaded only for their commands: `dis` starts without the reference data and the lab.
    if (cmd === 'explain') return await (await import('./reference-commands.js')).explainCommand(rest, io);
    if (cmd === 'versions') return (await import('./reference-commands.js')).versionsCommand(rest, io);
    if (cmd === 'run') return await (await import('./lab-commands.js')).runCommand(rest, io);
    if (cmd === 'specialize') return await (await import('./lab-commands.js')).specializeCommand(rest, io);
    if (cmd === 'compare') return await (await import('./lab-commands.js')).compareCommand(rest, io);
    if (cmd === 'hints') return await (await import('./lab-commands.js')).hintsCommand(rest, io);
    throw new UsageError(`unknown command ${JSON.stringify(cmd)} (commands: dis, info, explain, versions, run, specialize, compare, hints; see bytescope --help)`);
  } catch (e) {
    if (e instanceof UsageError) { io.err(`bytescope: ${e.message}\n`); return EXIT_USAGE; }
    if (e instanceof InputError) { io.err(`bytescope: ${e.message}\n`); return EXIT_BAD_INPUT; }
    if (e instanceof BytescopeError) { io.err(`bytescope: ${e.message}\n`); return e.kind === 'usage' ? EXIT_USAGE : EXIT_BAD_INPUT; }
    const msg = e instanceof Error ? e.message : String(e);
    io.err(`bytescope: internal error: ${msg.split('\n')[0]}\n`);
    return EXIT_BAD_INPUT;
  }
}

