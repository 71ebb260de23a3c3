/**
 * The import graph of every package's sources has no cycles (type-only imports included): each module can be read,
 * tested and moved on its own, and a bundler's evaluation order never matters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const IMPORT = /(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** Every `.ts` file below `dir`. */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The relative imports of each file, resolved to files (`.js` specifiers name `.ts` sources). */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const deps: string[] = [];
    for (const m of readFileSync(f, 'utf8').matchAll(IMPORT)) {
      const target = path.resolve(path.dirname(f), m[1]!).replace(/\.js$/, '.ts');
      if (existsSync(target)) deps.push(target);
    }
    graph.set(f, deps);
  }
  return graph;
}

/** One cycle of the graph as a list of files, or undefined (depth-first search with colours). */
function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (v: string): string[] | undefined => {
    state.set(v, 1);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      const s = state.get(w);
      if (s === 1) return [...stack.slice(stack.indexOf(w)), w];
      if (s === undefined) {
        const c = visit(w);
        if (c) return c;
      }
    }
    stack.pop();
    state.set(v, 2);
    return undefined;
  };
  for (const v of graph.keys()) {
    if (state.has(v)) continue;
    const c = visit(v);
    if (c) return c;
  }
  return undefined;
}

test('the cycle finder finds a cycle and accepts a tree', () => {
  assert.deepEqual(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]])), ['a', 'b', 'c', 'a']);
  assert.equal(findCycle(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]])), undefined);
});

for (const pkg of ['core', 'python', 'cli', 'web']) {
  test(`packages/${pkg}/src has no import cycles`, () => {
    const files = sources(path.join(repo, 'packages', pkg, 'src'));
    assert.ok(files.length > 10, `too few sources found in packages/${pkg}/src (${files.length})`);
    const graph = importGraph(files);
    const edges = [...graph.values()].reduce((n, d) => n + d.length, 0);
    assert.ok(edges > files.length / 2, `too few imports resolved in packages/${pkg}/src (${edges})`);
    const cycle = findCycle(graph);
    assert.equal(cycle, undefined, `import cycle: ${cycle?.map((f) => path.relative(repo, f)).join(' → ')}`);
  });
}
