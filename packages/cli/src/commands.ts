/**
 * The command table: every `bytescope` command with its name, its line in the main help, and how to get it.
 * `dis` and `info` are part of the start-up bundle; the reference data and the lab are loaded only by their
 * commands (a dynamic import each), so that `bytescope dis` starts without them.
 */
import type { Command } from './command.js';
import { disCommand } from './commands/dis.js';
import { infoCommand } from './commands/info.js';

/** A command of the table. */
export interface CommandEntry {
  readonly name: string;
  /** What it does, in one line of the main help. */
  readonly summary: string;
  /** The command (its module is loaded on first use). */
  readonly load: () => Promise<Command>;
}

/** Every command, in the order of the main help. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'dis', summary: 'disassemble a .pyc, a .py or a string (like python -m dis)', load: async () => disCommand },
  { name: 'info', summary: "show a .pyc's header and a summary of its code objects", load: async () => infoCommand },
  { name: 'cfg', summary: 'the control-flow graph of each code object (json, dot, mermaid)', load: async () => (await import('./commands/cfg.js')).cfgCommand },
  { name: 'explain', summary: 'what an instruction does in a version, with its history', load: async () => (await import('./commands/reference.js')).explainCommand },
  { name: 'versions', summary: 'the opcode-level differences between two versions', load: async () => (await import('./commands/reference.js')).versionsCommand },
  { name: 'run', summary: 'run a program in real CPython and count executed instructions', load: async () => (await import('./commands/lab.js')).runCommand },
  { name: 'specialize', summary: 'show what the adaptive interpreter specialized (3.11+)', load: async () => (await import('./commands/lab.js')).specializeCommand },
  { name: 'compare', summary: 'count and time two or more variants side by side', load: async () => (await import('./commands/lab.js')).compareCommand },
  { name: 'trace', summary: 'run a program in real CPython, one line per instruction with its value stack', load: async () => (await import('./commands/trace.js')).traceCommand },
  { name: 'hints', summary: 'static hints about likely costs in a program', load: async () => (await import('./commands/lab.js')).hintsCommand },
  { name: 'server', summary: 'the background process that keeps CPython loaded between commands', load: async () => (await import('./commands/server.js')).serverCommand },
];

/** The command named `name`, if there is one. */
export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}
