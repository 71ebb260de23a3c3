/**
 * Our side of `npm run bench`, in a process of its own (so that its peak memory is ours alone), driven line by
 * line so that its passes can alternate with the reference's:   node bench-ours.js DIR
 *   stdin "pass"          -> one timed pass of `readPyc` + `disassembleToText` over every `.pyc` of DIR (read
 *                            into memory first), single-threaded; prints {"seconds": s, "chars": n}
 *   stdin "stats"         -> prints {"files": n, "bytes": n, "maxrssKb": peak memory so far}
 *   stdin "compare REF"   -> compares each file's text with REF/NAME.txt, written by CPython's `dis`
 *                            (py/bench_ref.py), after normalizeDis; prints a {@link Comparison}
 *   stdin "quit"          -> exits
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { disassembleToText, getVersion, readPyc } from '@bytescope/core';
import { firstDifference, normalizeDis } from './compare.js';
import { isMainScript } from './main-script.js';

/** One timed pass. */
export interface PassResult { readonly seconds: number; readonly chars: number }

/** The corpus and our peak memory. */
export interface OursStats { readonly files: number; readonly bytes: number; readonly maxrssKb: number }

/** Files compared with the reference, and those whose text differed (the first few, with the first difference). */
export interface Comparison {
  readonly compared: number;
  readonly different: number;
  readonly differences: { file: string; line: number; expected: string; actual: string }[];
}

/** Our disassembly of the `.pyc` files of one directory. */
export class OursBench {
  private readonly names: string[];
  private readonly data: Uint8Array[];

  constructor(dir: string) {
    this.names = readdirSync(dir).filter((f) => f.endsWith('.pyc')).sort();
    this.data = this.names.map((f) => new Uint8Array(readFileSync(path.join(dir, f))));
  }

  /** One timed pass over every file. */
  pass(): PassResult {
    const t0 = performance.now();
    let chars = 0;
    for (const b of this.data) {
      const pyc = readPyc(b);
      const v = getVersion(pyc.version);
      if (!v) throw new Error(`no tables for ${pyc.version}`);
      chars += disassembleToText(pyc.code, v).length;
    }
    return { seconds: (performance.now() - t0) / 1000, chars };
  }

  stats(): OursStats {
    return { files: this.names.length, bytes: this.data.reduce((a, b) => a + b.length, 0), maxrssKb: process.resourceUsage().maxRSS };
  }

  /** Compares every file's text with the reference's in `refDir`. */
  compare(refDir: string): Comparison {
    const differences: Comparison['differences'] = [];
    let different = 0;
    for (let i = 0; i < this.names.length; i++) {
      const pyc = readPyc(this.data[i]!);
      const ours = normalizeDis(disassembleToText(pyc.code, getVersion(pyc.version)!));
      const ref = normalizeDis(decodeSurrogatepass(readFileSync(path.join(refDir, this.names[i]!.slice(0, -4) + '.txt'))));
      const d = firstDifference(ref, ours);
      if (d) {
        different++;
        if (differences.length < 5) differences.push({ file: this.names[i]!, ...d });
      }
    }
    return { compared: this.names.length, different, differences };
  }
}

/**
 * UTF-8 text as Python writes it with `errors="surrogatepass"`: lone surrogates (in string constants) are
 * encoded as three bytes `ED A0..BF xx`, which a standard decoder would replace.
 */
export function decodeSurrogatepass(b: Uint8Array): string {
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

if (isMainScript(import.meta.url)) {
  const bench = new OursBench(process.argv[2]!);
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const [cmd, arg] = [line.split(' ')[0], line.slice(line.indexOf(' ') + 1)];
    if (cmd === 'pass') process.stdout.write(JSON.stringify(bench.pass()) + '\n');
    else if (cmd === 'stats') process.stdout.write(JSON.stringify(bench.stats()) + '\n');
    else if (cmd === 'compare') process.stdout.write(JSON.stringify(bench.compare(arg)) + '\n');
    else if (cmd === 'quit') rl.close();
  });
}
