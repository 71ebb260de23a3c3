/**
 * Running the examples of the instruction reference (@bytescope/core, src/reference) in real CPython: what is sent
 * to `py/bytescope_reference.py` for an example, the call that runs it, and what comes back. Platform-neutral
 * (no Node imports): the reference check and `bytescope explain --live` make the call in a Node child process,
 * the reference page in its Web Worker, both after installing Bytescope's Python modules there.
 */
import type { ExampleInfo } from '@bytescope/core';

/** What this module needs of a reference example (the `example` field of a core `ReferenceEntry`). */
export type ExampleSpec = Pick<ExampleInfo, 'status' | 'code' | 'mode' | 'warm' | 'run' | 'monitor' | 'becomes'>;

/** One example as `py/bytescope_reference.py` takes it. */
export interface ExampleInput {
  /** Identifies the result (the opname); also in the snippet's file name, `<example ID>`. */
  readonly id: string;
  readonly code: string | null;
  readonly mode: 'exec' | 'single';
  /** Runs of `run` after executing the module (0: compile only). */
  readonly warm: number;
  readonly run: string | null;
  /** `sys.monitoring` events on for the snippet's code objects while it runs. */
  readonly monitor: readonly string[];
  /** Also return the `dis` text of the code (live code: adaptive). */
  readonly listing: boolean;
  /** Show inline caches in that text (`show_caches=True`, 3.11+). */
  readonly caches: boolean;
}

/** What `py/bytescope_reference.py` reports for one example. */
export interface ExampleOutput {
  /** Opnames of the compiled code objects (every nested one), plus `CACHE` and `<exception table>` when present. */
  readonly static: readonly string[];
  /** Opnames the interpreter holds after the snippet ran (specialized and instrumented forms). */
  readonly live: readonly string[];
  /** What the snippet raised (`Type: message`), or null. */
  readonly error: string | null;
  /** The `dis.dis` text, when asked for: of the compiled code, or of the live code with `adaptive=True`. */
  readonly listing: string | null;
  /** How the listing deviates from plain `dis.dis` output, when it does. */
  readonly listing_note: string | null;
}

/** The script's whole answer. */
export interface ExamplesOutput {
  /** `sys.version` of the runtime (`3.14.2`). */
  readonly version: string;
  readonly results: Readonly<Record<string, ExampleOutput>>;
}

/**
 * The input for one example: warmed up only when its instruction needs it (specialized, instrumented), monitored
 * only when it is an instrumented one.
 */
export function exampleInput(id: string, example: ExampleSpec, listing = false): ExampleInput {
  const live = example.status === 'specialized' || example.status === 'instrumented';
  return {
    id,
    code: example.code,
    mode: example.mode,
    warm: live ? example.warm : 0,
    run: example.run,
    monitor: example.status === 'instrumented' ? example.monitor : [],
    listing,
    caches: listing && id === 'CACHE',
  };
}

/**
 * The Python expression that runs `inputs` with `bytescope_reference` (`py/bytescope_reference.py`, installed with
 * Bytescope's other Python modules: see `python-modules.ts`); its value is the JSON of an {@link ExamplesOutput}.
 */
export function examplesCall(inputs: readonly ExampleInput[]): string {
  return `__import__('bytescope_reference').run(${JSON.stringify(JSON.stringify(inputs))})`;
}

/** Parses the answer of {@link examplesCall}. */
export function parseExamplesOutput(text: string): ExamplesOutput {
  const v = JSON.parse(text) as unknown;
  if (typeof v !== 'object' || v === null || typeof (v as ExamplesOutput).version !== 'string' ||
    typeof (v as ExamplesOutput).results !== 'object') {
    throw new Error('the reference examples module gave no result');
  }
  return v as ExamplesOutput;
}

// ---------------------------------------------------------------------------------------------------------------
// Marking the illustrated instruction in a listing

/** The marker of the exception-table entries in {@link exampleTargets}. */
export const EXCEPTION_TABLE_TARGET = '<exception table>';

/**
 * What an example's listing shows of its instruction: the opname itself, or for a pseudo-instruction what the
 * compiler turned it into (opnames, or {@link EXCEPTION_TABLE_TARGET}).
 */
export function exampleTargets(opname: string, example: Pick<ExampleSpec, 'status' | 'becomes'>): string[] {
  return example.status === 'pseudo' && example.becomes.length ? [...example.becomes] : [opname];
}

