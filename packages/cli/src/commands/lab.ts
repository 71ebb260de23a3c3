/**
 * The performance-lab commands: `run --counts`, `specialize`, `compare` and `hints`. User code runs only in
 * a child process holding the Pyodide runtime, with a time limit and a step limit.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_PYTHON_VERSION } from '@bytescope/core';
import type { CommandDefinition } from '../command.js';
import { EXIT_BAD_INPUT, EXIT_OK, InputError, UsageError } from '../errors.js';
import { intOption, versionOption } from '../options.js';

const RUN_HELP = `usage: bytescope run --counts [--python X.Y] [--call EXPR] [--timeout MS] [--json] FILE.py

Run FILE.py in real CPython X.Y (default ${DEFAULT_PYTHON_VERSION}, WebAssembly) and count how many
times each instruction executed, per code object and in total per opname
(sys.monitoring on 3.12+, opcode tracing on 3.10/3.11). With --call, the
program runs first and then EXPR is evaluated; the counts cover the call.
A run is stopped after --timeout milliseconds (default 1500) or 20 million
instructions, with a clear message. Output is captured and bounded.
`;

const SPECIALIZE_HELP = `usage: bytescope specialize [--python X.Y] --call EXPR [--warmup N] [--json] FILE.py

Warm the code up (N calls of EXPR after running FILE.py; default 100), then
show the adaptive bytecode beside the base bytecode: which instructions
specialized into what (BINARY_OP -> BINARY_OP_ADD_INT), which stayed
unspecialized and a likely reason. 3.11+.
`;

const COMPARE_HELP = `usage: bytescope compare [--python X.Y] [--repeat N] [--json] A.py B.py [C.py ...]
       bytescope compare --preset ID [--python X.Y] [--json]

Run two or more programs side by side in the same runtime: instruction counts
by opname for each, then best-of-N timings and the ratio (slowest variant's
best time over the fastest's) with its spread. Times in WebAssembly are
slower than native CPython; the ratio is what matters.
Presets: PRESETS
`;

const HINTS_HELP = `usage: bytescope hints [--python X.Y] [--json] FILE.py|FILE.pyc

Static hints over the bytecode that point at likely costs (module-level loops,
globals or builtins in hot loops, repeated attribute lookups, string += in a
loop, ...), each with an explanation and a preset that measures the effect.
`;

type Lab = typeof import('@bytescope/python');

async function lab(): Promise<Lab> {
  return import('@bytescope/python');
}

/** The options of every lab command. */
const LAB_OPTIONS = { json: { type: 'boolean' }, python: { type: 'string' } } as const;

/** The text of a program: the file at `path`, or stdin for `-`. */
function readSource(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot read file'}`);
  }
}

/** Turns lab errors (timeouts, crashes) into one-line input errors. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  const { LabError } = await lab();
  try {
    return await fn();
  } catch (e) {
    if (e instanceof LabError) throw new InputError(e.message.split('\n')[0]!);
    throw e;
  }
}

function table(rows: [string, string][], indent = '  '): string {
  const w = Math.max(0, ...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `${indent}${a.padEnd(w)}  ${b}`).join('\n') + '\n';
}

function byCount(rec: Record<string, number>): [string, number][] {
  return Object.entries(rec).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function exceptionLine(e: { type: string; message: string; lineno: number | null } | null | undefined): string {
  return e ? `the program raised ${e.type}: ${e.message}${e.lineno !== null ? ` (line ${e.lineno})` : ''}\n` : '';
}

const RUN_OPTIONS = { ...LAB_OPTIONS, counts: { type: 'boolean' }, call: { type: 'string' }, timeout: { type: 'string' } } as const;

/** `bytescope run --counts`. */
export const runCommand: CommandDefinition<typeof RUN_OPTIONS> = {
  help: RUN_HELP,
  options: RUN_OPTIONS,
  async handler({ values, positionals }, io) {
    if (!values.counts) throw new UsageError('run needs --counts (see bytescope run --help)');
    if (positionals.length !== 1) throw new UsageError('run needs one FILE.py');
    const source = readSource(positionals[0]!);
    const v = versionOption('--python', values.python);
    const timeoutMs = intOption(values.timeout, '--timeout', 1);
    const { runWithCounts } = await lab();
    const r = await guarded(() => runWithCounts({ version: v, source, call: values.call, timeoutMs }));
    if (values.json) {
      io.out(JSON.stringify({ version: r.version, total: r.counts?.total ?? 0, by_opname: r.counts?.byOpname ?? {}, code_objects: r.counts?.codeObjects ?? [], method: r.counts?.method, note: r.counts?.note, exception: r.exception, value: r.value, stdout: r.stdout, stderr: r.stderr }, null, 1) + '\n');
      return r.exception ? EXIT_BAD_INPUT : EXIT_OK;
    }
    if (r.stdout) io.out(r.stdout.replace(/\n?$/, '\n'));
    if (r.stderr) io.err(r.stderr.replace(/\n?$/, '\n'));
    const c = r.counts;
    io.out(`\nInstruction counts, CPython ${r.version} (${c?.method ?? 'no counts'}): ${c?.total ?? 0} executed\n`);
    if (c) {
      io.out(table(byCount(c.byOpname).map(([k, n]) => [k, String(n)])));
      for (const co of c.codeObjects) {
        io.out(`\n${co.qualname} (line ${co.firstLineno}): ${co.total}\n`);
        io.out(table(co.instructions.filter((i) => i.count > 0).map((i) => [`${String(i.offset).padStart(5)} ${i.opname}${i.argrepr ? ` (${i.argrepr})` : ''}`, String(i.count)])));
      }
      if (c.note) io.out(`\nnote: ${c.note}\n`);
    }
    if (r.exception) { io.err(`bytescope: ${exceptionLine(r.exception)}`); return EXIT_BAD_INPUT; }
    return EXIT_OK;
  },
};

