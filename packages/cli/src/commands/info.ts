/** `bytescope info`: a `.pyc`'s header and a summary of its code objects. */
import { DEFAULT_PYTHON_VERSION } from '@bytescope/core';
import type { CommandDefinition } from '../command.js';
import { UsageError } from '../errors.js';
import { FILE_OPTIONS, FILE_OPTIONS_HELP, fileInputs, fileOptions, runInputs } from '../file-inputs.js';

const HELP = `usage: bytescope info [options] FILE|DIR...

Show what a .pyc holds: magic number and version, flags (timestamp or
hash-based, checked or unchecked), source mtime and size or source hash, and a
summary of its code objects. Python source is compiled first, as with dis.
A DIR is searched for .pyc files as with dis (sorted, "# PATH" headers,
--keep-going).

options:
  --bytes                every byte mapped to what it encodes: a hex dump in
                         which each header field, marshal object (type code,
                         FLAG_REF, length, payload) and code object field is
                         named; with --json, the ranges (start, end, label,
                         depth, kind, detail; the leaves cover each byte once)
  --json                 print JSON instead of text
  --python X.Y           CPython that compiles source (default ${DEFAULT_PYTHON_VERSION})
  --force-version X.Y    read a .pyc as version X.Y whatever its magic number says
  --raw                  FILE is a bare marshalled code object (needs --force-version)
${FILE_OPTIONS_HELP}  -h, --help             show this help
`;

const INFO_OPTIONS = { ...FILE_OPTIONS, json: { type: 'boolean' }, bytes: { type: 'boolean' } } as const;

/** `bytescope info`. */
export const infoCommand: CommandDefinition<typeof INFO_OPTIONS> = {
  help: HELP,
  options: INFO_OPTIONS,
  handler({ values, positionals }, io) {
    if (!positionals.length) throw new UsageError('info needs a FILE (see bytescope info --help)');
    return runInputs(fileInputs(positionals), { mode: `info${values.bytes ? '-bytes' : ''}-${values.json ? 'json' : 'text'}`, dis: {} }, fileOptions(values, io), io);
  },
};
