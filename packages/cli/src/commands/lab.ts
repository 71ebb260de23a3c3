/**
 * The performance-lab commands: `run --counts`, `specialize`, `compare` and `hints`. User code runs only in
 * a child process holding the Pyodide runtime, with a time limit and a step limit.
 */
import type { CommandDefinition } from '../command.js';
import { EXIT_BAD_INPUT, EXIT_OK, InputError, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { intOption, versionOption } from '../options.js';
import { readInputFile, readProgramText } from '../sources.js';
import {
  LAB_RUN_HELP, LAB_RUN_OPTIONS, labRunTarget, raiseAdvice, runtimeJson, runtimeText, type LabRunTarget,
} from './lab-options.js';

const RUN_HELP = `usage: bytescope run [--counts] [--call EXPR] [--python X.Y | --python-exe PATH] [--timeout MS] [--json] FILE.py

Run FILE.py in real CPython and print its output and how many instructions it
executed. With --counts, also how many times each instruction executed, per
code object and per opname (sys.monitoring on 3.12+, opcode tracing on
3.10/3.11). With --call, the program runs first and then EXPR is evaluated;
the counts cover the call. A program stopped by the time limit keeps what it
printed and the counts so far, marked partial. Output is captured and bounded.

LAB_RUN_HELP
  --counts           instruction counts per opname and per code object
  --call EXPR        evaluate EXPR after the program; count only the call
`;

const SPECIALIZE_HELP = `usage: bytescope specialize [--call EXPR] [--warmup N] [--python X.Y | --python-exe PATH] [--timeout MS] [--json] FILE.py

Warm the code up (N calls of EXPR after running FILE.py, default 100; or N
runs of the program, default 1), then show the adaptive bytecode beside the
base bytecode, each instruction with its argument (which global, which
attribute): what specialized into what (BINARY_OP -> BINARY_OP_ADD_INT),
what stayed unspecialized and a likely reason. 3.11+. The time limit cuts
the warm-up short (the view then shows the code as it was).

LAB_RUN_HELP
  --call EXPR        the call to warm up with
  --warmup N         warm-up calls (or program runs)
`;

const COMPARE_HELP = `usage: bytescope compare [--repeat N] [--python X.Y | --python-exe PATH] [--timeout MS] [--json] A.py B.py [C.py ...]
       bytescope compare --preset ID [...]

Run two or more programs side by side in the same runtime: instruction counts
by opname for each, then, once every variant's times have settled (a warm-up),
timings in interleaved rounds (each variant's loop count calibrated), and for
each variant against the fastest the median of the per-round ratios with its
interval. Unless the whole interval lies more than 5 % beyond 1 there is no
measurable difference, and the output says so. Times in WebAssembly are slower
than native CPython (--python-exe times the interpreter you really run).

LAB_RUN_HELP
  --repeat N         timed rounds (default 15, or the preset's)
  --preset ID        a comparison that teaches: PRESETS
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

/** The options of `hints` (it compiles, never runs). */
const LAB_OPTIONS = { json: { type: 'boolean' }, python: { type: 'string' } } as const;

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

/** A stop by a limit, with what the runtime had gathered until then (output, counts), when it could report it. */
interface Stopped<P> {
  readonly message: string;
  readonly kind: 'time' | 'steps';
  readonly partial: P | null;
}

/**
 * Runs a lab call; a stop by the time or step limit is returned (with the partial result) rather than thrown.
 * Other lab errors become one-line input errors.
 */
async function stoppable<T, P>(fn: () => Promise<T>, isPartial: (x: unknown) => x is P): Promise<{ result: T } | { stopped: Stopped<P> }> {
  const { LabError, LabTimeout, LabStepLimit } = await lab();
  try {
    return { result: await fn() };
  } catch (e) {
    if (e instanceof LabTimeout || e instanceof LabStepLimit) {
      return { stopped: { message: e.message.split('\n')[0]!, kind: e instanceof LabTimeout ? 'time' : 'steps', partial: isPartial(e.partial) ? e.partial : null } };
    }
    if (e instanceof LabError) throw new InputError(e.message.split('\n')[0]!);
    throw e;
  }
}

/** The last line of a stopped command: what happened and what to do. */
function stopLine(s: Stopped<unknown>, target: LabRunTarget): string {
  const kept = s.partial ? '; what it printed and counted until then is shown, marked partial' : '';
  return `bytescope: ${s.message}${kept}; ${s.kind === 'time' ? raiseAdvice(target) : 'the step limit grows with --timeout'}\n`;
}

function table(rows: [string, string][], indent = '  '): string {
  const w = Math.max(0, ...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `${indent}${a.padEnd(w)}  ${b}`).join('\n') + '\n';
}

/** `the program raised T: message (line N)`; no second line number after a SyntaxError's `(file, line N)`. */
function exceptionLine(e: { type: string; message: string; lineno: number | null } | null | undefined): string {
  if (!e) return '';
  const at = e.lineno !== null && !e.message.endsWith(`line ${e.lineno})`) ? ` (line ${e.lineno})` : '';
  return `the program raised ${e.type}: ${e.message}${at}\n`;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

type RunResponse = import('@bytescope/python').LabRunResponse;
type CompareResponse = import('@bytescope/python').LabCompareResponse;

const isRunResponse = (x: unknown): x is RunResponse => isRecord(x) && 'stdout' in x && 'counts' in x && 'steps' in x;
const isCompareResponse = (x: unknown): x is CompareResponse => isRecord(x) && Array.isArray(x.variants);

/** The program's own output, as it printed it. */
function echoOutput(r: { stdout: string; stderr: string }, io: Io): void {
  if (r.stdout) io.out(r.stdout.replace(/\n?$/, '\n'));
  if (r.stderr) io.err(r.stderr.replace(/\n?$/, '\n'));
}

const RUN_OPTIONS = { ...LAB_RUN_OPTIONS, counts: { type: 'boolean' }, call: { type: 'string' } } as const;

/** `bytescope run [--counts]`. */
export const runCommand: CommandDefinition<typeof RUN_OPTIONS> = {
  help: RUN_HELP.replace('LAB_RUN_HELP', LAB_RUN_HELP),
  options: RUN_OPTIONS,
  async handler({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('run needs one FILE.py');
    const source = readProgramText(positionals[0]!);
    const target = labRunTarget(values);
    const { runWithCounts, byCount } = await lab();
    const o = await stoppable(() => runWithCounts({ ...target, source, filename: positionals[0]!, call: values.call }), isRunResponse);
    const stopped = 'stopped' in o ? o.stopped : null;
    const r = 'result' in o ? o.result : o.stopped.partial;
    if (!r) { io.err(stopLine(stopped!, target)); return EXIT_BAD_INPUT; }
    const partial = stopped !== null;
    if (values.json) {
      io.out(JSON.stringify({
        ...runtimeJson(target, r.version), partial, stopped: r.stopped ? { kind: r.stopped.kind, message: r.stopped.message, after_ms: Math.round(r.stopped.afterMs), steps: r.stopped.steps, limit_ms: target.timeoutMs } : null,
        total: r.counts?.total ?? 0, by_opname: r.counts?.byOpname ?? {}, code_objects: values.counts ? r.counts?.codeObjects ?? [] : undefined, method: r.counts?.method, note: r.counts?.note,
        exception: r.exception, value: r.value, stdout: r.stdout, stderr: r.stderr,
      }, null, 1) + '\n');
      if (stopped) io.err(stopLine(stopped, target));
      return r.exception || partial ? EXIT_BAD_INPUT : EXIT_OK;
    }
    echoOutput(r, io);
    const c = r.counts;
    const what = partial ? 'executed before it was stopped (partial)' : 'executed';
    if (!values.counts) {
      io.out(`\n${c?.total ?? 0} instructions ${what}, ${runtimeText(target, r.version)} (bytescope run --counts shows them per instruction)\n`);
    } else {
      io.out(`\nInstruction counts, ${runtimeText(target, r.version)} (${c?.method ?? 'no counts'}): ${c?.total ?? 0} ${what}\n`);
      if (c) {
        io.out(table(byCount(c.byOpname).map(([k, n]) => [k, String(n)])));
        for (const co of c.codeObjects) {
          io.out(`\n${co.qualname} (line ${co.firstLineno}): ${co.total}\n`);
          io.out(table(co.instructions.filter((i) => i.count > 0).map((i) => [`${String(i.offset).padStart(5)} ${i.opname}${i.argrepr ? ` (${i.argrepr})` : ''}`, String(i.count)])));
        }
        if (c.note) io.out(`\nnote: ${c.note}\n`);
      }
    }
    if (stopped) { io.err(stopLine(stopped, target)); return EXIT_BAD_INPUT; }
    if (r.exception) { io.err(`bytescope: ${exceptionLine(r.exception)}`); return EXIT_BAD_INPUT; }
    return EXIT_OK;
  },
};

const SPECIALIZE_OPTIONS = { ...LAB_RUN_OPTIONS, call: { type: 'string' }, warmup: { type: 'string' } } as const;

/** `bytescope specialize`. */
export const specializeCommand: CommandDefinition<typeof SPECIALIZE_OPTIONS> = {
  help: SPECIALIZE_HELP.replace('LAB_RUN_HELP', LAB_RUN_HELP),
  options: SPECIALIZE_OPTIONS,
  async handler({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('specialize needs one FILE.py');
    const source = readProgramText(positionals[0]!);
    const target = labRunTarget(values);
    const { specialize, specCodeTitle, warmupHeading } = await lab();
    const r = await guarded(() => specialize({ ...target, source, filename: positionals[0]!, call: values.call, warmup: intOption(values.warmup, '--warmup', 1) }));
    const stopped: Stopped<unknown> | null = r.stopped ? { message: r.stopped.message, kind: 'time', partial: r } : null;
    // A program that raised, or a version without a specializing interpreter, is a failure (exit 1), as in `run`.
    const failed = r.exception || !r.supported ? EXIT_BAD_INPUT : EXIT_OK;
    if (values.json) {
      io.out(JSON.stringify({ ...r, ...runtimeJson(target, r.version), partial: stopped !== null }, null, 1) + '\n');
      if (stopped) { io.err(stopLine(stopped, target)); return EXIT_BAD_INPUT; }
      return failed;
    }
    if (!r.supported) { io.err(`bytescope: ${r.message ?? `CPython ${r.version} has no specializing interpreter (3.11+).`}\n`); return EXIT_BAD_INPUT; }
    io.out(`${warmupHeading(r, values.call, runtimeText(target, r.version))}\n`);
    for (const co of r.codeObjects) {
      io.out(`\n${specCodeTitle(co)}${co.quickened ? '' : ' — not quickened (ran too little)'}\n`);
      const w = Math.max(0, ...co.instructions.map((i) => i.baseOpname.length + (i.argrepr ? i.argrepr.length + 3 : 0)));
      const rows: [string, string][] = co.instructions.map((i) => [
        `${String(i.offset).padStart(5)} ${(i.baseOpname + (i.argrepr ? ` (${i.argrepr})` : '')).padEnd(w)} ${i.opname !== i.baseOpname ? '→ ' + i.opname : ''}`,
        `${i.state}${i.reason ? ': ' + i.reason : ''}`,
      ]);
      io.out(table(rows));
    }
    if (r.summary) io.out(`\n${Object.entries(r.summary).map(([k, n]) => `${k} ${n}`).join(', ')}\n`);
    echoOutput({ stdout: r.stdout ?? '', stderr: r.stderr ?? '' }, io);
    if (r.exception) io.err(`bytescope: ${exceptionLine(r.exception)}`);
    if (stopped) { io.err(stopLine(stopped, target)); return EXIT_BAD_INPUT; }
    return failed;
  },
};

const COMPARE_OPTIONS = { ...LAB_RUN_OPTIONS, repeat: { type: 'string' }, preset: { type: 'string' } } as const;

/** Indents a source for the text output. */
function indented(source: string, prefix = '    '): string {
  return source.replace(/\n$/, '').split('\n').map((l) => (l ? prefix + l : prefix.trimEnd())).join('\n') + '\n';
}

/** `bytescope compare`. */
export const compareCommand: CommandDefinition<typeof COMPARE_OPTIONS> = {
  help: async () => COMPARE_HELP.replace('LAB_RUN_HELP', LAB_RUN_HELP).replace('PRESETS', (await lab()).PRESET_IDS.join(', ')),
  options: COMPARE_OPTIONS,
  async handler({ values, positionals }, io) {
    const target = labRunTarget(values);
    const repeat = intOption(values.repeat, '--repeat', 1);
    const { compareVariants, runPreset, isPresetId, PRESETS, PRESET_IDS, formatTime, compareVerdicts, timingMethod } = await lab();
    const id = values.preset;
    let o;
    let shown: { name: string; source: string }[] | null = null;
    if (id !== undefined) {
      if (!isPresetId(id)) throw new UsageError(`unknown preset ${JSON.stringify(id)} (presets: ${PRESET_IDS.join(', ')})`);
      if (positionals.length) throw new UsageError('--preset takes no files');
      const p = PRESETS[id];
      shown = p.variants.map((v) => ({ name: v.name, source: v.source }));
      if (!values.json) io.out(`${p.title}\n${p.description}\n\n`);
      o = await stoppable(() => runPreset(id, { ...target, repeat }), isCompareResponse);
    } else {
      if (positionals.length < 2) throw new UsageError('compare needs two or more files, or --preset ID');
      const variants = positionals.map((p) => ({ name: p, filename: p, source: readProgramText(p) }));
      o = await stoppable(() => compareVariants({ ...target, variants, repeat }), isCompareResponse);
    }
    const stopped = 'stopped' in o ? o.stopped : null;
    const r = 'result' in o ? o.result : o.stopped.partial;
    if (!r) { io.err(stopLine(stopped!, target)); return EXIT_BAD_INPUT; }
    const timed = r.ratio !== null && !stopped;
    if (values.json) {
      io.out(JSON.stringify({
        ...runtimeJson(target, r.version), partial: stopped !== null, stopped: stopped ? { kind: stopped.kind, message: stopped.message, limit_ms: target.timeoutMs } : null,
        ratio: r.ratio, interval: r.interval ?? null, measurable: r.measurable ?? null, verdicts: compareVerdicts(r), ratios: r.ratios ?? [],
        ratio_spread: r.ratioSpread, best_ratio: r.bestRatio ?? null, rounds: r.rounds ?? 0, warmup: r.warmup ?? null, retimed: r.retimed ?? 0, clock: r.clock ?? null, fastest: r.fastest, slowest: r.slowest, timing_note: r.timingNote,
        variants: r.variants.map((x) => ({
          name: x.name, source: shown?.find((v) => v.name === x.name)?.source, number: x.timing?.number ?? null, best: x.timing?.best ?? null, median: x.timing?.median ?? null, times: x.timing?.times ?? [],
          counts: x.counts?.byOpname ?? {}, total: x.counts?.total ?? 0, exception: x.exception, stopped: x.stopped, stdout: x.stdout, stderr: x.stderr,
        })),
      }, null, 1) + '\n');
      if (stopped) io.err(stopLine(stopped, target));
      return timed ? EXIT_OK : EXIT_BAD_INPUT;
    }
    if (shown) {
      for (const v of shown) io.out(`${v.name}:\n${indented(v.source)}\n`);
    }
    io.out(`${runtimeText(target, r.version)}\n`);
    for (const x of r.variants) {
      const t = x.timing;
      const status = x.stopped ? ` — stopped: ${x.stopped.message} (partial)` : '';
      io.out(`${x.name}: ${x.counts?.total ?? 0} instructions${status}` + (t ? `, median ${formatTime(t.median)} per run (best ${formatTime(t.best)}; ${t.number} run${t.number === 1 ? '' : 's'} per measurement)` : '') + '\n');
      if (x.exception) io.out(`  ${exceptionLine(x.exception)}`);
      if (stopped && (x.stdout || x.stderr)) io.out(indented(`${x.stdout}${x.stderr}`, '  | '));
    }
    const names = [...new Set(r.variants.flatMap((x) => Object.keys(x.counts?.byOpname ?? {})))].sort();
    const heads = r.variants.map((x) => x.name);
    const widths = heads.map((h) => Math.max(10, h.length));
    const rows: [string, string][] = [['', heads.map((h, i) => h.padStart(widths[i]!)).join('  ')],
      ...names.map((n): [string, string] => [n, r.variants.map((x, i) => String(x.counts?.byOpname[n] ?? 0).padStart(widths[i]!)).join('  ')])];
    io.out(`\ninstructions executed, by opname${stopped ? ' (partial)' : ''}:\n` + table(rows));
    if (timed) {
      io.out('\n' + compareVerdicts(r).map((v) => v + '.').join('\n') + '\n');
      io.out(`Timing: ${timingMethod(r)}; ${r.clock ?? 'wall clock'}.\n`);
    } else if (r.error && !stopped) io.out(`\nnot timed: ${r.error}\n`);
    io.out(`${r.timingNote}\n`);
    if (stopped) { io.err(stopLine(stopped, target)); return EXIT_BAD_INPUT; }
    return timed ? EXIT_OK : EXIT_BAD_INPUT;
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
      const bytes = readInputFile(file);
      r = await guarded(() => hints({ pyc: bytes }));
    } else {
      const source = readProgramText(file);
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
