/**
 * The control-flow analysis against the text listing, on the same `.pyc` files in one Node process: per pass,
 * `readPyc` + `disassembleToText` over all files, and `readPyc` + `decodeCode` + `buildCfg` + `computeStackDepths`
 * over every code object of all files (and `readPyc` + `decodeCode` alone, to show the analysis' own share). Files
 * are read into memory first; 2 warm-up passes, then the median of 5.
 *   npm run build && node packages/python/dist/scripts/bench-cfg.js DIR...   (default: the golden stdlibs in .cache)
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { buildCfg, computeStackDepths, decodeCode, disassembleToText, getVersion, readPyc, type CodeObject, type VersionInfo } from '@bytescope/core';
import { goldenRoot } from '../src/golden.js';
import { pycFilesBelow } from '../src/stack-check.js';

function codesOf(root: CodeObject): CodeObject[] {
  const out: CodeObject[] = [];
  const stack = [root];
  while (stack.length) {
    const c = stack.pop()!;
    out.push(c);
    for (const k of c.consts) if (k.type === 'code') stack.push(k.code);
  }
  return out;
}

function bench(label: string, files: readonly Uint8Array[]): void {
  const version = (b: Uint8Array): { code: CodeObject; v: VersionInfo } => {
    const pyc = readPyc(b);
    return { code: pyc.code, v: getVersion(pyc.version)! };
  };
  const passes = {
    text: () => { let n = 0; for (const b of files) { const { code, v } = version(b); n += disassembleToText(code, v).length; } return n; },
    decode: () => { let n = 0; for (const b of files) { const { code, v } = version(b); for (const c of codesOf(code)) n += decodeCode(c, v).instructions.length; } return n; },
    analysis: () => {
      let n = 0;
      for (const b of files) { const { code, v } = version(b); for (const c of codesOf(code)) n += computeStackDepths(buildCfg(decodeCode(c, v), v), v).max; }
      return n;
    },
  };
  const times: Record<keyof typeof passes, number[]> = { text: [], decode: [], analysis: [] };
  for (let r = 0; r < 7; r++) {
    for (const k of Object.keys(passes) as (keyof typeof passes)[]) {
      const t = performance.now();
      passes[k]();
      if (r >= 2) times[k].push(performance.now() - t);
    }
  }
  const med = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  const t = med(times.text), d = med(times.decode), a = med(times.analysis);
  const mb = files.reduce((s, b) => s + b.length, 0) / 1e6;
  console.log(`${label}: ${files.length} files, ${mb.toFixed(1)} MB; text ${t.toFixed(0)} ms; read+decode ${d.toFixed(0)} ms; ` +
    `read+decode+CFG+depth ${a.toFixed(0)} ms = ${(a / t).toFixed(2)}x the text (CFG+depth alone ${(a - d).toFixed(0)} ms = ${((a - d) / t).toFixed(2)}x)`);
}

const dirs = process.argv.slice(2);
const targets = dirs.length ? dirs : existsSync(goldenRoot())
  ? readdirSync(goldenRoot()).filter((d) => /^3\.\d+-1-0-[0-9a-f]+$/.test(d)).sort().map((d) => path.join(goldenRoot(), d)) : [];
if (!targets.length) console.error('bench-cfg: no directories (give some, or run npm run test:golden first)');
for (const dir of targets) {
  // A whole Python installation holds every module three times (plain, -O, -OO) and the test suite: keep plain.
  const files = pycFilesBelow(dir).filter((f) => !f.includes('.opt-') && !/\/(test|tests|site-packages|idlelib)\//.test(f));
  bench(path.basename(dir), files.map((f) => new Uint8Array(readFileSync(f))));
}
