/**
 * `bytescope trace`: a program run in real CPython with the value stack at every instruction (`traceInRuntime` of
 * `@bytescope/python`; the model is the core's `Trace`). The text view is one line per executed instruction with
 * the stack before it; `--json` prints the trace document (docs/json-schema.md §10).
 */
import {
  DEFAULT_PYTHON_VERSION, decodeModule, pythonVersionRange, readPyc, type DecodedModule, type Instruction, type Trace, type TraceStep,
} from '@bytescope/core';
import type { CommandDefinition } from '../command.js';
import { EXIT_BAD_INPUT, EXIT_OK, InputError, UsageError } from '../errors.js';
import { intOption, versionOption } from '../options.js';
import { readProgramText } from '../sources.js';

const HELP = `usage: bytescope trace [--call EXPR] [--python X.Y] [--max-steps N] [--timeout MS] [--json] FILE.py

Runs FILE.py in real CPython and records every instruction of its own code (not
the standard library's) with the value stack as the interpreter holds it before
the instruction runs: one line per instruction, the stack bottom first (NULL
slots shown as NULL). Where the stack cannot be read safely it is simulated from
the bytecode (symbolic expressions) and marked "simulated".

options:
  --call EXPR        run FILE.py untraced, then trace only the call EXPR
  --python X.Y       CPython to run: ${pythonVersionRange(' ... ')} (default ${DEFAULT_PYTHON_VERSION})
  --max-steps N      stop after N instructions (default 10000); the trace says it was truncated
  --timeout MS       stop after MS milliseconds of traced run (default 5000)
  --json             print the trace as JSON (schema bytescope.trace/1)
  -h, --help         show this help
`;

const OPTIONS = {
  call: { type: 'string' }, python: { type: 'string' }, 'max-steps': { type: 'string' }, timeout: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** The width of the instruction column: the opname and its argument (`dis`'s argrepr, else the number), cut to fit. */
const INSTRUCTION_WIDTH = 40;

/**
 * The text view of a trace: a header, one line per step (program output interleaved), how it ended. With the module
 * that ran (decoded from the `.pyc` the trace carries), each instruction shows its argument as `dis` prints it.
 */
export function formatTrace(t: Trace, module?: DecodedModule): string {
  const names = new Map(t.codes.map((c) => [c.index, c.qualname]));
  const where = (s: TraceStep) => `${names.get(s.code) ?? '?'}+${s.offset}`;
  const byOffset = new Map<number, Map<number, Instruction>>();
  const instruction = (s: TraceStep): string => {
    const co = module?.codeObjects[s.code];
    if (!co) return s.opname;
    let m = byOffset.get(s.code);
    if (!m) byOffset.set(s.code, (m = new Map(co.decoded.instructions.map((ins) => [ins.offset, ins]))));
    const ins = m.get(s.offset);
    const arg = !ins ? '' : ins.argrepr || (ins.arg === null ? '' : String(ins.arg));
    const text = arg ? `${s.opname} ${arg}` : s.opname;
    return text.length > INSTRUCTION_WIDTH ? `${text.slice(0, INSTRUCTION_WIDTH - 1)}…` : text;
  };
  const w = Math.max(8, ...t.steps.slice(0, 2000).map((s) => where(s).length));
  const lines: string[] = [];
  lines.push(`CPython ${t.version}: ${t.steps.length} steps, stack ${t.stack_source === 'real' ? 'read from the interpreter' : 'SIMULATED where marked ~'}`);
  if (t.fallback) lines.push(`fallback from step ${t.fallback.first_step}: ${t.fallback.reason}`);
  lines.push(`${'step'.padStart(6)}  ${'code+offset'.padEnd(w)}  ${'line'.padStart(4)}  ${'instruction'.padEnd(INSTRUCTION_WIDTH)}  stack before (bottom first)`);
  let printed = 0;
  const flushOut = (upTo: number) => {
    if (upTo <= printed) return;
    for (const l of t.stdout.slice(printed, upTo).replace(/\n$/, '').split('\n')) lines.push(`${''.padStart(6)}  | ${l}`);
    printed = upTo;
  };
  t.steps.forEach((s, i) => {
    flushOut(s.stdout_length);
    if (s.event === 'handler') lines.push(`${''.padStart(6)}  -> exception handler${s.exception ? `: ${s.exception}` : ''}`);
    const mark = s.stack_source === 'simulated' ? '~' : ' ';
    const stack = (s.stack_omitted ? [`…${s.stack_omitted} more`] : []).concat(s.stack.map((x) => x.repr));
    lines.push(`${String(i).padStart(6)}  ${where(s).padEnd(w)}  ${(s.line === null ? '-' : String(s.line)).padStart(4)}  ${instruction(s).padEnd(INSTRUCTION_WIDTH)} ${mark}[${stack.join(', ')}]`);
  });
  flushOut(t.stdout.length);
  if (t.truncated) {
    lines.push(`trace truncated: ${t.truncated.reason === 'steps' ? `the step limit (${t.truncated.limit} steps)` : `the time limit (${t.truncated.limit} ms)`} was reached`);
  } else if (t.outcome.status === 'error') {
    lines.push(`the program raised ${t.outcome.error ?? 'an exception'}`);
  } else {
    lines.push(`finished${t.outcome.result !== undefined ? `: ${t.call} = ${t.outcome.result}` : ''}`);
  }
  return lines.join('\n') + '\n';
}

/** `bytescope trace`. */
export const traceCommand: CommandDefinition<typeof OPTIONS> = {
  help: HELP,
  options: OPTIONS,
  async handler({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('trace needs one FILE.py');
    const file = positionals[0]!;
    const v = versionOption('--python', values.python);
    const maxSteps = intOption(values['max-steps'], '--max-steps', 1);
    const timeoutMs = intOption(values.timeout, '--timeout', 1);
    const { TRACE_MAX_STEPS, formatCompileError, openLab, LabError } = await import('@bytescope/python');
    if (maxSteps !== undefined && maxSteps > TRACE_MAX_STEPS) throw new UsageError(`--max-steps must be at most ${TRACE_MAX_STEPS}`);
    const source = readProgramText(file);
    // In a lab runtime (the runtime server's spare when one runs): a trace stuck where the tracer's own limits cannot
    // stop it is stopped by killing that runtime.
    const lab = openLab(v);
    let r;
    try {
      r = await lab.trace({ source, filename: file, call: values.call, maxSteps, timeoutMs });
    } catch (e) {
      if (e instanceof LabError) throw new InputError(e.message);
      throw e;
    } finally {
      lab.dispose();
    }
    if (!r.ok) throw new InputError(formatCompileError(r.error));
    if (values.json) io.out(JSON.stringify(r.trace) + '\n');
    else io.out(formatTrace(r.trace, decodeModule(readPyc(r.pyc))));
    return r.trace.outcome.status === 'error' ? EXIT_BAD_INPUT : EXIT_OK;
  },
};
