/**
 * Checks the examples of the instruction reference (@bytescope/core, src/reference) against real CPython: all
 * snippets of one version are compiled — and, for specialized and instrumented instructions, run, warmed up and
 * monitored — in one lab runtime by py/bytescope_reference.py, which reports the opnames each snippet's
 * bytecode contains, and its `dis` listing. Each example must contain the instruction it illustrates (a
 * pseudo-instruction: one of the instructions it becomes), and its listing must show it on a line.
 */
import { referenceExamples } from '@bytescope/core';
import { openLab } from './lab/node.js';
import type { PythonVersion } from './runtime.js';
import {
  exampleInput, examplesCall, exampleTargets, liveExampleFrom, markListing, parseExamplesOutput, type ExampleInput, type ExampleSpec, type ExamplesOutput,
  type LiveExample,
} from './reference-example.js';

/** What the checker needs of a reference example (the `example` field of a `ReferenceEntry`). */
interface ExampleToCheck {
  readonly opname: string;
  readonly kind: string;
  readonly example: ExampleSpec & { readonly note: string | null };
}

/** The outcome of one example. */
export interface ExampleResult {
  readonly opname: string;
  readonly status: ExampleToCheck['example']['status'];
  /** Opnames of which at least one must appear. */
  readonly expected: readonly string[];
  readonly ok: boolean;
  /** What the snippet raised, if it did. */
  readonly error: string | null;
  /** Opnames of the compiled code, and of the live (specialized / instrumented) code after running it. */
  readonly static: readonly string[];
  readonly live: readonly string[];
  /** The example's `dis` listing (what `bytescope explain --live` shows) has a line marked for the instruction. */
  readonly listed: boolean;
}

/** The examples of one version, checked. */
export interface ExampleReport {
  readonly version: PythonVersion;
  /** `sys.version` of the runtime. */
  readonly fullVersion: string;
  readonly results: readonly ExampleResult[];
  readonly failures: readonly ExampleResult[];
  /** Examples checked, by status. */
  readonly byStatus: Readonly<Record<string, number>>;
  /** Instructions no snippet can produce, with the reason the reference gives. */
  readonly unproducible: readonly { readonly opname: string; readonly reason: string }[];
}

/**
 * Runs `inputs` with `py/bytescope_reference.py` in a lab runtime of CPython `version`: a child process of its own,
 * or the runtime server's spare when one runs (`lab/node.ts`), stopped after `timeoutMs`.
 */
export async function runReferenceExamples(version: PythonVersion, inputs: readonly ExampleInput[], timeoutMs = 60_000): Promise<ExamplesOutput> {
  const lab = openLab(version);
  try {
    // The lab runtime has Bytescope's modules installed (its driver is one of them): the call is the whole program.
    return parseExamplesOutput(await lab.program(examplesCall(inputs), timeoutMs));
  } finally {
    lab.dispose();
  }
}

/**
 * Runs the example of `opname` (its reference entry's `example`) as the reference check does
 * ({@link runReferenceExamples}), and returns its `dis` listing with the instruction's lines marked: of the compiled
 * code, or after the warm-up / under the monitoring events of the live code (`adaptive=True`). Rejects when the
 * runtime cannot be started; an example that raises is reported in the result's `error`.
 */
export async function runLiveExample(version: PythonVersion, opname: string, example: ExampleSpec): Promise<LiveExample> {
  return liveExampleFrom(await runReferenceExamples(version, [exampleInput(opname, example, true)]), opname, example);
}

/** Compiles, runs and inspects every example of `version` in one lab runtime. */
export async function checkReferenceExamples(version: PythonVersion): Promise<ExampleReport> {
  const all: readonly ExampleToCheck[] = referenceExamples(version);
  const toRun = all.filter((e) => e.example.status !== 'unproducible' || e.example.code);
  const out = await runReferenceExamples(version, toRun.map((e) => exampleInput(e.opname, e.example, true)), 170_000);
  const results: ExampleResult[] = [];
  const byStatus: Record<string, number> = {};
  const unproducible: { opname: string; reason: string }[] = [];
  for (const e of all) {
    const st = e.example.status;
    if (st === 'unproducible') {
      unproducible.push({ opname: e.opname, reason: e.example.note ?? '' });
      // A related snippet, when given, must at least compile.
      const r = out.results[e.opname];
      if (r && r.error !== null) results.push({ opname: e.opname, status: st, expected: [], ok: false, error: r.error, static: r.static, live: r.live, listed: false });
      continue;
    }
    byStatus[st] = (byStatus[st] ?? 0) + 1;
    const r = out.results[e.opname] ?? { static: [], live: [], error: 'no result', listing: null };
    const expected = exampleTargets(e.opname, e.example);
    const pool = new Set(st === 'specialized' || st === 'instrumented' ? r.live : r.static);
    const ok = r.error === null && expected.some((x) => pool.has(x));
    const listed = r.listing !== null && markListing(r.listing, expected).some((l) => l.marked);
    results.push({ opname: e.opname, status: st, expected, ok, error: r.error, static: r.static, live: r.live, listed });
  }
  return { version, fullVersion: out.version, results, failures: results.filter((r) => !r.ok), byStatus, unproducible };
}
