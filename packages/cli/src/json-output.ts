/** `--format json` of `bytescope dis`: the core's JSON model of each input (docs/json-schema.md), and its writing. */
import { toJsonModel, type BytescopeJson, type DisOptions, type PycFile } from '@bytescope/core';

/**
 * The JSON document for one input. Its instructions are made when first read (`lazyInstructions`), so that
 * {@link writeJsonDocument} holds one code object's instructions at a time.
 */
export function toJsonOutput(name: string, pyc: PycFile, opts: DisOptions): BytescopeJson & { file: string } {
  return { file: name, ...toJsonModel(pyc, { depth: opts.depth, maxOutputChars: opts.maxOutputChars, lazyInstructions: true }) };
}

/** `JSON.stringify(value, null, 1)` for a value whose first line is indented `level` spaces. */
function stringifyAt(value: unknown, level: number): string {
  const text = JSON.stringify(value, null, 1);
  return level ? text.replace(/\n/g, '\n' + ' '.repeat(level)) : text;
}

/**
 * Writes `doc` as `JSON.stringify(doc, null, 1)` would, byte for byte, its first line indented `level` spaces (1 for
 * an element of the array of several documents), in pieces: each element of its `code_objects` array is
 * stringified on its own and then dropped from the document, so that writing a large file's document never holds
 * its whole text, nor all its instructions, at once. `doc` is consumed: its `code_objects` are emptied.
 */
export function writeJsonDocument(doc: object, level: number, write: (text: string) => void): void {
  const pad = (n: number) => ' '.repeat(n);
  const entries = Object.entries(doc).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (!entries.length) { write('{}'); return; }
  write('{');
  entries.forEach(([key, value], i) => {
    write(`${i ? ',' : ''}\n${pad(level + 1)}${JSON.stringify(key)}: `);
    if (key === 'code_objects' && Array.isArray(value) && value.length) {
      const list = value as unknown[];
      write('[');
      for (let k = 0; k < list.length; k++) {
        write(`${k ? ',' : ''}\n${pad(level + 2)}${stringifyAt(list[k], level + 2)}`);
        list[k] = null; // written: let it go
      }
      write(`\n${pad(level + 1)}]`);
    } else write(stringifyAt(value, level + 1));
  });
  write(`\n${pad(level)}}`);
}

/** About how many characters of JSON text one piece holds. */
const PIECE = 1 << 16;

/** {@link writeJsonDocument} into UTF-8 pieces of about 64 KB. */
export function jsonPieces(doc: object, level: number): Uint8Array[] {
  const encoder = new TextEncoder();
  const out: Uint8Array[] = [];
  writeJsonPieces(doc, level, (piece) => out.push(encoder.encode(piece)));
  return out;
}

/** {@link writeJsonDocument}, its small writes gathered into pieces of about 64 K characters. */
export function writeJsonPieces(doc: object, level: number, write: (text: string) => void): void {
  let pending: string[] = [];
  let size = 0;
  writeJsonDocument(doc, level, (t) => {
    pending.push(t);
    size += t.length;
    if (size >= PIECE) { write(pending.join('')); pending = []; size = 0; }
  });
  if (size) write(pending.join(''));
}
