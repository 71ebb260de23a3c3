/**
 * Runs one input through everything the core does with untrusted bytes, and judges the result. The stages are
 * `read` ({@link readPyc}), `bytes` ({@link byteMap}: `info --bytes`, the explorer's byte view), `decode`
 * ({@link decodeCode} of every code object), `text` ({@link disassembleToText} with default options), `text-options`
 * (with every option the version has), `analysis` (for every code object of {@link decodeModule}: {@link buildCfg},
 * {@link loopBlocks}, {@link computeStackDepths} and {@link symbolicStack}, as `dis --stack --symbolic`, `cfg` and the
 * explorer do), `json` ({@link toJsonModel}) and `stringify` (`JSON.stringify(model, null, 1)`, as the CLI writes it).
 * Each stage must end in a result or a {@link BytescopeError} with a one-line message, within the time limit;
 * anything else is a crash.
 */
import { buildCfg, loopBlocks } from '../src/analysis/cfg.js';
import { decodeModule } from '../src/analysis/decoded-module.js';
import { computeStackDepths } from '../src/analysis/stack-depth.js';
import { symbolicStack } from '../src/analysis/symbolic-stack.js';
import { byteMap } from '../src/pyc/byte-map.js';
import { disassembleToText, textOutputBudget, type DisOptions } from '../src/text/dis-text.js';
import { BytescopeError } from '../src/errors.js';
import { decodeCode } from '../src/bytecode/decode.js';
import { toJsonModel } from '../src/json/model.js';
import type { BytescopeJson } from '../src/json/schema.js';
import { jsonOutputBudget } from '../src/json/size.js';
import { readPyc, type PycFile } from '../src/pyc/read-pyc.js';
import { getVersion } from '../src/version/registry.js';
import { codeObjectsOf } from '../testkit/index.js';

/** The stages, in order. */
export const STAGES = ['read', 'bytes', 'decode', 'text', 'text-options', 'analysis', 'json', 'stringify'] as const;
/** One of {@link STAGES}. */
export type Stage = (typeof STAGES)[number];

/** Longest a BytescopeError message may be to count as a clear one-line message. */
export const MAX_MESSAGE_LENGTH = 1000;

/** How one stage ended. */
export interface StageResult {
  readonly stage: Stage;
  /** Wall-clock time. */
  readonly ms: number;
  /** CPU time of the process (user + system) during the stage: unlike `ms`, not inflated by other processes. */
  readonly cpuMs: number;
  /** `ok`, the kind of the BytescopeError, or `crash`. */
  readonly outcome: string;
  /** The error (name and first line of the message), when there was one. */
  readonly error?: string;
}

/** Why an input is a crasher. */
export interface Crash {
  readonly stage: Stage;
  /** `exception`: not a BytescopeError; `message`: a BytescopeError without a clear one-line message; `slow`: over the time limit; `budget`: JSON longer than its budget. */
  readonly why: 'exception' | 'message' | 'slow' | 'budget';
  readonly detail: string;
}

/** How one input ended. */
export interface RunResult {
  /** `ok`, `error:<kind>` (the first error), or `crash`. */
  readonly outcome: string;
  readonly crash?: Crash;
  readonly stages: readonly StageResult[];
  /** Total wall-clock time of all stages. */
  readonly ms: number;
  /** Total CPU time of all stages. */
  readonly cpuMs: number;
  /** The version the file was read as, when it was read. */
  readonly version?: string;
}

/** Options of {@link runInput}. */
export interface RunOptions {
  /**
   * A stage taking longer than this is a crash (default 1000 ms): both its wall-clock time and its CPU time must
   * exceed it, so that a machine busy with other work does not make false alarms.
   */
  readonly timeLimitMs?: number;
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message.split('\n')[0]!.slice(0, 300)}`;
  return `thrown ${typeof e}: ${String(e).slice(0, 300)}`;
}

/** Runs `data` through every stage. */
export function runInput(data: Uint8Array, options: RunOptions = {}): RunResult {
  const limit = options.timeLimitMs ?? 1000;
  const stages: StageResult[] = [];
  let crash: Crash | undefined;
  let firstError: string | undefined;
  const stage = <T>(name: Stage, fn: () => T): T | undefined => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let outcome = 'ok';
    let error: string | undefined;
    let result: T | undefined;
    try {
      result = fn();
    } catch (e) {
      error = describe(e);
      if (e instanceof BytescopeError) {
        outcome = e.kind;
        firstError ??= `error:${e.kind}`;
        if (!e.message || /[\r\n]/.test(e.message) || e.message.length > MAX_MESSAGE_LENGTH) {
          crash ??= { stage: name, why: 'message', detail: `unclear message (${e.message.length} characters): ${JSON.stringify(e.message.slice(0, 200))}` };
          outcome = 'crash';
        }
      } else {
        outcome = 'crash';
        crash ??= { stage: name, why: 'exception', detail: error };
      }
    }
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    const cpuMs = (c.user + c.system) / 1000;
    if (ms > limit && cpuMs > limit) crash ??= { stage: name, why: 'slow', detail: `${name} took ${cpuMs.toFixed(0)} ms of CPU (${ms.toFixed(0)} ms)` };
    stages.push({ stage: name, ms, cpuMs, outcome, error });
    return result;
  };

  const pyc = stage('read', (): PycFile => readPyc(data));
  stage('bytes', () => byteMap(data));
  const v = pyc && getVersion(pyc.version);
  if (pyc && v) {
    stage('decode', () => { for (const c of codeObjectsOf(pyc.code, { max: 100_000 })) decodeCode(c, v); });
    const budget: DisOptions = { maxOutputChars: textOutputBudget(pyc.size) }; // as the CLI gives a file
    stage('text', () => disassembleToText(pyc.code, v, budget));
    const opts = v.features.options;
    if (opts.showCaches || opts.showOffsets || opts.showPositions) {
      const all: DisOptions = { ...budget, showCaches: opts.showCaches, showOffsets: opts.showOffsets, showPositions: opts.showPositions };
      stage('text-options', () => disassembleToText(pyc.code, v, all));
    }
    stage('analysis', () => {
      // Every code object, so that one refused (a BytescopeError, rethrown at the end) hides no crash in the others.
      const m = decodeModule(pyc);
      let refused: unknown;
      for (const c of m.codeObjects) {
        try {
          const cfg = buildCfg(c.decoded, m.version);
          for (const l of cfg.loops) loopBlocks(cfg, l.index);
          symbolicStack(cfg, computeStackDepths(cfg, m.version), m.version);
        } catch (e) {
          if (!(e instanceof BytescopeError)) throw e;
          refused ??= e;
        }
      }
      if (refused) throw refused;
    });
    const model = stage('json', (): BytescopeJson => toJsonModel(pyc));
    if (model) {
      stage('stringify', () => {
        const s = JSON.stringify(model, null, 1);
        const budget = jsonOutputBudget(pyc.size);
        if (s.length > budget) crash ??= { stage: 'stringify', why: 'budget', detail: `the JSON text has ${s.length} characters, over its budget of ${budget}` };
        return s.length;
      });
    }
  }
  let ms = 0;
  let cpuMs = 0;
  for (const s of stages) { ms += s.ms; cpuMs += s.cpuMs; }
  return { outcome: crash ? 'crash' : firstError ?? 'ok', crash, stages, ms, cpuMs, version: pyc?.version };
}
