/** `bytescope dis`: `python -m dis` for `.pyc` files, source files, `-c` source and directories. */
import { DEFAULT_PYTHON_VERSION, disVersionRange, pythonVersionRange, type DisOptions } from '@bytescope/core';
import type { CommandDefinition } from '../command.js';
import { UsageError } from '../errors.js';
import { FILE_OPTIONS, FILE_OPTIONS_HELP, fileInputs, fileOptions, runInputs } from '../file-inputs.js';
import { intOption } from '../options.js';

const HELP = `usage: bytescope dis [options] FILE|DIR...
       bytescope dis [options] -c SOURCE

Disassemble each FILE, one after another, in the order given: a .pyc (any
CPython 2.7/3.x header is read; ${disVersionRange('-')} are disassembled, no Python needed),
or Python source (.py, or '-' for stdin), compiled by real CPython --python X.Y.
The text is byte for byte what that version's dis.dis() prints (only the
0x... address in a code object's repr differs).

A DIR is searched recursively for .pyc files, which are disassembled in sorted
path order. With several files, each listing comes after a header line
"# PATH" (grep '^# ' lists them; dis text never starts a line with '#'),
separated by a blank line. Directories imply --keep-going: the good files are
all listed, and each bad one is reported at the end as one line
"bytescope: PATH: problem" on stderr, with exit status 1. In a directory, an
option that a file's version lacks (-C before 3.11, -O before 3.13, -P before
3.14) is ignored for that file, with one warning per option and version.

With --format json, one input gives one document; several inputs or a DIR give
a JSON array, written one document at a time as each file is done (memory is
bounded by the largest file, not by their sum).

options:
  -c, --command SOURCE   disassemble SOURCE (a string of Python code)
  -C, --show-caches      show inline CACHE entries (3.11+)
  -O, --show-offsets     show instruction offsets (3.13+; always shown before)
  -P, --show-positions   show source positions line:col-endline:endcol (3.14+)
  -S, --specialized      show specialized bytecode (3.14+), as python -m dis -S
                         does: of code just compiled, which has not run and so
                         has none yet; for code after a warm-up see
                         bytescope specialize FILE.py --call EXPR
  --stack                a column with the stack depth before each instruction
                         (the exact depths of the control-flow analysis); with
                         --format json, stack_before/stack_after per instruction
  --symbolic             with --stack: also what the stack holds after each
                         instruction, [bottom, ..., top] (json: stack)
  --function QUALNAME    only that code object and the ones nested in it
  --depth N              disassemble nested code objects N levels deep (default: all)
  --format text|json     output format (default: text); json is documented in docs/json-schema.md
  --max-output N         the most characters one file's listing or JSON document
                         may have (default: by the file's size, 8 Mi to 256 Mi);
                         a file beyond it fails with a one-line error
  --python X.Y           CPython that compiles source: ${pythonVersionRange(' ... ')} (default ${DEFAULT_PYTHON_VERSION})
  --force-version X.Y    read a .pyc as version X.Y whatever its magic number says
  --raw                  FILE is a bare marshalled code object, no .pyc header (needs --force-version)
${FILE_OPTIONS_HELP}  -h, --help             show this help
`;

const DIS_OPTIONS = {
  ...FILE_OPTIONS,
  command: { type: 'string', short: 'c' },
  'show-caches': { type: 'boolean', short: 'C' },
  'show-offsets': { type: 'boolean', short: 'O' },
  'show-positions': { type: 'boolean', short: 'P' },
  specialized: { type: 'boolean', short: 'S' },
  depth: { type: 'string' },
  format: { type: 'string' },
  stack: { type: 'boolean' },
  symbolic: { type: 'boolean' },
  function: { type: 'string' },
  'max-output': { type: 'string' },
} as const;

/** `bytescope dis`. */
export const disCommand: CommandDefinition<typeof DIS_OPTIONS> = {
  help: HELP,
  options: DIS_OPTIONS,
  handler({ values, positionals }, io) {
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${JSON.stringify(format)}`);
    const depth = intOption(values.depth, '--depth', 0);
    const inputs = fileInputs(positionals);
    if (values.command !== undefined) inputs.unshift({ kind: 'command', source: values.command });
    if (!inputs.length) throw new UsageError('dis needs a FILE or -c SOURCE (see bytescope dis --help)');
    const options: DisOptions = {
      showCaches: values['show-caches'] === true,
      showOffsets: values['show-offsets'] === true,
      showPositions: values['show-positions'] === true,
      specialized: values.specialized === true,
      depth,
      maxOutputChars: intOption(values['max-output'], '--max-output', 1),
    };

    if (values.symbolic === true && values.stack !== true) throw new UsageError('--symbolic needs --stack');
    const stack = values.stack === true ? (values.symbolic === true ? 'symbolic' : 'depth') : undefined;
    const done = runInputs(inputs, { mode: format === 'json' ? 'dis-json' : 'dis-text', dis: options, stack, function: values.function }, fileOptions(values, io), io);
    if (!options.specialized || format !== 'text') return done;
    return Promise.resolve(done).then((code) => {
      if (code === 0) {
        io.err('bytescope: note: -S shows specialized instructions of code that has run; this code was only compiled, so it '
          + 'has none yet (python -m dis -S prints the same). For the code after a warm-up: bytescope specialize FILE.py --call EXPR\n');
      }
      return code;
    });
  },
};
