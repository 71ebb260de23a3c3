/**
 * The text of `dis.dis(code)` for the code object's version, byte for byte: one formatter for every
 * version, steered by the version's switches (offset/`>>` era up to 3.12, label era from 3.13).
 */
import { codeAddress, type CodeObject } from './code-object.js';
import { decodeCode, type DecodedCode, type Instruction } from './instructions.js';
import { BytescopeError } from './errors.js';
import type { Position } from './line-table.js';
import type { VersionInfo } from './versions.js';

/** Options of `dis.dis`, each refused for versions whose `dis` lacks it. */
export interface DisOptions {
  /** `show_caches=True` / `-C` (3.11+). */
  readonly showCaches?: boolean;
  /** `show_offsets=True` / `-O` (3.13+). */
  readonly showOffsets?: boolean;
  /** `show_positions=True` / `-P` (3.14+). */
  readonly showPositions?: boolean;
  /** Nesting depth for code objects in constants (`depth`); undefined: unlimited. */
  readonly depth?: number;
}

/** Throws a usage error when the version's `dis` does not have an option that is set. */
export function checkDisOptions(v: VersionInfo, o: DisOptions): void {
  const has = v.features.options;
  const refuse = (flag: string, since: string) => {
    throw new BytescopeError('usage', `${flag} needs Python ${since} or newer; this code is Python ${v.version}, whose dis has no such option`);
  };
  if (o.showCaches && !has.showCaches) refuse('--show-caches', '3.11');
  if (o.showOffsets && !has.showOffsets) refuse('--show-offsets', '3.13');
  if (o.showPositions && !has.showPositions) refuse('--show-positions', '3.14');
}

/** `repr()` of a code object, as in `Disassembly of <code object …>:` headers. */
export function codeRepr(code: CodeObject): string {
  return `<code object ${code.name} at ${codeAddress(code)}, file "${code.filename}", line ${code.firstlineno === 0 ? -1 : code.firstlineno}>`;
}

/** The full `dis.dis(code)` text (the module code object and every nested one), ending with a newline. */
export function disassembleToText(code: CodeObject, v: VersionInfo, options: DisOptions = {}): string {
  checkDisOptions(v, options);
  const out: string[] = [];
  disRecursive(code, v, options, options.depth, out);
  return out.join('\n') + '\n';
}

function disRecursive(code: CodeObject, v: VersionInfo, o: DisOptions, depth: number | undefined, out: string[]): void {
  formatCode(decodeCode(code, v), v, o, out);
  if (depth !== undefined && depth <= 0) return;
  const next = depth === undefined ? undefined : depth - 1;
  for (const c of code.consts) {
    if (c.type !== 'code') continue;
    out.push('');
    out.push(`Disassembly of ${codeRepr(c.code)}:`);
    disRecursive(c.code, v, o, next, out);
  }
}

const pad = (s: string, w: number) => (s.length >= w ? s : ' '.repeat(w - s.length) + s);
const padEnd = (s: string, w: number) => (s.length >= w ? s : s + ' '.repeat(w - s.length));

/** Appends the lines of one code object's listing (no nested code objects) to `out`. */
export function formatCode(d: DecodedCode, v: VersionInfo, o: DisOptions, out: string[]): void {
  if (v.features.labelsInListing) formatLabelEra(d, v, o, out);
  else formatOffsetEra(d, v, o, out);
}

/** 3.10–3.12: `Instruction._disassemble` and `_disassemble_bytes`. */
function formatOffsetEra(d: DecodedCode, v: VersionInfo, o: DisOptions, out: string[]): void {
  const f = v.features;
  let linenoWidth = 0;
  if (d.lineStarts.size) {
    let max = -Infinity;
    for (const l of d.lineStarts.values()) if (l !== null && l > max) max = l;
    linenoWidth = max >= 1000 ? String(max).length : 3;
  }
  const maxOffset = d.code.code.length - 2;
  const offsetWidth = maxOffset >= 10000 ? String(maxOffset).length : 4;
  const blankLine = ' '.repeat(linenoWidth);
  const line = (lineno: string | null, target: boolean, offset: number, opname: string, arg: number | null, argrepr: string) => {
    let s = '';
    if (linenoWidth) s += (lineno === null ? blankLine : pad(lineno, linenoWidth)) + ' ';
    s += '    ' + (target ? '>> ' : '   ') + pad(String(offset), offsetWidth) + ' ' + padEnd(opname, 20);
    if (arg !== null) {
      s += ' ' + pad(String(arg), 5);
      if (argrepr) s += ' (' + argrepr + ')';
    }
    return s.trimEnd();
  };
  const t = v.table;
  for (const ins of d.instructions) {
    const starts = ins.startsLine && ins.lineNumber !== null;
    if (linenoWidth && starts && ins.offset > 0) out.push('');
    out.push(line(starts ? String(ins.lineNumber) : null, ins.isJumpTarget, ins.offset, ins.opname, ins.arg, ins.argrepr));
    if (o.showCaches && ins.cacheUnits) {
      let offset = ins.offset;
      const specialized = ins.opcode !== ins.baseOpcode;
      for (const [name, size] of t.data.cacheFormat[t.opname[ins.baseOpcode]!] ?? []) {
        for (let i = 0; i < size; i++) {
          offset += 2;
          let argrepr = '';
          if (i === 0 && (f.cacheValuesAlways || specialized)) argrepr = `${name}: ${cacheValue(d.code.code, offset, size)}`;
          out.push(line(null, false, offset, 'CACHE', 0, argrepr));
        }
      }
    }
  }
  if (d.exceptionTable.length) {
    out.push('ExceptionTable:');
    for (const e of d.exceptionTable) out.push(`  ${e.start} to ${e.end - 2} -> ${e.target} [${e.depth}]${e.lasti ? ' lasti' : ''}`);
  }
}

