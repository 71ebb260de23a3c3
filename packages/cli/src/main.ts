/**
 * The `bytescope` command line: `dis` mirrors `python -m dis` for any CPython 3.10–3.15 (and reads the
 * .pyc of any 2.7/3.x), `info` summarizes a .pyc. Every failure is one `bytescope:` line on stderr.
 */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { BytescopeError, disassembleToText, getVersion, DIS_VERSIONS, type DisOptions } from '@bytescope/core';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, InputError, UsageError } from './errors.js';
import { DIS_HELP, INFO_HELP, MAIN_HELP } from './help.js';
import { formatInfo, infoReport } from './info.js';
import { loadInput, type InputSpec } from './sources.js';
import { toJsonOutput } from './json-output.js';

const PY_VERSIONS = ['3.10', '3.11', '3.12', '3.13', '3.14', '3.15'] as const;
type PyVersion = (typeof PY_VERSIONS)[number];

/** Where output goes (replaceable in tests). */
export interface Io {
  out(text: string): void;
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
  help: { type: 'boolean', short: 'h' },
} as const;

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
  const opts: DisOptions = {
    showCaches: values['show-caches'] === true,
    showOffsets: values['show-offsets'] === true,
    showPositions: values['show-positions'] === true,
    depth,
  };
  const read = {
    python: pythonVersion(values.python as string | undefined),
    forceVersion: values['force-version'] as string | undefined,
    raw: values.raw === true,
    warn: (l: string) => io.err(l + '\n'),
  };
  const json: unknown[] = [];
  for (const spec of inputs) {
    const { name, pyc } = await loadInput(spec, read);
    const v = getVersion(pyc.version);
    if (!v) {
      throw new InputError(`${name}: Python ${pyc.version} .pyc read, but disassembly needs ${DIS_VERSIONS[0]} … ${DIS_VERSIONS[DIS_VERSIONS.length - 1]} (try bytescope info)`);
    }
    const magic = pyc.header?.magic;
    if (magic?.prerelease) {
      io.err(`bytescope: warning: ${name}: magic number ${magic.magic} is from a pre-release of Python ${magic.version}; its opcodes may differ from the ${v.table.data.fullVersion} tables used here\n`);
    }
    if (format === 'json') json.push(toJsonOutput(name, pyc, opts));
    else io.out(disassembleToText(pyc.code, v, opts));
  }
  if (format === 'json') io.out(JSON.stringify(json.length === 1 ? json[0] : json, null, 1) + '\n');
  return EXIT_OK;
}

async function infoCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { ...COMMON, json: { type: 'boolean' } });
  if (values.help) { io.out(INFO_HELP); return EXIT_OK; }
  if (!positionals.length) throw new UsageError('info needs a FILE (see bytescope info --help)');
  const read = {
    python: pythonVersion(values.python as string | undefined),
    forceVersion: values['force-version'] as string | undefined,
    raw: values.raw === true,
    warn: (l: string) => io.err(l + '\n'),
  };
  const reports = [];
  for (const p of positionals) {
    const { name, pyc } = await loadInput({ kind: 'file', path: p }, read);
    const r = infoReport(name, pyc);
    if (values.json) reports.push(r);
    else io.out(formatInfo(r));
  }
  if (values.json) io.out(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 1) + '\n');
  return EXIT_OK;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
  try {
    const [cmd, ...rest] = argv;
    if (cmd === undefined || cmd === '-h' || cmd === '--help' || cmd === 'help') { io.out(MAIN_HELP); return cmd === undefined ? EXIT_USAGE : EXIT_OK; }
    if (cmd === '--version' || cmd === '-V') { io.out(`bytescope ${version()}\n`); return EXIT_OK; }
    if (cmd === 'dis') return await disCommand(rest, io);
    if (cmd === 'info') return await infoCommand(rest, io);
    throw new UsageError(`unknown command ${JSON.stringify(cmd)} (commands: dis, info; see bytescope --help)`);
  } catch (e) {
    if (e instanceof UsageError) { io.err(`bytescope: ${e.message}\n`); return EXIT_USAGE; }
    if (e instanceof InputError) { io.err(`bytescope: ${e.message}\n`); return EXIT_BAD_INPUT; }
    if (e instanceof BytescopeError) { io.err(`bytescope: ${e.message}\n`); return e.kind === 'usage' ? EXIT_USAGE : EXIT_BAD_INPUT; }
    const msg = e instanceof Error ? e.message : String(e);
    io.err(`bytescope: internal error: ${msg.split('\n')[0]}\n`);
    return EXIT_BAD_INPUT;
  }
}

