/** What `bytescope info` reports: a `.pyc`'s header and a summary of its code objects, as a value and as text. */
import { decodeCode, getVersion, pycHeaderFields, type CodeObject, type PycFile } from '@bytescope/core';
import type { CompiledBy } from './sources.js';

/** Summary of one code object. */
export interface CodeSummary {
  readonly co_qualname: string;
  readonly co_firstlineno: number;
  readonly co_flags: number;
  readonly bytecode_bytes: number;
  /** Instruction count, or null when the version has no opcode table. */
  readonly instructions: number | null;
  readonly co_consts: number;
  readonly co_names: number;
  readonly depth: number;
}

/** Everything `info` reports, as JSON. */
export interface InfoReport {
  readonly file: string;
  readonly version: string;
  readonly magic: number | null;
  readonly prerelease: boolean;
  /** Another implementation that writes the same magic number (PyPy 3.8 writes CPython 3.8's), or null. */
  readonly magic_shared_with: string | null;
  /** The PEP 552 flags word (3.7+), or null when the header has none (2.7, 3.0–3.6). */
  readonly flags: number | null;
  readonly invalidation: string | null;
  /**
   * The source mtime the header holds, in seconds since the epoch (as in `dis --format json`), or null: a
   * hash-based `.pyc`, or source compiled here in memory (its header holds 0, no file's time).
   */
  readonly mtime: number | null;
  readonly source_size: number | null;
  readonly source_hash: string | null;
  readonly header_bytes: number;
  readonly trailing_bytes: number;
  readonly disassembly_supported: boolean;
  /** Source compiled here: the full version of the CPython that compiled it (`3.10.2`), else null. */
  readonly compiled_by: string | null;
  /** Where that CPython ran (`Pyodide 0.22.1`), else null. */
  readonly compiled_in: string | null;
  readonly code_objects: CodeSummary[];
}

/** Builds the info report of a loaded file (`compiledBy`: source compiled here, by that CPython). */
export function infoReport(name: string, pyc: PycFile, compiledBy?: CompiledBy): InfoReport {
  const h = pyc.header;
  const v = getVersion(pyc.version);
  const codes: CodeSummary[] = [];
  const walk = (c: CodeObject, depth: number) => {
    codes.push({
      co_qualname: c.qualname, co_firstlineno: c.firstlineno, co_flags: c.flags, bytecode_bytes: c.code.length,
      instructions: v ? decodeCode(c, v).instructions.length : null,
      co_consts: c.consts.length, co_names: c.names.length, depth,
    });
    for (const k of c.consts) if (k.type === 'code') walk(k.code, depth + 1);
  };
  walk(pyc.code, 0);
  return {
    file: name,
    version: pyc.version,
    magic: h ? h.magic.magic : null,
    prerelease: h ? h.magic.prerelease : false,
    magic_shared_with: h?.magic.sharedWith ?? null,
    flags: h && pycHeaderFields(h).some((f) => f.name === 'flags') ? h.flags : null,
    invalidation: h ? h.invalidation : null,
    mtime: h?.mtime !== undefined && !compiledBy ? h.mtime : null,
    source_size: h?.sourceSize ?? null,
    source_hash: h?.sourceHash ?? null,
    header_bytes: h ? h.size : 0,
    trailing_bytes: pyc.trailingBytes,
    disassembly_supported: v !== undefined,
    compiled_by: compiledBy?.version ?? null,
    compiled_in: compiledBy?.runtime ?? null,
    code_objects: codes,
  };
}

/** The text form of an info report. */
export function formatInfo(r: InfoReport): string {
  const lines: string[] = [];
  const row = (k: string, v: string) => lines.push(`${(k + ':').padEnd(18)}${v}`);
  row('File', printable(r.file));
  row('Python', r.version + (r.prerelease ? ' (pre-release magic)' : ''));
  if (r.magic !== null) row('Magic', `${r.magic} (${hexMagic(r.magic)})` + (r.magic_shared_with ? `; ${r.magic_shared_with} writes it too` : ''));
  if (r.compiled_by !== null) row('Compiled by', `CPython ${r.compiled_by}${r.compiled_in ? ` (${r.compiled_in})` : ''}, in memory`);
  if (r.flags !== null) row('Flags', `0x${r.flags.toString(16)} (${r.invalidation})`);
  if (r.mtime !== null) row('Source mtime', `${new Date(r.mtime * 1000).toISOString()} (${r.mtime})`);
  else if (r.compiled_by !== null && r.invalidation === 'timestamp') row('Source mtime', 'none (compiled in memory: the header holds 0)');
  if (r.source_size !== null) row('Source size', `${r.source_size} bytes`);
  if (r.source_hash !== null) row('Source hash', r.source_hash);
  if (r.trailing_bytes) row('Trailing bytes', String(r.trailing_bytes));
  const total = r.code_objects.reduce((a, c) => a + c.bytecode_bytes, 0);
  const ins = r.code_objects.reduce((a, c) => a + (c.instructions ?? 0), 0);
  row('Code objects', String(r.code_objects.length));
  row('Bytecode', `${total} bytes` + (r.disassembly_supported ? `, ${ins} instructions` : ' (no opcode table for this version: not disassembled)'));
  lines.push('');
  lines.push('  line  instrs  bytes  name');
  for (const c of r.code_objects) {
    lines.push(`${String(c.co_firstlineno).padStart(6)}  ${String(c.instructions ?? '-').padStart(6)}  ${String(c.bytecode_bytes).padStart(5)}  ${'  '.repeat(c.depth)}${printable(c.co_qualname)}`);
  }
  return lines.join('\n') + '\n';
}

/** Shows control characters (which could drive the terminal) as `\xNN`. */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function hexMagic(m: number): string {
  const b = [m & 0xff, m >> 8, 0x0d, 0x0a];
  return b.map((x) => x.toString(16).padStart(2, '0')).join(' ');
}
