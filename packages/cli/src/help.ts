/** Help texts of the `bytescope` commands. */

export const MAIN_HELP = `usage: bytescope <command> [options] ...

Look inside CPython bytecode: disassemble .py and .pyc files of CPython 3.10-3.15
exactly as that version's own \`dis\` prints them.

commands:
  dis      disassemble a .pyc, a .py or a string (like python -m dis)
  info     show a .pyc's header and a summary of its code objects
  explain  what an instruction does in a version, with its history
  versions the opcode-level differences between two versions
  run      run a program in real CPython and count executed instructions
  specialize  show what the adaptive interpreter specialized (3.11+)
  compare  count and time two or more variants side by side
  hints    static hints about likely costs in a program

options:
  -h, --help     show this help (bytescope <command> --help for a command)
  --version      show bytescope's version

exit status: 0 success, 1 a bad input file, 2 a usage error.
`;

const FILE_OPTIONS = `  --keep-going           go on after a bad file; report every failure at the end
                         (the default when a DIR is given)
  --fail-fast            stop at the first bad file, even in a DIR
  -j, --jobs N           read and render .pyc files in N worker threads (0: one
                         per CPU); the output is the same as with one
`;

export const DIS_HELP = `usage: bytescope dis [options] FILE|DIR...
       bytescope dis [options] -c SOURCE

Disassemble each FILE, one after another, in the order given: a .pyc (any
CPython 2.7/3.x header is read; 3.10-3.15 are disassembled, no Python needed),
or Python source (.py, or '-' for stdin), compiled by real CPython --python X.Y.
The text is byte for byte what that version's dis.dis() prints (only the
0x... address in a code object's repr differs).

A DIR is searched recursively for .pyc files, which are disassembled in sorted
path order, each after a header line "# PATH" (grep '^# ' lists them; dis
text never starts a line with '#'). Directories imply --keep-going: the good
files are all listed, and each bad one is reported at the end as one line
"bytescope: PATH: problem" on stderr, with exit status 1.

options:
  -c, --command SOURCE   disassemble SOURCE (a string of Python code)
  -C, --show-caches      show inline CACHE entries (3.11+)
  -O, --show-offsets     show instruction offsets (3.13+; always shown before)
  -P, --show-positions   show source positions line:col-endline:endcol (3.14+)
  --depth N              disassemble nested code objects N levels deep (default: all)
  --format text|json     output format (default: text); json is documented in docs/json-schema.md
  --python X.Y           CPython that compiles source: 3.10 ... 3.15 (default 3.14)
  --force-version X.Y    read a .pyc as version X.Y whatever its magic number says
  --raw                  FILE is a bare marshalled code object, no .pyc header (needs --force-version)
${FILE_OPTIONS}  -h, --help             show this help
`;

export const INFO_HELP = `usage: bytescope info [options] FILE|DIR...

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
  --python X.Y           CPython that compiles source (default 3.14)
  --force-version X.Y    read a .pyc as version X.Y whatever its magic number says
  --raw                  FILE is a bare marshalled code object (needs --force-version)
${FILE_OPTIONS}  -h, --help             show this help
`;