const SPECIALIZE_OPTIONS = { ...LAB_OPTIONS, call: { type: 'string' }, warmup: { type: 'string' }, timeout: { type: 'string' } } as const;

/** `bytescope specialize`. */
export const specializeCommand: CommandDefinition<typeof SPECIALIZE_OPTIONS> = {
  help: SPECIALIZE_HELP,
  options: SPECIALIZE_OPTIONS,
  async handler({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('specialize needs one FILE.py');
    const source = readSource(positionals[0]!);
    const v = versionOption('--python', values.python);
    const { specialize } = await lab();
    const r = await guarded(() => specialize({ version: v, source, call: values.call, warmup: intOption(values.warmup, '--warmup', 1), timeoutMs: intOption(values.timeout, '--timeout', 1) }));
    // A program that raised, or a version without a specializing interpreter, is a failure (exit 1), as in `run`.
    const failed = r.exception || !r.supported ? EXIT_BAD_INPUT : EXIT_OK;
    if (values.json) { io.out(JSON.stringify(r, null, 1) + '\n'); return failed; }
    if (!r.supported) { io.err(`bytescope: ${r.message ?? `CPython ${r.version} has no specializing interpreter (3.11+).`}\n`); return EXIT_BAD_INPUT; }
    io.out(`Specialization after warm-up, CPython ${r.version}${r.warmup !== undefined ? ` (${r.warmup} runs)` : ''}\n`);
    for (const co of r.codeObjects) {
      io.out(`\n${co.qualname} (line ${co.firstLineno})${co.quickened ? '' : ' — not quickened (ran too little)'}\n`);
      const rows: [string, string][] = co.instructions.map((i) => [
        `${String(i.offset).padStart(5)} ${i.baseOpname.padEnd(24)} ${i.opname !== i.baseOpname ? '→ ' + i.opname : ''}`,
        `${i.state}${i.reason ? ': ' + i.reason : ''}`,
      ]);
      io.out(table(rows));
    }
    if (r.summary) io.out(`\n${Object.entries(r.summary).map(([k, n]) => `${k} ${n}`).join(', ')}\n`);
    if (r.exception) io.err(`bytescope: ${exceptionLine(r.exception)}`);
    return failed;
  },
};

const COMPARE_OPTIONS = { ...LAB_OPTIONS, repeat: { type: 'string' }, preset: { type: 'string' } } as const;

/** `bytescope compare`. */
export const compareCommand: CommandDefinition<typeof COMPARE_OPTIONS> = {
  help: async () => COMPARE_HELP.replace('PRESETS', (await lab()).PRESET_IDS.join(', ')),
  options: COMPARE_OPTIONS,
  async handler({ values, positionals }, io) {
    const v = versionOption('--python', values.python);
    const repeat = intOption(values.repeat, '--repeat', 1);
    const { compareVariants, runPreset, isPresetId, PRESETS, PRESET_IDS } = await lab();
    let r;
    const id = values.preset;
    if (id !== undefined) {
      if (!isPresetId(id)) throw new UsageError(`unknown preset ${JSON.stringify(id)} (presets: ${PRESET_IDS.join(', ')})`);
      if (positionals.length) throw new UsageError('--preset takes no files');
      const p = PRESETS[id];
      if (!values.json) io.out(`${p.title}\n${p.description}\n\n`);
      r = await guarded(() => runPreset(id, { version: v, repeat }));
    } else {
      if (positionals.length < 2) throw new UsageError('compare needs two or more files, or --preset ID');
      const variants = positionals.map((p) => ({ name: p, source: readSource(p) }));
      r = await guarded(() => compareVariants({ version: v, variants, repeat }));
    }
    if (values.json) {
      io.out(JSON.stringify({
        version: r.version, ratio: r.ratio, ratio_spread: r.ratioSpread, fastest: r.fastest, slowest: r.slowest, timing_note: r.timingNote,
        variants: r.variants.map((x) => ({ name: x.name, best: x.timing?.best ?? null, median: x.timing?.median ?? null, counts: x.counts?.byOpname ?? {}, total: x.counts?.total ?? 0, exception: x.exception })),
      }, null, 1) + '\n');
      return r.ratio === null ? EXIT_BAD_INPUT : EXIT_OK;
    }
    for (const x of r.variants) {
      io.out(`${x.name}: ${x.counts?.total ?? 0} instructions` + (x.timing ? `, best ${(x.timing.best * 1e3).toFixed(3)} ms per run (median ${(x.timing.median * 1e3).toFixed(3)})` : '') + '\n');
      if (x.exception) io.out(`  ${exceptionLine(x.exception)}`);
    }
    const names = [...new Set(r.variants.flatMap((x) => Object.keys(x.counts?.byOpname ?? {})))].sort();
    const rows: [string, string][] = names.map((n) => [n, r.variants.map((x) => String(x.counts?.byOpname[n] ?? 0).padStart(10)).join(' ')]);
    io.out(`\nopname mix (${r.variants.map((x, i) => `#${i + 1}`).join(' ')}):\n` + table(rows));
    if (r.ratio !== null) {
      io.out(`\n${r.slowest} is ${r.ratio.toFixed(2)}× slower than ${r.fastest}` + (r.ratioSpread ? ` (per round ${r.ratioSpread.min.toFixed(2)}–${r.ratioSpread.max.toFixed(2)})` : '') + '\n');
    } else if (r.error) io.out(`\nnot timed: ${r.error}\n`);
    io.out(`${r.timingNote}\n`);
    return r.ratio === null ? EXIT_BAD_INPUT : EXIT_OK;
  },
};

/** `bytescope hints`. */
export const hintsCommand: CommandDefinition<typeof LAB_OPTIONS> = {
  help: HINTS_HELP,
  options: LAB_OPTIONS,
  async handler({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('hints needs one FILE');
    const file = positionals[0]!;
    const { hints } = await lab();
    let r;
    if (/\.py[co]$/.test(file)) {
      let bytes: Uint8Array;
      try { bytes = new Uint8Array(readFileSync(file)); } catch { throw new InputError(`${file}: cannot read file`); }
      r = await guarded(() => hints({ pyc: bytes }));
    } else {
      const source = readSource(file);
      r = await guarded(() => hints({ source, filename: file === '-' ? '<stdin>' : file }, { version: versionOption('--python', values.python) }));
    }
    if (!r.ok) {
      const e = r.error;
      throw new InputError(`${e.filename ?? file}${e.lineno !== null ? `:${e.lineno}` : ''}: ${e.type}: ${e.message}`);
    }
    if (values.json) { io.out(JSON.stringify(r, null, 1) + '\n'); return EXIT_OK; }
    if (!r.hints.length) { io.out(`No hints for ${file} (CPython ${r.version}).\n`); return EXIT_OK; }
    for (const h of r.hints) {
      io.out(`${file}:${h.lines[0] ?? h.firstLineno}: ${h.title} — ${h.message}\n  ${h.explanation}\n  measure it: bytescope compare --preset ${h.preset} --python ${r.version}\n\n`);
    }
    return EXIT_OK;
  },
};
