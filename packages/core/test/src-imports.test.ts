/**
 * The shipped library (`packages/core/src`) runs in Node and in browsers and has no dependencies: no module of it may
 * import a Node built-in (`node:fs`, or `fs` without the prefix), a package, or anything outside `src/` (the fuzz
 * harness and the test kit live beside it, in `fuzz/` and `testkit/`, and must stay out of what ships).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { repoRoot } from '../testkit/corpora.js';

const SRC = path.join(repoRoot, 'packages/core/src');

/** Every `.ts` file below `dir`. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** The module specifiers of `text`: `import … from`, `export … from`, `import '…'`, `import('…')`, `require('…')`. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  // A static import or re-export: the statement's start, an import clause of names, braces, commas and `* as`, then
  // the specifier; or a dynamic import or require anywhere.
  const re = /^\s*(?:import|export)\s+(?:type\s+)?(?:[\w$*{}\s,]*?\s*from\s*)?['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const m of text.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

/** What is wrong with `spec`, imported by `file`, or null. */
function problem(file: string, spec: string): string | null {
  const bare = spec.replace(/^node:/, '');
  if (spec.startsWith('node:') || builtinModules.includes(bare)) return 'a Node built-in';
  if (!spec.startsWith('.')) return 'a package (the core has no dependencies)';
  const target = path.resolve(path.dirname(file), spec);
  if (path.relative(SRC, target).startsWith('..')) return `outside src/ (${path.relative(repoRoot, target)})`;
  return null;
}

test('packages/core/src imports no Node built-in, no package and nothing outside src/', () => {
  const files = sources(SRC);
  assert.ok(files.length >= 40, `only ${files.length} source files in ${SRC}`);
  const bad: string[] = [];
  let count = 0;
  for (const f of files) {
    for (const spec of specifiers(fs.readFileSync(f, 'utf8'))) {
      count++;
      const why = problem(f, spec);
      if (why) bad.push(`${path.relative(repoRoot, f)}: '${spec}' is ${why}`);
    }
  }
  assert.ok(count >= 100, `only ${count} imports found: the scan is broken`);
  assert.deepEqual(bad, []);
});

test('the scan sees every form of import', () => {
  const text = `import fs from 'node:fs';\nimport {\n  a,\n  type B,\n} from "path";\nexport { b } from './x.js';\nexport * from './y.js';\nimport type { T } from 'util';\n` +
    `import 'node:process';\nconst w = await import('node:worker_threads');\nrequire("os");\nconst s = 'to ' + x + ' from ' + y;\nexport const z = a ? b : c; // from 'nowhere'`;
  assert.deepEqual(specifiers(text), ['node:fs', 'path', './x.js', './y.js', 'util', 'node:process', 'node:worker_threads', 'os']);
  const f = path.join(SRC, 'pyc/read-pyc.ts');
  assert.deepEqual(['node:fs', 'fs', 'pyodide', '../../fuzz/run.js', '../../testkit/index.js', '../errors.js'].map((s) => problem(f, s) === null),
    [false, false, false, false, false, true]);
});
