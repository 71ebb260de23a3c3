/**
 * Runs one input through everything the core does with untrusted bytes, and judges the result. The stages are
 * `read` ({@link readPyc}), `decode` ({@link decodeCode} of every code object), `text` ({@link disassembleToText}
 * with default options), `text-options` (with every option the version has), `json` ({@link toJsonModel}) and
 * `stringify` (`JSON.stringify(model, null, 1)`, as the CLI writes it). Each stage must end in a result or a
 * {@link BytescopeError} with a one-line message, within the time limit; anything else is a crash.
 */
import type { CodeObject } from '../code-object.js';
import { disassembleToText, type DisOptions } from '../dis-text.js';
import { BytescopeError } from '../errors.js';
import { decodeCode } from '../instructions.js';
import { jsonOutputBudget, toJsonModel, type BytescopeJson } from '../json-model.js';
import type { PyObject } from '../objects.js';
import { readPyc, type PycFile } from '../pyc.js';
import { getVersion } from '../versions.js';

/** The stages, in order. */
export const STAGES = ['read', 'decode', 'text', 'text-options', 'json', 'stringify'] as const;
export type Stage = (typeof STAGES)[number];

/** Longest a BytescopeError message may be to count as a clear one-line message. */
export const MAX_MESSAGE_LENGTH = 1000;

/** How one stage ended. */
export interface StageResult {
  readonly stage: Stage;
  readonly ms: number;
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
  /** Total time of all stages. */
  readonly ms: number;
  /** The version the file was read as, when it was read. */
  readonly version?: string;
}

/** Options of {@link runInput}. */
export interface RunOptions {
  /** A stage taking longer than this is a crash (default 1000 ms). */
  readonly timeLimitMs?: number;
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message.split('\n')[0]!.slice(0, 300)}`;
  return `thrown ${typeof e}: ${String(e).slice(0, 300)}`;
}

/** Every distinct code object reachable from `root` (also inside constant containers), at most `max`. */
export function allCodeObjects(root: CodeObject, max = 100_000): CodeObject[] {
  const out: CodeObject[] = [];
  const seenCode = new Set<CodeObject>();
  const seen = new Set<PyObject>();
  const stack: PyObject[] = [{ type: 'code', code: root }];
  while (stack.length && out.length < max) {
    const o = stack.pop()!;
    if (seen.has(o)) continue;
    seen.add(o);
    switch (o.type) {
      case 'code':
        if (!seenCode.has(o.code)) { seenCode.add(o.code); out.push(o.code); stack.push(...o.code.consts); }
        break;
      case 'tuple': case 'list': case 'set': case 'frozenset': stack.push(...o.items); break;
      case 'dict': case 'frozendict': for (const [k, v] of o.entries) stack.push(k, v); break;
      case 'slice': stack.push(o.start, o.stop, o.step); break;
      default: break;
    }
  }
  return out;
}

/** Runs `data` through every stage. */
export function runInput(data: Uint8Array, options: RunOptions = {}): RunResult {
  const limit = options.timeLimitMs ?? 1000;
  const stages: StageResult[] = [];
  let crash: Crash | undefined;
  let firstError: string | undefined;
  const stage = <T>(name: Stage, fn: () => T): T | undefined => {
    const t0 = performance.now();
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
    if (ms > limit) crash ??= { stage: name, why: 'slow', detail: `${name} took ${ms.toFixed(0)} ms` };
    stages.push({ stage: name, ms, outcome, error });
    return result;
  };

  const pyc = stage('read', (): PycFile => readPyc(data));
  const v = pyc && getVersion(pyc.version);
  if (pyc && v) {
    stage('decode', () => { for (const c of allCodeObjects(pyc.code)) decodeCode(c, v); });
    stage('text', () => disassembleToText(pyc.code, v, {}));
    const opts = v.features.options;
    if (opts.showCaches || opts.showOffsets || opts.showPositions) {
      const all: DisOptions = { showCaches: opts.showCaches, showOffsets: opts.showOffsets, showPositions: opts.showPositions };
      stage('text-options', () => disassembleToText(pyc.code, v, all));
    }
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
  for (const s of stages) ms += s.ms;
  return { outcome: crash ? 'crash' : firstError ?? 'ok', crash, stages, ms, version: pyc?.version };
}
