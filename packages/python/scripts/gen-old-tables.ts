/**
 * `npm run gen:old-tables`: the opcode tables of CPython 2.7 and 3.0–3.9 (the versions without an embedded
 * runtime), in the same generated form as `gen-tables.ts` writes for 3.10+, into packages/core/src/tables/.
 *
 * - 2.7, 3.6, 3.7, 3.8, 3.9: asked of each native interpreter (`src/native.ts` finds them: pyenv, or
 *   `BYTESCOPE_PYTHON27` …) running `py/extract_old_tables.py` on its own `opcode` and `dis` modules.
 * - 3.0 … 3.5 (no interpreter): executed from that release's own sources, `Lib/opcode.py`, `Lib/dis.py` and
 *   `Include/marshal.h`, read with `git show` from a clone of CPython's history at the release commits listed
 *   below (`--cpython-git DIR`: a `.git` directory holding them, e.g. the repository python/cpython; the sources
 *   are read, not kept). They run inside native 3.6, the oldest Python 3 here. Their magic number is the last one
 *   CPython's own history (`MAGIC_HISTORY`) gives the version, and which characters their `repr` escapes is read
 *   from their own Unicode database (`Objects/unicodetype_db.h`, py/unicode_db_printable.py). Their stack
 *   effects, and 2.7's (no `dis.stack_effect` before 3.4, and 3.4/3.5's is C), are what each release's compiler counts: read from its `Python/compile.c` as data (py/compile_c_effects.py),
 *   the jump figures with `stackdepth_walk`'s adjustments.
 *
 *   node gen-old-tables.js [--cpython-git DIR] [VERSION...]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findNativePython, nativeSearchPlaces, NATIVE_ORACLE_VERSIONS } from '../src/native.js';
import { TABLES_DIR, generatedHeader, tableModuleBody, writeFinalMagic } from './table-files.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const EXTRACT = path.resolve(here, '../../py/extract_old_tables.py');
const SCRIPT = 'gen-old-tables.ts (npm run gen:old-tables)';

/** The release each source-only version's table is taken from: the last of that series in CPython's history. */
const SOURCE_RELEASES: Readonly<Record<string, { full: string; commit: string; what: string }>> = {
  '3.0': { full: '3.0.1', commit: 'dfe91f471f', what: '"Bump to 3.0.1"' },
  '3.1': { full: '3.1.5', commit: '53db06fe91', what: '"bump to 3.1.5 final"' },
  '3.2': { full: '3.2.6', commit: '81f0f4f307', what: '"Bump to 3.2.6"' },
  '3.3': { full: '3.3.6', commit: '76a7a3f13f', what: '"Bump to 3.3.6"' },
  '3.4': { full: '3.4.5', commit: '6f603cd164', what: '"Version bump for 3.4.5 final."' },
  '3.5': { full: '3.5.2', commit: 'e06ae7067a', what: '"Version number bump for 3.5.2 final."' },
};
const SOURCE_FILES = ['Lib/opcode.py', 'Lib/dis.py', 'Include/marshal.h', 'Python/compile.c', 'Include/opcode.h',
  'Objects/unicodetype_db.h', 'Objects/unicodectype.c'];
/**
 * Where 2.7's stack effects are read (its `dis` has none): `Python/compile.c` and `Include/opcode.h` of the 2.7
 * branch, the newest commit of it in the history this script is given. The effects are checked against native
 * 2.7.18's own `co_stacksize` over its stdlib (packages/python/test/stack-check-old.test.ts).
 */
const COMPILE_C_27 = { commit: 'b863cab897', what: '2.7 branch, "Merge heads", 2015-04-13' };
/** Which native interpreter runs the sources of 3.0–3.5 (the oldest Python 3 here). */
const SOURCE_HOST = '3.6';

type Table = Record<string, unknown> & { version: string; fullVersion: string; magic: number | null; nonPrintable: number[] };

