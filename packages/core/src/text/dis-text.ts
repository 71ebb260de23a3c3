/**
 * The text of `dis.dis(code)` for the code object's version, byte for byte: the options, the output budget, and
 * the walk over nested code objects. Each code object is written by the version's listing layout
 * (`offset-layout.ts` up to 3.12, `label-layout.ts` from 3.13), through the {@link TextWriter}.
 */
import { scanCode, type ScannedCode } from '../bytecode/scan.js';
import { BytescopeError, isStackOverflow, outputBudget } from '../errors.js';
import { codeRepr, type CodeObject } from '../pyc/code-object.js';
import type { PyObject } from '../pyc/objects.js';
import type { VersionInfo } from '../version/registry.js';
import { formatLabelEra } from './label-layout.js';
import { formatOffsetEra } from './offset-layout.js';
import { formatPrintEra } from './print-layout.js';
import { TextWriter } from './writer.js';
import { checkDisOptions, supportedDisOptions, type DisOptions } from './dis-options.js';

export { checkDisOptions, supportedDisOptions, type DisOptions };

/** The longest listing written by default (256 Mi characters). */
export const DIS_TEXT_MAX_OUTPUT = 256 * 1024 * 1024;

/**
 * The text budget for a file of `inputBytes` bytes: 64 characters per byte (CPython's stdlib needs about 4.5),
 * at least 8 Mi and at most {@link DIS_TEXT_MAX_OUTPUT}.
 */
export function textOutputBudget(inputBytes?: number): number {
  return outputBudget(inputBytes, 64, 8 * 1024 * 1024, DIS_TEXT_MAX_OUTPUT);
}

function budgetOf(options: DisOptions): number {
  const max = options.maxOutputChars ?? DIS_TEXT_MAX_OUTPUT;
  if (!(max > 0)) throw new BytescopeError('usage', `maxOutputChars must be a number > 0, not ${max}`);
  return max;
}

/** Runs a listing, turning a JavaScript stack overflow (absurdly nested code objects) into a limit error. */
function guardStack(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (isStackOverflow(e)) throw new BytescopeError('limit', 'code objects nested too deeply for the JavaScript stack');
    throw e;
  }
}


/** The full `dis.dis(code)` text (the module code object and every nested one), ending with a newline. */
export function disassembleToText(code: CodeObject, v: VersionInfo, options: DisOptions = {}): string {
  checkDisOptions(v, options);
  const w = new TextWriter(budgetOf(options));
  const o = fixedShape(options);
  guardStack(() => disRecursive(code, v, o, o.depth, w, new Map()));
  return w.finishText();
}

/**
 * The same text as {@link disassembleToText}, as UTF-8 bytes handed to `sink` piece by piece, without making
 * strings: for writing to a file or a stream. A piece is only valid during the call (copy it to keep it).
 * Lone surrogates (possible in `str` constants), which UTF-8 cannot carry, become U+FFFD, as when Node
 * writes such a string.
 */
export function writeDisassembly(code: CodeObject, v: VersionInfo, options: DisOptions, sink: (utf8: Uint8Array) => void): void {
  checkDisOptions(v, options);
  const w = new TextWriter(budgetOf(options), sink);
  const o = fixedShape(options);
  guardStack(() => disRecursive(code, v, o, o.depth, w, new Map()));
  w.finishBytes();
}

/**
 * The options as an object of one fixed shape, every field present in one order: the listing loops then see one hidden
 * class whatever object the caller made (the CLI's per-file spread of its options came with two, and V8 threw away the
 * optimized 3.4–3.12 loop when the second appeared: "wrong map").
 */
function fixedShape(o: DisOptions): DisOptions {
  return {
    showCaches: o.showCaches, showOffsets: o.showOffsets, showPositions: o.showPositions, specialized: o.specialized,
    depth: o.depth, maxOutputChars: o.maxOutputChars, column: o.column,
  };
}

/** One code object's listing, then its nested ones'. `reprs`: constant reprs, shared within the listing. */
function disRecursive(code: CodeObject, v: VersionInfo, o: DisOptions, depth: number | undefined, w: TextWriter, reprs: Map<PyObject, string>): void {
  formatCode(scanCode(code, v, reprs), v, o, w);
  if (!v.features.nestedListings || (depth !== undefined && depth <= 0)) return;
  const next = depth === undefined ? undefined : depth - 1;
  for (const c of code.consts) {
    if (c.type !== 'code') continue;
    w.newline();
    w.str('Disassembly of ');
    w.str(codeRepr(c.code));
    w.byte(0x3a); // ':'
    w.newline();
    disRecursive(c.code, v, o, next, w, reprs);
  }
}

/** Writes the listing of one code object (no nested code objects). */
function formatCode(d: ScannedCode, v: VersionInfo, o: DisOptions, w: TextWriter): void {
  const layout = v.features.listingLayout;
  if (layout === 'labels') formatLabelEra(d, v, o, w);
  else if (layout === 'fields') formatOffsetEra(d, v, o, w);
  else formatPrintEra(d, v, w, o);
}

