/**
 * The `bytescope` command line: `dis` mirrors `python -m dis` for any CPython with opcode tables (and reads the
 * .pyc of any 2.7/3.x), `info` summarizes a .pyc; the reference and lab commands are in the command table
 * (commands.ts). This module only finds the command and runs it. Every failure is one `bytescope:` line on
 * stderr.
 */
import { disVersionRange } from '@bytescope/core';
import { readFileSync } from 'node:fs';
import { execute } from './command.js';
import { COMMANDS, findCommand } from './commands.js';
import { EXIT_OK, EXIT_USAGE, UsageError, failure } from './errors.js';
import { processIo, type Io } from './io.js';

/** The main help: its list of commands comes from the command table, in one column as wide as the longest name. */
function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const commands = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}\n`).join('');
  return `usage: bytescope <command> [options] ...

Look inside CPython bytecode: disassemble .py and .pyc files of CPython ${disVersionRange('-')}
exactly as that version's own \`dis\` prints them.

commands:
${commands}
options:
  -h, --help     show this help (bytescope help <command> or
                 bytescope <command> --help for a command)
  -V, --version  show bytescope's version

exit status: 0 success, 1 a bad input file, 2 a usage error.
`;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
  try {
    const [name, ...args] = argv;
    if (name === 'help' && args.length) return await run([...args.slice(0, 1), '--help'], io); // help COMMAND
    if (name === undefined || name === '-h' || name === '--help' || name === 'help') { io.out(mainHelp()); return name === undefined ? EXIT_USAGE : EXIT_OK; }
    if (name === '--version' || name === '-V') { io.out(`bytescope ${version()}\n`); return EXIT_OK; }
    if (name.startsWith('-')) throw new UsageError(`unknown option ${name} (a command comes first: bytescope <command> [options]; see bytescope --help)`);
    const entry = findCommand(name);
    if (!entry) throw new UsageError(`unknown command ${JSON.stringify(name)} (commands: ${COMMANDS.map((c) => c.name).join(', ')}; see bytescope --help)`);
    return await execute(await entry.load(), args, io, entry.name);
  } catch (e) {
    const f = failure(e);
    io.err(`bytescope: ${f.message}\n`);
    return f.exit;
  }
}
