/**
 * Our side of `npm run bench`, in a process of its own (so that its peak memory is ours alone):
 *   node bench-ours.js DIR RUNS [REF_DIR]
 * Reads every `.pyc` of DIR into memory, then times RUNS passes of `readPyc` + `disassembleToText` over all of
 * them, single-threaded. Afterwards (untimed) it compares each file's text with REF_DIR/NAME.txt, written by
 * CPython's `dis` (py/bench_ref.py), after normalizeDis. Prints a {@link OursResult} as JSON.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { disassembleToText, getVersion, readPyc } from '@bytescope/core';
import { firstDifference, normalizeDis } from './compare.js';

/** What one measurement of our side found. */
export interface OursResult {
  readonly files: number;
  readonly bytes: number;
  /** Characters of text produced in one pass. */
  readonly chars: number;
  /** Seconds per pass. */
  readonly times: number[];
  /** Peak resident memory of the process after the timed passes, in KB. */
  readonly maxrssKb: number;
  /** Files compared with the reference, and those whose text differed (the first few, with the first difference). */
  readonly compared: number;
  readonly different: number;
  readonly differences: { file: string; line: number; expected: string; actual: string }[];
}

/** Times our disassembly of the `.pyc` files of `dir`. */
export function measureOurs(dir: string, runs: number, refDir?: string): OursResult {
  const names = readdirSync(dir).filter((f) => f.endsWith('.pyc')).sort();
  const data = names.map((f) => new Uint8Array(readFileSync(path.join(dir, f))));
  const pass = (): number => {
    let chars = 0;
    for (const b of data) {
      const pyc = readPyc(b);
      const v = getVersion(pyc.version);
      if (!v) throw new Error(`no tables for ${pyc.version}`);
      chars += disassembleToText(pyc.code, v).length;
    }
    return chars;
  };
  const times: number[] = [];
  let chars = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    chars = pass();
    times.push((performance.now() - t0) / 1000);
  }
  const maxrssKb = process.resourceUsage().maxRSS;
  let compared = 0;
  const differences: OursResult['differences'] = [];
  let different = 0;
  if (refDir) {
    for (let i = 0; i < names.length; i++) {
      const pyc = readPyc(data[i]!);
      const ours = normalizeDis(disassembleToText(pyc.code, getVersion(pyc.version)!));
      const ref = normalizeDis(decodeSurrogatepass(readFileSync(path.join(refDir, names[i]!.slice(0, -4) + '.txt'))));
      compared++;
      const d = firstDifference(ref, ours);
      if (d) {
        different++;
        if (differences.length < 5) differences.push({ file: names[i]!, ...d });
      }
    }
  }
  return { files: names.length, bytes: data.reduce((a, b) => a + b.length, 0), chars, times, maxrssKb, compared, different, differences };
}

/**
 * UTF-8 text as Python writes it with `errors="surrogatepass"`: lone surrogates (in string constants) are
 * encoded as three bytes `ED A0..BF xx`, which a standard decoder would replace.
 */
function decodeSurrogatepass(b: Uint8Array): string {
  const utf8 = new TextDecoder();
  let out = '';
  let from = 0;
  for (let i = 0; i + 2 < b.length; i++) {
    if (b[i] === 0xed && b[i + 1]! >= 0xa0 && b[i + 1]! <= 0xbf && (b[i + 2]! & 0xc0) === 0x80) {
      out += utf8.decode(b.subarray(from, i)) + String.fromCharCode(0xd000 | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f));
      from = i + 3;
      i += 2;
    }
  }
  return out + utf8.decode(b.subarray(from));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, runs, ref] = process.argv.slice(2);
  process.stdout.write(JSON.stringify(measureOurs(dir!, Number(runs ?? 5), ref)) + '\n');
}