/** Little-endian unsigned value of `units` code units at `offset` (`int.from_bytes(…, 'little')`). */
function cacheValue(code: Uint8Array, offset: number, units: number): string {
  let v = 0n;
  const end = Math.min(offset + units * 2, code.length);
  for (let i = end - 1; i >= offset; i--) v = (v << 8n) | BigInt(code[i]!);
  return v.toString();
}

function positionText(p: Position | null): string {
  if (!p || (p[0] === null && p[1] === null && p[2] === null && p[3] === null)) return '  --';
  const s = (x: number | null) => (x === null ? '?' : String(x));
  return `${s(p[0])}:${s(p[2])}-${s(p[1])}:${s(p[3])}`;
}

/** 3.13+: `Formatter.print_instruction` and friends. */
function formatLabelEra(d: DecodedCode, v: VersionInfo, o: DisOptions, out: string[]): void {
  const f = v.features;
  const t = v.table;
  let locWidth = 0;
  if (o.showPositions) {
    let hasValue = false;
    let widest = 0;
    for (const p of d.positions) {
      let w = 0;
      for (const x of p) {
        if (x === null) w += 1;
        else { hasValue = true; w += String(x).length; }
      }
      if (w > widest) widest = w;
    }
    locWidth = hasValue ? 1 + Math.max(4, 3 + widest) : 0;
  } else {
    let max = -1;
    let hasNone = false;
    for (const l of d.lineStarts.values()) {
      if (l === null) hasNone = true;
      else if (l && l > max) max = l;
    }
    if (max !== -1) {
      locWidth = Math.max(3, String(max).length);
      if (locWidth < 4 && hasNone) locWidth = 4;
    }
  }
  const labelWidth = 4 + String(d.labels.size).length;
  const offsetWidth = o.showOffsets ? String(Math.max(d.code.code.length - 2, 9999)).length : 0;
  const blankLoc = ' '.repeat(locWidth);
  const blankLabel = ' '.repeat(labelWidth);
  const line = (loc: string, label: number | null, offset: number, opname: string, arg: number | null, argrepr: string) => {
    let s = locWidth ? loc + ' ' : '';
    s += label === null ? blankLabel : pad(`L${label}:`, labelWidth);
    if (offsetWidth) s += ' ' + pad(String(offset), offsetWidth) + '  ';
    s += '     ' + padEnd(opname, 20);
    if (arg !== null) {
      s += ' ' + pad(String(arg), 5 - Math.max(0, opname.length - 20));
      if (argrepr) s += ' (' + argrepr + ')';
    }
    return s.trimEnd();
  };
  for (const ins of d.instructions) {
    if (locWidth && ins.startsLine && ins.offset > 0) out.push('');
    let loc = '';
    if (locWidth) {
      if (o.showPositions) loc = padEnd(positionText(ins.positions), locWidth);
      else if (ins.startsLine) loc = pad(ins.lineNumber === null ? '  --' : String(ins.lineNumber), locWidth);
      else loc = blankLoc;
    }
    out.push(line(loc, ins.label, ins.offset, ins.opname, ins.arg, ins.argrepr));
    if (o.showCaches && ins.cacheUnits) {
      let offset = ins.offset;
      let fieldStart = ins.offset;
      const cacheLoc = o.showPositions ? loc : blankLoc;
      for (const [name, size] of t.data.cacheFormat[t.opname[ins.baseOpcode]!] ?? []) {
        const value = cacheValue(d.code.code, (f.cacheValueFromFirstUnit ? ins.offset : fieldStart) + 2, size);
        fieldStart += size * 2;
        for (let i = 0; i < size; i++) {
          offset += 2;
          out.push(line(cacheLoc, null, offset, 'CACHE', 0, i === 0 ? `${name}: ${value}` : ''));
        }
      }
    }
  }
  if (d.exceptionTable.length) {
    out.push('ExceptionTable:');
    for (const e of d.exceptionTable) {
      out.push(`  L${d.labels.get(e.start)} to L${d.labels.get(e.end)} -> L${d.labels.get(e.target)} [${e.depth}]${e.lasti ? ' lasti' : ''}`);
    }
  }
}

export type { Instruction };