/** One line of a listing. */
export interface ListingLine {
  readonly text: string;
  /** The opname of an instruction line, else null. */
  readonly opname: string | null;
  /** True for an entry of an `ExceptionTable:` section. */
  readonly exceptionEntry: boolean;
  /** True when the line shows one of the targets. */
  readonly marked: boolean;
}

const OPNAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * The opname of one line of `dis` text (3.10–3.15), or null for other lines. Before the opname an instruction
 * line has only a line number (`--` when it has none), an offset, `>>` / `-->` and a `L1:` label.
 */
export function listingLineOpname(line: string): string | null {
  for (const tok of line.trim().split(/\s+/)) {
    if (tok === '' || tok === '>>' || tok === '-->' || tok === '--' || /^\d+$/.test(tok) || /^L\d+:$/.test(tok)) continue;
    return OPNAME.test(tok) ? tok : null;
  }
  return null;
}

/** Splits a `dis` text into lines and marks those that show one of `targets` (see {@link exampleTargets}). */
export function markListing(text: string, targets: readonly string[]): ListingLine[] {
  const want = new Set(targets);
  const lines = text.replace(/\n$/, '').split('\n');
  let inTable = false;
  return lines.map((line) => {
    if (/^ExceptionTable:\s*$/.test(line)) {
      inTable = true;
      return { text: line, opname: null, exceptionEntry: false, marked: false };
    }
    if (inTable && /^\s+\S/.test(line)) {
      return { text: line, opname: null, exceptionEntry: true, marked: want.has(EXCEPTION_TABLE_TARGET) };
    }
    inTable = false;
    const opname = listingLineOpname(line);
    return { text: line, opname, exceptionEntry: false, marked: opname !== null && want.has(opname) };
  });
}

/** One example run live: its `dis` listing with the illustrated instruction's lines marked. */
export interface LiveExample {
  readonly opname: string;
  readonly status: ExampleSpec['status'];
  /** `sys.version` of the CPython that ran it (`3.14.2`). */
  readonly fullVersion: string;
  /** What the listing marks (see {@link exampleTargets}). */
  readonly targets: readonly string[];
  /** The `dis` text (null when the snippet failed). */
  readonly listing: string | null;
  /** Its lines, marked. */
  readonly lines: readonly ListingLine[];
  /** How the listing deviates from plain `dis.dis` output, when it does. */
  readonly note: string | null;
  /** What the snippet raised, or null. */
  readonly error: string | null;
}

/**
 * The {@link LiveExample} of `opname` from the script's output (of a run with `listing` on); `targets` overrides
 * what is marked (by default {@link exampleTargets}).
 */
export function liveExampleFrom(out: ExamplesOutput, opname: string, example: ExampleSpec, targets = exampleTargets(opname, example)): LiveExample {
  const r = out.results[opname];
  const listing = r?.listing ?? null;
  return {
    opname, status: example.status, fullVersion: out.version, targets, listing,
    lines: listing === null ? [] : markListing(listing, targets),
    note: r?.listing_note ?? null,
    error: r ? r.error : 'no result',
  };
}

/** How a live example was produced, in one sentence (without the listing): what the CLI and the page print above it. */
export function describeLiveExample(opname: string, example: ExampleSpec, live: Pick<LiveExample, 'fullVersion' | 'targets'>): string {
  const py = `CPython ${live.fullVersion}`;
  const run = example.run ?? 'f()';
  switch (example.status) {
    case 'specialized':
      return `${py} ran the snippet, then \`${run}\` ${example.warm} time${example.warm === 1 ? '' : 's'}: ` +
        `dis.dis(…, adaptive=True) shows ${opname} in the adaptive bytecode.`;
    case 'instrumented':
      return `${py} ran the snippet and \`${run}\` with ${example.monitor.length === 1 ? 'a sys.monitoring event' : 'sys.monitoring events'} ` +
        `on for its code objects: dis.dis(…, adaptive=True) shows ${opname} in the instrumented bytecode.`;
    case 'pseudo': {
      const became = live.targets.map((t) => (t === EXCEPTION_TABLE_TARGET ? 'an exception-table entry' : t)).join(' / ');
      return `${py} compiled the snippet: the compiler emitted the pseudo-instruction ${opname}, and the assembler ` +
        `turned it into ${became}.`;
    }
    case 'unproducible':
      return `No snippet makes ${py} emit ${opname}.`;
    default:
      return `${py} compiled the snippet${example.mode === 'single' ? ' in `single` mode' : ''}: its dis.dis listing shows ${opname}.`;
  }
}