function run(exe: string, args: string[]): Table {
  const r = spawnSync(exe, [EXTRACT, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${exe} ${EXTRACT} ${args.join(' ')} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as Table;
}

function need(version: string): string {
  const py = findNativePython(version);
  if (!py) throw new Error(`no native CPython ${version} (looked at ${nativeSearchPlaces(version)})`);
  return py.executable;
}

/** The last magic number CPython's history (the generated magic-history.ts) gives `version`. */
function lastMagicOf(version: string): number {
  const text = readFileSync(path.join(TABLES_DIR, 'magic-history.ts'), 'utf8');
  const ms = [...text.matchAll(/\[\s*(\d+),\s*"(\d+\.\d+)"/g)].filter((m) => m[2] === version).map((m) => Number(m[1]))
    .filter((m) => m < 20000);
  if (!ms.length) throw new Error(`no magic number of ${version} in MAGIC_HISTORY`);
  return Math.max(...ms);
}

/** The fields of OpcodeTableData in the order extract_tables.py writes them (Python 2's dicts have no order). */
const FIELD_ORDER = ['version', 'fullVersion', 'magic', 'marshalVersion', 'cacheTag', 'haveArgument', 'extendedArg', 'opname',
  'pseudo', 'hasarg', 'hasconst', 'hasname', 'hasjrel', 'hasjabs', 'haslocal', 'hascompare', 'hasfree', 'hasnargs', 'deopt',
  'cacheEntries', 'cacheFormat', 'cmpOp', 'nbOps', 'intrinsic1', 'intrinsic2', 'specialMethods', 'commonConstants',
  'functionFlags', 'formatValueConverters', 'compilerFlagNames', 'stackEffects', 'nonPrintable'];

function write(raw: Table, from: string): void {
  const extra = Object.keys(raw).filter((k) => !FIELD_ORDER.includes(k));
  if (extra.length) throw new Error(`unexpected fields ${extra.join(', ')} from ${from}`);
  const t = Object.fromEntries(FIELD_ORDER.filter((k) => k in raw).map((k) => [k, raw[k]])) as Table;
  const file = `cpython-${t.version.replace('.', '')}.ts`;
  writeFileSync(path.join(TABLES_DIR, file), generatedHeader(SCRIPT, from) + tableModuleBody(t));
  console.log(`wrote ${file}`);
}

/** Writes `files` of commit `commit` of the git directory `git` into `dir` (by base name); their paths there. */
function gitFiles(git: string, commit: string, files: readonly string[], dir: string): string[] {
  return files.map((f) => {
    const r = spawnSync('git', ['--git-dir', git, 'show', `${commit}:${f}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`git show ${commit}:${f} failed: ${r.stderr}`);
    const out = path.join(dir, path.basename(f));
    writeFileSync(out, r.stdout);
    return out;
  });
}

function main(): void {
  const args = process.argv.slice(2);
  let git: string | undefined;
  const versions: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--cpython-git') git = args[++i];
    else versions.push(args[i]!);
  }
  const all = [...NATIVE_ORACLE_VERSIONS, ...Object.keys(SOURCE_RELEASES)];
  const list = versions.length ? versions : all;
  for (const v of list) if (!all.includes(v)) throw new Error(`unknown version ${v} (${all.join(', ')})`);
  for (const v of list) {
    const release = SOURCE_RELEASES[v];
    if (!release && v !== '2.7') {
      const t = run(need(v), []);
      if (t.version !== v) throw new Error(`the native interpreter for ${v} says it is ${t.version}`);
      write(t, `CPython ${t.fullVersion}'s own opcode and dis modules (native)`);
      continue;
    }
    if (!release) {
      // 2.7: its own opcode and dis modules, and the stack effects of its compile.c.
      if (!git) throw new Error('2.7\'s stack effects come from CPython\'s sources: give --cpython-git DIR (a .git directory of CPython\'s history)');
      const dir = mkdtempSync(path.join(os.tmpdir(), 'cpython-2.7-'));
      try {
        const files = gitFiles(git, COMPILE_C_27.commit, ['Python/compile.c', 'Include/opcode.h'], dir);
        const t = run(need(v), ['--compile-c', files[0]!, '--opcode-h', files[1]!]);
        if (t.version !== v) throw new Error(`the native interpreter for ${v} says it is ${t.version}`);
        write(t, `CPython ${t.fullVersion}'s own opcode and dis modules (native); stack effects from Python/compile.c of the ` +
          `${COMPILE_C_27.what} (commit ${COMPILE_C_27.commit})`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      continue;
    }
    if (!git) throw new Error(`${v} comes from CPython's sources: give --cpython-git DIR (a .git directory of CPython's history)`);
    const dir = mkdtempSync(path.join(os.tmpdir(), `cpython-${v}-`));
    try {
      gitFiles(git, release.commit, SOURCE_FILES, dir);
      const t = run(need(SOURCE_HOST), ['--source', v, release.full, dir,
        '--compile-c', path.join(dir, 'compile.c'), '--opcode-h', path.join(dir, 'opcode.h'),
        '--unicode-db', path.join(dir, 'unicodetype_db.h'), '--unicodectype', path.join(dir, 'unicodectype.c')]);
      t.magic = lastMagicOf(v);
      write(t, `CPython ${release.full}'s Lib/opcode.py, Lib/dis.py, Include/marshal.h, Python/compile.c (stack effects) and ` +
        `Objects/unicodetype_db.h (printability) (commit ${release.commit}, ${release.what}); magic number from MAGIC_HISTORY.`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  writeFinalMagic(SCRIPT);
}

try {
  main();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
