/**
 * What `dis` and `info` share: the options of commands that read files, and the run over their inputs (files,
 * directories expanded into their `.pyc` files, `-c` source) in order, with keep-going and `--jobs`.
 */
import { availableParallelism } from 'node:os';
import type { Parsed } from './command.js';
import { EXIT_BAD_INPUT, EXIT_OK, UsageError } from './errors.js';
import { printable } from './info-report.js';
import { writeJsonPieces } from './json-output.js';
import type { Io } from './io.js';
import { versionOption } from './options.js';
import type { OrderedResults } from './ordered-results.js';
import { processInput, type FileResult, type RenderOptions } from './render.js';
import { inputName, type InputSpec, type ReadOptions } from './sources.js';
import { findPycFiles, isDirectory } from './walk.js';

/** The options of every command that reads files. */
export const FILE_OPTIONS = {
  python: { type: 'string' },
  'force-version': { type: 'string' },
  raw: { type: 'boolean' },
  'keep-going': { type: 'boolean' },
  'fail-fast': { type: 'boolean' },
  jobs: { type: 'string', short: 'j' },
} as const;

/** The help lines of the directory options of {@link FILE_OPTIONS}. */
export const FILE_OPTIONS_HELP = `  --keep-going           go on after a bad file; report every failure at the end
                         (the default when a DIR is given)
  --fail-fast            stop at the first bad file, even in a DIR
  -j, --jobs N           read and render .pyc files in N worker threads (0: one
                         per CPU); the output is the same as with one
`;

/** The file options, checked. */
export interface FileOptions {
  readonly read: ReadOptions;
  readonly keepGoing: boolean | undefined;
  readonly failFast: boolean;
  readonly jobs: number;
}

/** Checks the file options of a parsed command line (a {@link UsageError} when one is bad). */
export function fileOptions(values: Parsed<typeof FILE_OPTIONS>['values'], io: Io): FileOptions {
  const raw = values.raw === true;
  if (raw && values['force-version'] === undefined) throw new UsageError('--raw needs --force-version X.Y: a bare code object does not say its version');
  const forceVersion = versionOption('--force-version', values['force-version']);
  let jobs = 1;
  if (values.jobs !== undefined) {
    const j = values.jobs;
    jobs = /^\d+$/.test(j) ? Number(j) : NaN;
    if (!Number.isSafeInteger(jobs)) throw new UsageError(`--jobs must be a whole number (0: one per CPU), not ${JSON.stringify(j)}`);
    if (jobs === 0) jobs = availableParallelism();
  }
  if (values['keep-going'] && values['fail-fast']) throw new UsageError('--keep-going and --fail-fast exclude each other');
  return {
    read: {
      python: versionOption('--python', values.python),
      forceVersion,
      raw,
      warn: (l: string) => io.err(l + '\n'),
    },
    keepGoing: values['keep-going'] === true ? true : undefined,
    failFast: values['fail-fast'] === true,
    jobs,
  };
}

/** The inputs named on a command line: files (or directories), in order. */
export function fileInputs(positionals: readonly string[]): InputSpec[] {
  return positionals.map((p) => ({ kind: 'file', path: p }));
}

/** One file to process: named on the command line, or found in a directory (then it gets a header). */
interface Item {
  readonly spec: InputSpec;
  readonly inDirectory: boolean;
  /** Why the item cannot be processed (an unreadable directory…), found before processing. */
  readonly error?: string;
}

/**
 * Processes the inputs in order and prints their output. Directories are expanded into their `.pyc` files,
 * each printed after a `# PATH` header line. With keep-going (the default when a directory is given), a bad
 * file does not stop the others: every failure is printed at the end, one line each, and the exit code is
 * 1 (2 when one was a usage error). Otherwise the first failure ends the run. `.pyc` files go to worker
 * threads when there are several jobs; the output is the same.
 */
export async function runInputs(inputs: InputSpec[], render: RenderOptions, fo: FileOptions, io: Io): Promise<number> {
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
  // (ordered-results.js, and worker_threads with it, is loaded only when there are jobs: it does not slow the start.)
  // JSON over several files is made in worker threads even with one job, and never on the main thread: a thread
  // with a small young generation collects each file's garbage before the next, where the main thread's heap would
  // grow to hundreds of MB. (A JSON document is some 60 times its file's size: one file ahead per job, not a window.)
  const results: OrderedResults | undefined = (fo.jobs > 1 || json) && parallelCount > 1
    ? new (await import('./ordered-results.js')).OrderedResults(
      items.map((it) => parallel(it) && it.spec.kind === 'file' ? { path: it.spec.path, inDirectory: it.inDirectory } : undefined),
      { jobs: fo.jobs, mainThreadWorks: !json, window: json ? fo.jobs : undefined },
      render, { forceVersion: fo.read.forceVersion, raw: fo.read.raw ?? false })
    : undefined;
  // One input named on the command line gives one document; anything else (a directory…) gives an array, written
  // one document at a time as each file is done (memory stays bounded by the largest file, not the sum).
  const single = items.length === 1 && !anyDirectory;
  let documents = 0;
  // Several inputs in text mode: each listing after a "# PATH" header, as in a directory.
  const headers = render.mode === 'dis-text' && items.length > 1;
  const warned = new Set<string>();
  const failures: FileResult[] = [];
  let printed = false;
  try {
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      let r: FileResult;
      if (it.error !== undefined) {
        r = { ok: false, message: `${inputName(it.spec)}: ${it.error}`, exit: EXIT_BAD_INPUT, warnings: [] };
      } else {
        r = (await results?.get(i)) ?? await processInput(it.spec, fo.read, render, it.inDirectory);
        // Too large for a worker's capped heap: done here.
        if (!r.ok && r.outOfMemory) r = await processInput(it.spec, fo.read, render, it.inDirectory);
      }
      // The same warning for many files (an option a version lacks…) is said once.
      for (const w of r.warnings) if (!warned.has(w)) { warned.add(w); io.err(w + '\n'); }
      if (!r.ok) {
        if (!keepGoing) { io.err(`bytescope: ${r.message}\n`); return r.exit; }
        failures.push(r);
      } else if (json) {
        // JSON.stringify(document or array, null, 1) byte for byte, written in pieces.
        if (!single) io.out(documents ? ',\n ' : '[\n ');
        // (From a worker thread, the document comes as UTF-8 pieces already.)
        if (Array.isArray(r.out)) for (const piece of r.out as Uint8Array[]) io.out(piece);
        else writeJsonPieces(r.out as object, single ? 0 : 1, (t) => io.out(t));
        if (single) io.out('\n');
        documents++;
      } else {
        if (headers || it.inDirectory) io.out(`${printed ? '\n' : ''}# ${printable(inputName(it.spec))}\n`);
        if (Array.isArray(r.out)) for (const piece of r.out as Uint8Array[]) io.out(piece);
        else io.out(r.out as string);
        printed = true;
      }
      await io.drain?.();
    }
  } finally {
    await results?.close();
  }
  if (json && !single) io.out(documents ? '\n]\n' : '[]\n');
  let exit = EXIT_OK;
  for (const f of failures) {
    if (f.ok) continue;
    io.err(`bytescope: ${f.message}\n`);
    exit = Math.max(exit, f.exit);
  }
  return exit;
}
