/** `bytescope explain OPNAME` and `bytescope versions X.Y X.Z`: the instruction reference. */
import { parseArgs } from 'node:util';
import { describeMissing, explain, formatEntry, formatVersionDiff, versionDiff } from '@bytescope/core';
import { EXIT_BAD_INPUT, EXIT_OK, UsageError } from './errors.js';
import type { Io } from './main.js';

export const EXPLAIN_HELP = `usage: bytescope explain [--python X.Y] [--json] OPNAME

What an instruction does in CPython X.Y (default 3.14): plain-words description,
stack effect, what its argument means and how dis shows it, inline caches, its
specialized family or base instruction, an example, and its history across
3.10-3.15 (when it appeared, was renumbered, changed, or was replaced).
`;

export const VERSIONS_HELP = `usage: bytescope versions [--json] X.Y X.Z

The opcode-level differences between two CPython versions (3.10-3.15): added,
removed and renumbered instructions, and changes of argument kinds, caches
and stack effects.
`;

function parse(args: string[], extra: Record<string, { type: 'string' | 'boolean' }>): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...extra } });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
}

/** `bytescope explain`. */
export function explainCommand(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { python: { type: 'string' } });
  if (values.help) { io.out(EXPLAIN_HELP); return EXIT_OK; }
  if (positionals.length !== 1) throw new UsageError('explain needs one OPNAME (see bytescope explain --help)');
  const version = typeof values.python === 'string' ? values.python : '3.14';
  if (!/^3\.1[0-5]$/.test(version)) throw new UsageError(`--python must be 3.10 … 3.15, not ${JSON.stringify(version)}`);
  const entry = explain(positionals[0]!, version);
  if (!entry) {
    io.err(`bytescope: ${describeMissing(positionals[0]!, version)}\n`);
    return EXIT_BAD_INPUT;
  }
  io.out(values.json ? JSON.stringify(entry, null, 1) + '\n' : formatEntry(entry).replace(/\n?$/, '\n'));
  return EXIT_OK;
}

/** `bytescope versions`. */
export function versionsCommand(args: string[], io: Io): number {
  const { values, positionals } = parse(args, {});
  if (values.help) { io.out(VERSIONS_HELP); return EXIT_OK; }
  if (positionals.length !== 2) throw new UsageError('versions needs two versions, e.g. bytescope versions 3.12 3.13');
  let diff;
  try {
    diff = versionDiff(positionals[0]!, positionals[1]!);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  io.out(values.json ? JSON.stringify(diff, null, 1) + '\n' : formatVersionDiff(diff).replace(/\n?$/, '\n'));
  return EXIT_OK;
}
